import Foundation
@testable import ClaimCheckKit

/// The repository root, found from this file's path.
let repositoryRoot: String = {
    var url = URL(fileURLWithPath: #filePath)
    for _ in 0..<3 { url.deleteLastPathComponent() }
    return url.path
}()

/// The project's rules and registry, loaded once for all tests.
let sharedChecker: ClaimChecker = {
    do { return try ClaimChecker.load(rulesFolder: repositoryRoot + "/Rules") } catch { fatalError("rules do not load: \(error)") }
}()

/// The same rules with those off by default turned on, for tests of those rules.
let everyRuleChecker: ClaimChecker = sharedChecker.withEveryRuleEnabled()

/// The project's rules weighing every page, health or not: for tests of the
/// machinery (positions, bounds) on synthetic text with no words of health.
let everyTopicChecker: ClaimChecker = {
    var checker = sharedChecker
    checker.weighsEveryTopic = true
    return checker
}()

func check(_ text: String, format: InputFormat, name: String = "test", checker: ClaimChecker = sharedChecker) -> Report {
    checker.check(Array(text.utf8), source: name, format: format)
}

func fixturePath(_ name: String) -> String { repositoryRoot + "/Fixtures/" + name }

/// The built `claimcheck`, beside the test bundle: the one built with the tests'
/// own scratch path (`--scratch-path .build-audit` tests .build-audit's claimcheck,
/// not whatever .build holds).
let builtTool: String? = {
    var candidates: [String] = []
    #if os(Linux)
    // On Linux the tests run as an executable `….xctest`, not listed among the bundles.
    if let runner = try? FileManager.default.destinationOfSymbolicLink(atPath: "/proc/self/exe") {
        candidates.append((runner as NSString).deletingLastPathComponent + "/claimcheck")
    }
    #endif
    if let bundle = Bundle.allBundles.first(where: { $0.bundlePath.hasSuffix(".xctest") }) {
        candidates.append((bundle.bundlePath as NSString).deletingLastPathComponent + "/claimcheck")
    }
    candidates.append(repositoryRoot + "/.build/debug/claimcheck")
    return candidates.first { FileManager.default.isExecutableFile(atPath: $0) }
}()

/// What a run of the tool gave: its exit status, standard output and standard error.
struct ToolRun { var status: Int32; var output: String; var errors: String }

/// Runs `tool` (the built `claimcheck` unless given) with `arguments` in `folder`
/// (this process's own when nil), feeding `stdin` if given, with `environment`
/// changing this process's own (a nil value unsets the variable).
func runTool(_ arguments: [String], in folder: String? = nil, stdin: String? = nil, environment: [String: String?] = [:],
             tool: String? = nil) throws -> ToolRun {
    guard let tool = tool ?? builtTool else { throw ToolMissing() }
    let process = Process()
    process.executableURL = URL(fileURLWithPath: tool)
    process.arguments = arguments
    if let folder { process.currentDirectoryURL = URL(fileURLWithPath: folder) }
    if !environment.isEmpty {
        var merged = ProcessInfo.processInfo.environment
        for (name, value) in environment { merged[name] = value }
        process.environment = merged
    }
    let out = Pipe(), err = Pipe(), input = Pipe()
    process.standardOutput = out
    process.standardError = err
    process.standardInput = input
    try process.run()
    if let stdin { input.fileHandleForWriting.write(Data(stdin.utf8)) }
    try input.fileHandleForWriting.close()
    let output = PipeReader(out.fileHandleForReading), errors = PipeReader(err.fileHandleForReading)
    process.waitUntilExit()
    return ToolRun(status: process.terminationStatus, output: String(decoding: output.wait(), as: UTF8.self),
                   errors: String(decoding: errors.wait(), as: UTF8.self))
}

/// Reads a pipe to its end on a thread of its own. A tool's standard output and
/// error are read side by side: read one after the other, a tool writing more than
/// a pipe holds (64 KB) to the second would block, and the test with it.
final class PipeReader: @unchecked Sendable {
    private var data = Data()
    private let done = DispatchSemaphore(value: 0)

    init(_ handle: FileHandle) {
        Thread { [self] in
            data = handle.readDataToEndOfFile()
            done.signal()
        }.start()
    }

    /// The pipe's bytes, once its writer has closed it.
    func wait() -> Data {
        done.wait()
        return data
    }
}

struct ToolMissing: Error, CustomStringConvertible {
    var description: String { "build claimcheck first (swift build)" }
}
