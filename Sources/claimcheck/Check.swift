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
        let session = input.session(keepsArticleText: format.needsArticleText)
        var run = try CheckRun(input, session: session)
        var baselineMatcher: Baseline.Matcher?
        if let path = baseline ?? run.primary.baseline {
            do { baselineMatcher = Baseline.Matcher(try Baseline.load(path: path), strict: strictBaseline) } catch {
                FileHandle.standardError.write(Data((error.description + "\n").utf8))
                throw ExitCode(2)
            }
        }
        var settings = ReporterSettings(minimumSeverity: show, asArray: run.inputs.count > 1 || input.paths.count > 1,
                                        organisation: organisation ?? run.primary.organisation ?? "ClaimCheck")
        if format.needsCatalog {
            do { settings.catalog = try session.catalog(configPath: session.configPath(forInput: input.paths.first ?? ".")) } catch {
                FileHandle.standardError.write(Data((error.description + "\n").utf8))
                throw ExitCode(2)
            }
        }
        // Formats that stream are written report by report as the documents are
        // checked (memory stays flat over any number of them); the others, from
        // every report at the end.
        let reporter = format.reporter(settings)
        let sink = try OutputSink(path: output)
        var kept: [Report] = []
        var count = 0, fails = false
        if reporter.streams { sink.write(reporter.streamHeader()) }
        do {
            try run.run(format: input.inputFormat) { checked in
                var report = checked
                baselineMatcher?.apply(to: &report)
                fails = fails || report.gate == .fail
                if reporter.streams {
                    sink.write(reporter.streamPiece(report, index: count))
                    sink.flush()
                } else {
                    kept.append(report)
                }
                count += 1
            }
        } catch {
            sink.abandon()
            throw error
        }
        sink.write(reporter.streams ? reporter.streamFooter(count: count) : reporter.render(kept))
        try sink.finish()
        if run.unreadable { throw ExitCode(2) }
        if fails { throw ExitCode(1) }
    }
}
