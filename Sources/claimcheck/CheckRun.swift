import ArgumentParser
import ClaimCheckKit
import Foundation

/// Options shared by `check` and `baseline create`: what to read and how to judge it.
struct InputOptions: ParsableArguments {
    @Argument(help: ArgumentHelp("Files, folders, or - for standard input.", valueName: "path"))
    var paths: [String]

    @Option(help: ArgumentHelp("Read inputs as html, markdown or text instead of guessing from the extension.", valueName: "format"))
    var inputFormat: InputFormat?

    @Option(help: ArgumentHelp("Fail the gate (exit 1) on verdicts at or above this severity: error, warning, info, or never. Default: the config's fail-on, else error.", valueName: "level"))
    var failOn: String?

    @Option(help: ArgumentHelp("Regions whose verdicts can fail the gate, comma-separated: body, comments, related. Default: the config's regions, else body.", valueName: "list"))
    var regions: String?

    @Option(help: ArgumentHelp("Use this config file instead of the nearest .claimcheck.yml above each input.", valueName: "file"))
    var config: String?

    @Option(help: ArgumentHelp("Refuse inputs larger than this (e.g. 512K, 64M, 2G, or bytes) with an input error; default 64M.", valueName: "size"))
    var maxSize: String?

    /// The size limit in bytes (validated).
    var maximumBytes: Int { maxSize.flatMap(ByteSize.parse) ?? DocumentExtractor().maximumBytes }

    @OptionGroup var location: RulesLocation

    func validate() throws {
        if let failOn, !["error", "warning", "info", "never"].contains(failOn) {
            throw ValidationError("--fail-on takes error, warning, info or never (got '\(failOn)')")
        }
        for region in (regions ?? "body").split(separator: ",") {
            let name = region.trimmingCharacters(in: .whitespaces)
            if Region(rawValue: name) == nil || name == "boilerplate" {
                throw ValidationError("--regions takes body, comments, related (got '\(name)')")
            }
        }
        if let maxSize, ByteSize.parse(maxSize) == nil { throw ValidationError(ByteSize.usage(got: maxSize)) }
    }
}

/// Checks a set of inputs: finds each one's config, loads one checker per config,
/// and returns the reports in input order.
struct CheckRun {
    var reports: [Report] = []
    var configurations: [String: Configuration] = [:]
    /// The config of the first input (for settings that apply to the whole run).
    var primary = Configuration()
    /// The rules of the first checker (for the SARIF rule list), so they are not compiled twice.
    var catalog: RuleCatalog?
    var unreadable = false

    /// Runs the check; `each` sees every report as soon as it is made (for streaming output).
    static func run(_ options: InputOptions, keepText: Bool = false, each: (Report) -> Void = { _ in }) throws -> CheckRun {
        var run = CheckRun()
        var checkers: [String: ClaimChecker] = [:]
        let inputs = InputFile.expand(options.paths)
        var isFirst = true
        for input in inputs {
            let configPath = options.config ?? Configuration.find(forInput: input.isStandardInput ? "-" : input.text)
            let configuration: Configuration
            if let configPath {
                if let cached = run.configurations[configPath] { configuration = cached } else {
                    do { configuration = try Configuration.load(path: configPath) } catch {
                        FileHandle.standardError.write(Data((error.description + "\n").utf8))
                        throw ExitCode(2)
                    }
                    run.configurations[configPath] = configuration
                }
            } else {
                configuration = Configuration()
            }
            if isFirst { run.primary = configuration; isFirst = false }
            if input.foundInFolder, configuration.ignores(input.text) { continue }
            let key = configPath ?? ""
            let checker: ClaimChecker
            if let cached = checkers[key] { checker = cached } else {
                let failOn = options.failOn ?? configuration.failOn ?? "error"
                let regions = options.regions.map { $0.split(separator: ",").compactMap { Region(rawValue: $0.trimmingCharacters(in: .whitespaces)) } }
                    ?? configuration.regions ?? [.body]
                let gate = GatePolicy(failOn: failOn == "never" ? nil : Severity(rawValue: failOn), regions: Set(regions))
                var loaded = try options.location.loadChecker(configuration: configuration, gate: gate)
                loaded.keepsArticleText = keepText
                loaded.extractor.maximumBytes = options.maximumBytes
                checker = loaded
                checkers[key] = checker
                if run.catalog == nil { run.catalog = checker.catalog }
            }
            let report: Report
            switch input.read(maximumBytes: options.maximumBytes) {
            case .success(let bytes): report = checker.check(bytes, source: input.displayPath, format: options.inputFormat)
            case .failure(let error): report = Report.inputError(error, format: options.inputFormat)
            }
            if let error = report.error {
                run.unreadable = true
                FileHandle.standardError.write(Data("\(report.source): error: \(error)\n".utf8))
            }
            run.reports.append(report)
            each(report)
        }
        if inputs.isEmpty {
            FileHandle.standardError.write(Data("claimcheck: no .html, .md or .txt files found in \(options.paths.joined(separator: " "))\n".utf8))
            throw ExitCode(2)
        }
        return run
    }
}
