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

/// Runs the built tool with `arguments` in `folder`, feeding `stdin` if given, with
/// `environment` added to this process's own.
func runTool(_ arguments: [String], in folder: String, stdin: String? = nil, environment: [String: String] = [:]) throws -> ToolRun {
    guard let tool = builtTool else { throw ToolMissing() }
    let process = Process()
    process.executableURL = URL(fileURLWithPath: tool)
    process.arguments = arguments
    process.currentDirectoryURL = URL(fileURLWithPath: folder)
    if !environment.isEmpty { process.environment = ProcessInfo.processInfo.environment.merging(environment) { $1 } }
    let out = Pipe(), err = Pipe(), input = Pipe()
    process.standardOutput = out
    process.standardError = err
    process.standardInput = input
    try process.run()
    if let stdin { input.fileHandleForWriting.write(Data(stdin.utf8)) }
    try input.fileHandleForWriting.close()
    // Standard error is read on a thread of its own: read after standard output, a
    // tool writing more than a pipe holds (64 KB) to it would block, and so would the test.
    let errorsRead = PipeReader(err.fileHandleForReading)
    let output = out.fileHandleForReading.readDataToEndOfFile()
    let errors = errorsRead.wait()
    process.waitUntilExit()
    return ToolRun(status: process.terminationStatus, output: String(decoding: output, as: UTF8.self),
                   errors: String(decoding: errors, as: UTF8.self))
}

/// Reads a pipe to its end on a thread of its own.
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
