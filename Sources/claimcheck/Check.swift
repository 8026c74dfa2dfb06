import ArgumentParser
import ClaimCheckKit
import Foundation

extension ReportFormat: ExpressibleByArgument {}
extension InputFormat: ExpressibleByArgument {}
extension Severity: ExpressibleByArgument {}

struct Check: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Check articles and print a verdict for each questionable claim.",
        discussion: """
        PATH is a file, a folder (searched recursively for documents) or - for
        standard input. Settings come from the nearest .claimcheck.yml above
        each input; options given here win.

        Documents in folders: \(InputFormat.folderExtensions).

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
    var format: ReportFormat = .text

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
        let session = input.session(keepsArticleText: format.needsArticleText)
        let configBaseline: String?
        do { configBaseline = try session.configuration(at: session.configPath(forInput: input.paths.first ?? ".")).baseline } catch {
            FileHandle.standardError.write(Data((error.description + "\n").utf8))
            throw ExitCode(2)
        }
        let textReporter = TextReporter(minimumSeverity: show)
        let streamText = format == .text && output == nil && baseline == nil && configBaseline == nil
        var run = try CheckRun.run(input, session: session) { report in
            if streamText { print(textReporter.render(report), terminator: "") }
        }
        if let path = baseline ?? run.primary.baseline {
            let loaded: Baseline
            do { loaded = try Baseline.load(path: path) } catch {
                FileHandle.standardError.write(Data((error.description + "\n").utf8))
                throw ExitCode(2)
            }
            loaded.apply(to: &run.reports, strict: strictBaseline)
        }
        var settings = ReporterSettings(minimumSeverity: show, asArray: run.reports.count > 1 || input.paths.count > 1,
                                        organisation: organisation ?? run.primary.organisation ?? "ClaimCheck")
        if format.needsCatalog {
            do { settings.catalog = try run.session.catalog(configPath: run.session.configPath(forInput: input.paths.first ?? ".")) } catch {
                FileHandle.standardError.write(Data((error.description + "\n").utf8))
                throw ExitCode(2)
            }
        }
        let rendered = streamText ? "" : format.reporter(settings).render(run.reports)
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
