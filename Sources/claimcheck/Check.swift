import ArgumentParser
import ClaimCheckKit
import Foundation

enum OutputFormat: String, ExpressibleByArgument, CaseIterable {
    case text, json, jsonl, sarif, junit, github, claimreview, html
}

extension InputFormat: ExpressibleByArgument {}
extension Severity: ExpressibleByArgument {}

struct Check: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Check articles and print a verdict for each questionable claim.",
        discussion: """
        PATH is a file, a folder (searched for .html, .htm, .md, .markdown and .txt
        files) or - for standard input. Settings come from the nearest
        .claimcheck.yml above each input; options given here win.

        Formats: text (compiler-style), json (one object, or an array for several
        inputs), jsonl (one report a line), sarif (code scanning), junit (CI test
        reports), github (Actions annotations), claimreview (schema.org JSON-LD),
        html (an annotated page).

        Examples:
          claimcheck check draft.md
          claimcheck check site/ --format json > report.json
          claimcheck check page.html --regions body,comments --fail-on warning
          claimcheck check site/ --format sarif --output claimcheck.sarif
          claimcheck check site/ --baseline .claimcheck-baseline.json
          claimcheck check page.html --format html --output report.html

        Suppress one finding with a reason, in an HTML or Markdown comment:
          <!-- claimcheck-disable-next-line certainty.proven -- quoted to rebut it -->
        """
    )

    @OptionGroup var input: InputOptions

    @Option(help: "Output format: text, json, jsonl, sarif, junit, github, claimreview or html.")
    var format: OutputFormat = .text

    @Option(name: .shortAndLong, help: ArgumentHelp("Write the output to this file instead of standard output (the exit code is the same).", valueName: "file"))
    var output: String?

    @Option(help: ArgumentHelp("Lowest severity shown in text output: info, warning or error.", valueName: "level"))
    var show: Severity = .info

    @Option(help: ArgumentHelp("Only findings not in this baseline fail the gate (default: the config's baseline).", valueName: "file"))
    var baseline: String?

    @Flag(help: "With a baseline: also fail when baselined findings are gone, so the baseline shrinks.")
    var strictBaseline = false

    @Option(help: ArgumentHelp("Organisation named as the author of ClaimReview output (default: the config's organisation).", valueName: "name"))
    var organisation: String?

    func run() throws {
        // Text streams as each document is checked, unless a baseline (given here or
        // by the config) must be applied to the whole run first.
        let configBaseline = (input.config ?? input.paths.first.flatMap(Configuration.find(forInput:)))
            .flatMap { try? Configuration.load(path: $0) }?.baseline
        let streamText = format == .text && output == nil && baseline == nil && configBaseline == nil
        var streamed = ""
        var run = try CheckRun.run(input, keepText: format == .html) { report in
            guard format == .text else { return }
            let text = TextReporter(minimumSeverity: show).render(report)
            if streamText { print(text, terminator: "") } else { streamed += text }
        }
        if let path = baseline ?? run.primary.baseline {
            let loaded: Baseline
            do { loaded = try Baseline.load(path: path) } catch {
                FileHandle.standardError.write(Data((error.description + "\n").utf8))
                throw ExitCode(2)
            }
            loaded.apply(to: &run.reports, strict: strictBaseline)
            if format == .text { streamed = run.reports.map { TextReporter(minimumSeverity: show).render($0) }.joined() }
        }
        let rendered: String
        switch format {
        case .text: rendered = streamText ? "" : streamed
        case .json: rendered = JSONReporter().render(run.reports, asArray: run.reports.count > 1 || input.paths.count > 1)
        case .jsonl: rendered = run.reports.map { JSONReporter().line($0) }.joined()
        case .sarif:
            let catalog = try run.catalog ?? input.location.loadChecker(configuration: run.primary).catalog
            rendered = SARIFReporter(catalog: catalog).render(run.reports)
        case .junit: rendered = JUnitReporter().render(run.reports)
        case .github: rendered = GitHubReporter().render(run.reports)
        case .claimreview:
            rendered = ClaimReviewReporter(organisation: organisation ?? run.primary.organisation ?? "ClaimCheck").render(run.reports)
        case .html: rendered = HTMLReporter().render(run.reports)
        }
        if let output {
            do { try Data(rendered.utf8).write(to: URL(fileURLWithPath: output)) } catch {
                FileHandle.standardError.write(Data("claimcheck: cannot write \(output): \(error.localizedDescription)\n".utf8))
                throw ExitCode(2)
            }
        } else if !rendered.isEmpty {
            print(rendered, terminator: "")
        }
        if run.unreadable { throw ExitCode(2) }
        if run.reports.contains(where: { $0.gate == .fail }) { throw ExitCode(1) }
    }
}

/// A path to read, or standard input.
struct InputFile {
    var path: InputPath
    /// Found by searching a folder (so a config's `ignore` applies), not named by the user.
    var foundInFolder = false
    /// Why it cannot be read, when that was known while finding it (a folder that cannot be listed).
    var problem: InputError?

    var isStandardInput: Bool { path.bytes == Array("-".utf8) }
    var displayPath: String { isStandardInput ? "<stdin>" : path.display }
    /// The path as text, for finding its config and matching `ignore` globs.
    var text: String { path.lossyString }

    /// The files the paths name: folders searched recursively (a subfolder that
    /// cannot be listed is an input that could not be read, not a silence).
    static func expand(_ paths: [String]) -> [InputFile] {
        var files: [InputFile] = []
        for argument in paths {
            let path = RawArguments.path(for: argument)
            if argument == "-" { files.append(InputFile(path: path)); continue }
            switch InputFileReader.inspect(path) {
            case .success(.folder):
                for entry in FolderWalker.walk(path) {
                    if let error = entry.error {
                        files.append(InputFile(path: entry.path, foundInFolder: true, problem: error))
                    } else if InputFormat.fromExtension(of: entry.relativeString) != nil {
                        files.append(InputFile(path: entry.path, foundInFolder: true))
                    }
                }
            case .success(.regular), .failure:
                files.append(InputFile(path: path))   // one that cannot be read is reported, and the rest go on
            }
        }
        return files
    }

    func read(maximumBytes: Int) -> Result<[UInt8], InputError> {
        if let problem { return .failure(problem) }
        guard isStandardInput else { return InputFileReader(maximumBytes: maximumBytes).read(path) }
        let bytes = [UInt8](FileHandle.standardInput.readDataToEndOfFile())
        if bytes.count > maximumBytes { return .failure(ByteSize.overLimit(path: displayPath, size: bytes.count, limit: maximumBytes)) }
        return .success(bytes)
    }
}
