import ArgumentParser
import ClaimCheckKit
import Foundation

enum OutputFormat: String, ExpressibleByArgument, CaseIterable { case text, json }

extension InputFormat: ExpressibleByArgument {}
extension Severity: ExpressibleByArgument {}

struct Check: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Check articles and print a verdict for each questionable claim.",
        discussion: """
        PATH is a file, a folder (searched for .html, .htm, .md, .markdown and .txt
        files) or - for standard input.

        Examples:
          claimcheck check draft.md
          claimcheck check site/ --format json > report.json
          claimcheck check page.html --regions body,comments --fail-on warning
        """
    )

    @Argument(help: ArgumentHelp("Files, folders, or - for standard input.", valueName: "path"))
    var paths: [String]

    @Option(help: "Output format: text or json.")
    var format: OutputFormat = .text

    @Option(help: ArgumentHelp("Read inputs as html, markdown or text instead of guessing from the extension.", valueName: "format"))
    var inputFormat: InputFormat?

    @Option(help: ArgumentHelp("Fail the gate (exit 1) on verdicts at or above this severity: error, warning, or never.", valueName: "level"))
    var failOn: String = "error"

    @Option(help: ArgumentHelp("Regions whose verdicts can fail the gate, comma-separated: body, comments, related.", valueName: "list"))
    var regions: String = "body"

    @Option(help: ArgumentHelp("Lowest severity shown in text output: info, warning or error.", valueName: "level"))
    var show: Severity = .info

    @OptionGroup var location: RulesLocation

    func validate() throws {
        guard ["error", "warning", "info", "never"].contains(failOn) else {
            throw ValidationError("--fail-on takes error, warning, info or never (got '\(failOn)')")
        }
        for region in regions.split(separator: ",") where Region(rawValue: region.trimmingCharacters(in: .whitespaces)) == nil {
            throw ValidationError("--regions takes body, comments, related (got '\(region)')")
        }
    }

    func run() throws {
        let gate = GatePolicy(failOn: failOn == "never" ? nil : Severity(rawValue: failOn),
                              regions: Set(regions.split(separator: ",").compactMap { Region(rawValue: $0.trimmingCharacters(in: .whitespaces)) }))
        let checker = try location.loadChecker(gate: gate)
        let inputs: [InputFile]
        do { inputs = try InputFile.expand(paths) } catch {
            FileHandle.standardError.write(Data("claimcheck: \(error)\n".utf8))
            throw ExitCode(2)
        }
        if inputs.isEmpty {
            FileHandle.standardError.write(Data("claimcheck: no .html, .md or .txt files found in \(paths.joined(separator: " "))\n".utf8))
            throw ExitCode(2)
        }
        var reports: [Report] = []
        var unreadable = false
        for input in inputs {
            let report: Report
            switch input.read() {
            case .success(let bytes): report = checker.check(bytes, source: input.displayPath, format: inputFormat)
            case .failure(let error): report = Report.inputError(error, format: inputFormat)
            }
            if report.error != nil {
                unreadable = true
                FileHandle.standardError.write(Data("\(report.source): error: \(report.error!)\n".utf8))
            }
            if format == .text, report.error == nil { print(TextReporter(minimumSeverity: show).render(report), terminator: "") }
            reports.append(report)
        }
        if format == .json { print(JSONReporter().render(reports, asArray: inputs.count > 1 || paths.count > 1), terminator: "") }
        if unreadable { throw ExitCode(2) }
        if reports.contains(where: { $0.gate == .fail }) { throw ExitCode(1) }
    }
}

/// A path to read, or standard input.
struct InputFile {
    var path: String
    var displayPath: String { path == "-" ? "<stdin>" : path }

    static let extensions: Set<String> = ["html", "htm", "xhtml", "md", "markdown", "txt", "text"]

    static func expand(_ paths: [String]) throws -> [InputFile] {
        var files: [InputFile] = []
        let fileManager = FileManager.default
        for path in paths {
            if path == "-" { files.append(InputFile(path: "-")); continue }
            var isDirectory: ObjCBool = false
            guard fileManager.fileExists(atPath: path, isDirectory: &isDirectory) else {
                files.append(InputFile(path: path)); continue   // reported as unreadable, the rest go on
            }
            if isDirectory.boolValue {
                let found = (fileManager.enumerator(atPath: path)?.allObjects as? [String] ?? [])
                    .filter { extensions.contains(($0 as NSString).pathExtension.lowercased()) }
                    .sorted()
                files += found.map { InputFile(path: (path as NSString).appendingPathComponent($0)) }
            } else {
                files.append(InputFile(path: path))
            }
        }
        return files
    }

    func read() -> Result<[UInt8], InputError> {
        if path == "-" { return .success([UInt8](FileHandle.standardInput.readDataToEndOfFile())) }
        guard FileManager.default.fileExists(atPath: path) else {
            return .failure(InputError(path: path, message: "no such file; check the path"))
        }
        guard let data = FileManager.default.contents(atPath: path) else {
            return .failure(InputError(path: path, message: "cannot be read; check its permissions"))
        }
        return .success([UInt8](data))
    }
}
