import ClaimCheckKit
import Foundation
#if canImport(Glibc)
import Glibc
#endif

/// The settings a run and its workers share (passed to a worker on its command line).
struct RunSettings: Sendable {
    var seed: UInt64 = 0
    var familySpec = "all"
    var rulesFolder = ""
    var seedFolders: [String] = []
    var largeFraction = 0.03
    var maximumBytes = 4 << 20
    var maximumClaimBytes = 65_536
    var maximumRSSMegabytes = 1024
    /// Every Nth document also goes through every reporter, the JSON comparison and a second check.
    var deepEvery = 128

    var workerArguments: [String] {
        ["--seed", String(seed), "--families", familySpec, "--rules", rulesFolder, "--large-fraction", String(largeFraction),
         "--max-bytes", String(maximumBytes), "--max-claim-bytes", String(maximumClaimBytes),
         "--max-rss-mb", String(maximumRSSMegabytes), "--deep-every", String(deepEvery)]
            + seedFolders.flatMap { ["--seeds", $0] }
    }

    mutating func parse(_ arguments: inout CommandArguments) throws {
        if let value = try arguments.uint64("--seed") { seed = value }
        if let value = arguments.string("--families") { familySpec = value }
        rulesFolder = Checkout.rulesFolder(arguments.string("--rules"))
        seedFolders = arguments.strings("--seeds")
        if seedFolders.isEmpty { seedFolders = [Checkout.fixturesFolder()] }
        if let value = try arguments.double("--large-fraction") { largeFraction = value }
        if let value = try arguments.int("--max-bytes") { maximumBytes = value }
        if let value = try arguments.int("--max-claim-bytes") { maximumClaimBytes = value }
        if let value = try arguments.int("--max-rss-mb") { maximumRSSMegabytes = value }
        if let value = try arguments.int("--deep-every") { deepEvery = max(1, value) }
    }

    /// The rules compiled once, the fixtures loaded once.
    func load() throws -> (FamilyTable, DocumentGenerator, InvariantChecker) {
        let table = FamilyTable(try Family.parseSpec(familySpec))
        let context = try GeneratorContext.load(folders: seedFolders, largeFraction: largeFraction, maximumBytes: maximumBytes)
        let checker: ClaimChecker
        do { checker = try ClaimChecker.load(rulesFolder: rulesFolder) } catch {
            throw FuzzError("rules in \(rulesFolder) do not load:\n\(error)")
        }
        return (table, DocumentGenerator(context: context),
                InvariantChecker(checker: checker, maximumClaimBytes: maximumClaimBytes, maximumRSSMegabytes: maximumRSSMegabytes))
    }
}

/// Worker mode: the runner re-executes itself as `claimcheck-fuzz worker …`,
/// reads `B START COUNT` lines on standard input, makes and checks those
/// documents, and writes one result line per document to standard output,
/// flushed at once, so that when it crashes the supervisor knows which
/// document did it. Exits 3 (to be restarted) when its memory peak passes the bound.
enum Worker {
    static func run(_ settings: RunSettings) -> Never {
        let loaded: (FamilyTable, DocumentGenerator, InvariantChecker)
        do { loaded = try settings.load() } catch {
            FileHandle.standardError.write(Data("claimcheck-fuzz worker: \(error)\n".utf8))
            exit(2)
        }
        let (table, generator, checker) = loaded
        // On the main thread, where the Swift runtime's crash handler has its
        // alternate signal stack and so prints a backtrace even for a stack overflow.
        exit(loop(settings, table, generator, checker))
    }

    private static func loop(_ settings: RunSettings, _ table: FamilyTable, _ generator: DocumentGenerator, _ checker: InvariantChecker) -> Int32 {
        while let line = readLine() {
            let parts = line.split(separator: " ")
            guard parts.first == "B", parts.count == 3, let start = UInt64(parts[1]), let count = UInt64(parts[2]) else { return 0 }
            for index in start..<(start + count) {
                let family = table.family(seed: settings.seed, index: index)
                let document = generator.make(seed: settings.seed, index: index, family: family)
                let outcome = checker.check(document.bytes, format: document.format, source: "fuzz-\(index).\(document.format.fileExtension)",
                                            deep: index % UInt64(settings.deepEvery) == 0)
                var result = "R \(index) \(Int(outcome.seconds * 1e9)) \(document.bytes.count) \(outcome.verdicts) \(outcome.longestClaim) \(outcome.peakRSSKilobytes)"
                for violation in outcome.violations {
                    result += "\t" + violation.replacingOccurrences(of: "\t", with: " ").replacingOccurrences(of: "\n", with: " ")
                }
                result += "\n"
                writeAll(1, Array(result.utf8))
                if outcome.peakRSSKilobytes > settings.maximumRSSMegabytes * 1024 { return 3 }
            }
        }
        return 0
    }

    /// Gives the main thread the 8 MB stack the audit's worker threads have,
    /// whatever `ulimit -s` says, by setting the limit and executing itself again.
    static func ensureStack() {
        let wanted: rlim_t = 8 << 20
        var limit = rlimit()
        guard getrlimit(__rlimit_resource_t(RLIMIT_STACK.rawValue), &limit) == 0, limit.rlim_cur != wanted,
              limit.rlim_max >= wanted,
              ProcessInfo.processInfo.environment["CLAIMCHECK_FUZZ_STACK_SET"] == nil else { return }
        limit.rlim_cur = wanted
        guard setrlimit(__rlimit_resource_t(RLIMIT_STACK.rawValue), &limit) == 0 else { return }
        setenv("CLAIMCHECK_FUZZ_STACK_SET", "1", 1)
        let argv = CommandLine.arguments.map { strdup($0) } + [nil]
        execv("/proc/self/exe", argv)
    }

    static func writeAll(_ fd: Int32, _ bytes: [UInt8]) {
        bytes.withUnsafeBytes { buffer in
            var offset = 0
            while offset < buffer.count {
                let written = write(fd, buffer.baseAddress! + offset, buffer.count - offset)
                if written < 0 { if errno == EINTR { continue }; return }
                offset += written
            }
        }
    }
}
