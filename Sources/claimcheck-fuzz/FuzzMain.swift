// claimcheck-fuzz: a seeded, deterministic mutation runner for ClaimCheckKit.
//
//   claimcheck-fuzz run [--seconds 60 | --count N] [--seed S] [--families all|name[=weight],…] [--jobs 1]
//                       [--time-limit 2] [--findings .fuzz-findings] [--rules Rules] [--seeds Fixtures] …
//   claimcheck-fuzz replay --seed S --index I --family F     one document, in-process (a crash prints its backtrace)
//   claimcheck-fuzz generate --seed S --index I --family F [--output FILE]
//   claimcheck-fuzz check FILE… [--format html|markdown|text] the invariants on files, in-process
//   claimcheck-fuzz families                                 the families and their default weights
//
// Documents are checked in worker processes (the runner re-executing itself),
// so a crash is caught, its input saved, the worker restarted and the run goes on.
import ClaimCheckKit
import Foundation
#if canImport(Glibc)
import Glibc
#endif

let usage = """
usage: claimcheck-fuzz run [options]           generate and check documents in worker processes
       claimcheck-fuzz replay --seed S --index I [--family F | --families SPEC] [--save FILE]
       claimcheck-fuzz generate --seed S --index I [--family F | --families SPEC] [--output FILE]
       claimcheck-fuzz check FILE... [--format html|markdown|text]
       claimcheck-fuzz families

run options:
  --seconds N          run for N seconds (default 60)
  --count N            check exactly N documents (indices --start .. start+N-1) instead
  --start I            first index (default 0)
  --seed S             the run's seed (default: from the clock; always printed)
  --families SPEC      all | ordinary | pathological | name[=weight],... (default all)
  --jobs N             worker processes (default 1)
  --time-limit S       an input is slow past S seconds of check (default 2)
  --hang-limit S       a worker silent for S seconds is killed (default max(10, 5 x time limit))
  --findings DIR       where crashing, slow and violating inputs are saved (default .fuzz-findings)
  --max-saved N        inputs saved per kind of finding (default 25)
  --strict             invariant violations fail the run too (crashes, hangs, slow inputs always do)
  --progress S         a progress line every S seconds (default 10)
  --rules DIR          rules folder (default $CLAIMCHECK_RULES, ./Rules, or the checkout's Rules/)
  --seeds DIR          seed documents (.html, .md, .txt; repeatable; default the checkout's Fixtures/)
  --large-fraction F   share of pathological documents drawn at full size (default 0.03)
  --max-bytes N        no document longer than N bytes (default 4194304)
  --max-claim-bytes N  a verdict's claim longer than N bytes is a violation (default 65536)
  --max-rss-mb N       a worker's peak memory over N MB is a violation (default 1024)
  --deep-every N       every Nth document also goes through every reporter, the Codable JSON
                       comparison and a second check (default 128)
Exit status: 0 no crash, hang or slow input (and, with --strict, no invariant violation),
1 otherwise, 2 usage or setup error.
"""

struct FuzzMain {
    static func main() {
        var arguments = CommandArguments(Array(CommandLine.arguments.dropFirst()))
        let command = arguments.remaining.first ?? "--help"
        if ["--help", "-h", "help"].contains(command) { print(usage); exit(0) }
        arguments = CommandArguments(Array(arguments.remaining.dropFirst()))
        if ["worker", "replay", "check"].contains(command) { Worker.ensureStack() }
        do {
            switch command {
            case "run": exit(try run(&arguments))
            case "worker":
                var settings = RunSettings()
                try settings.parse(&arguments)
                _ = try arguments.finish(allowPositional: false)
                Worker.run(settings)
            case "replay", "generate": exit(try replay(&arguments, check: command == "replay"))
            case "check": exit(try checkFiles(&arguments))
            case "families":
                for family in Family.allCases {
                    print(pad(family.rawValue, 13) + pad(String(family.defaultWeight), 4, right: true) + "  " + family.summary)
                }
                exit(0)
            default: throw FuzzError("unknown command `\(command)`\n\n\(usage)")
            }
        } catch {
            FileHandle.standardError.write(Data("claimcheck-fuzz: \(error)\n".utf8))
            exit(2)
        }
    }

    static func run(_ arguments: inout CommandArguments) throws -> Int32 {
        var options = RunOptions()
        if let value = try arguments.double("--seconds") { options.seconds = value }
        if let value = try arguments.uint64("--count") { options.count = value; options.seconds = nil }
        if let value = try arguments.uint64("--start") { options.startIndex = value }
        if let value = try arguments.int("--jobs") { options.jobs = max(1, value) }
        if let value = try arguments.double("--time-limit") { options.timeLimit = value }
        if let value = try arguments.double("--hang-limit") { options.hangLimit = value }
        if let value = arguments.string("--findings") { options.findings = value }
        if let value = try arguments.int("--max-saved") { options.maximumSaved = value }
        if let value = try arguments.double("--progress") { options.progressEvery = value }
        options.strict = arguments.flag("--strict")
        options.settings.seed = UInt64(Date().timeIntervalSince1970 * 1000) % 1_000_000_000
        try options.settings.parse(&arguments)
        _ = try arguments.finish(allowPositional: false)
        return try Supervisor(options: options).run()
    }

    /// One document made again from seed, index and family, checked in this process.
    static func replay(_ arguments: inout CommandArguments, check: Bool) throws -> Int32 {
        var settings = RunSettings()
        guard let seed = try arguments.uint64("--seed"), let index = try arguments.uint64("--index") else {
            throw FuzzError("give --seed and --index (both are printed with every finding)")
        }
        let familyName = arguments.string("--family")
        let output = arguments.string("--output") ?? arguments.string("--save")
        let timeLimit = try arguments.double("--time-limit") ?? 2
        try settings.parse(&arguments)
        settings.seed = seed
        _ = try arguments.finish(allowPositional: false)
        let family: Family
        if let familyName {
            guard let named = Family(rawValue: familyName) else { throw FuzzError("unknown family `\(familyName)`") }
            family = named
        } else {
            family = FamilyTable(try Family.parseSpec(settings.familySpec)).family(seed: seed, index: index)
        }
        let context = try GeneratorContext.load(folders: settings.seedFolders, largeFraction: settings.largeFraction, maximumBytes: settings.maximumBytes)
        let document = DocumentGenerator(context: context).make(seed: seed, index: index, family: family)
        if let output {
            if output == "-" { FileHandle.standardOutput.write(Data(document.bytes)) }
            else { _ = FileManager.default.createFile(atPath: output, contents: Data(document.bytes)) }
        }
        let description = "\(family.rawValue) #\(index) (seed \(seed)): \(document.format.rawValue), \(document.bytes.count) bytes: \(document.note)"
        if !check {
            FileHandle.standardError.write(Data((description + "\n").utf8))
            return 0
        }
        print(description)
        fflush(nil)
        let (_, _, checker) = try settings.load()
        return report(checker.check(document.bytes, format: document.format, source: "fuzz-\(index).\(document.format.fileExtension)", deep: true),
                      timeLimit: timeLimit)
    }

    static func checkFiles(_ arguments: inout CommandArguments) throws -> Int32 {
        var settings = RunSettings()
        let formatName = arguments.string("--format")
        let timeLimit = try arguments.double("--time-limit") ?? 2
        try settings.parse(&arguments)
        let paths = try arguments.finish(allowPositional: true)
        guard !paths.isEmpty else { throw FuzzError("name the files to check") }
        var format: InputFormat?
        if let formatName {
            guard let named = InputFormat(rawValue: formatName) else { throw FuzzError("--format is html, markdown or text") }
            format = named
        }
        let (_, _, checker) = try settings.load()
        var status: Int32 = 0
        for path in paths {
            guard let data = FileManager.default.contents(atPath: path) else { throw FuzzError("cannot read \(path)") }
            let bytes = [UInt8](data)
            let chosen = format ?? InputFormat.detect(path: path, bytes: bytes)
            print("\(path): \(chosen.rawValue), \(bytes.count) bytes")
            fflush(nil)
            status = max(status, report(checker.check(bytes, format: chosen, source: path, deep: true), timeLimit: timeLimit))
        }
        return status
    }

    static func report(_ outcome: CheckOutcome, timeLimit: Double) -> Int32 {
        print(String(format: "  check %.3f s, ", outcome.seconds)
              + "\(outcome.verdicts) verdicts, longest claim \(outcome.longestClaim) bytes, peak memory \(outcome.peakRSSKilobytes / 1024) MB")
        for violation in outcome.violations { print("  violation: \(violation)") }
        let slow = outcome.seconds > timeLimit
        if slow { print(String(format: "  slow: over the %.1f s limit", timeLimit)) }
        return outcome.violations.isEmpty && !slow ? 0 : 1
    }
}
