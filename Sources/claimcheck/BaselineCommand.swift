import ArgumentParser
import ClaimCheckKit
import Foundation

struct BaselineCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "baseline",
        abstract: "Record a site's current findings so that only new ones fail the gate.",
        subcommands: [Create.self]
    )

    struct Create: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Write the current findings to a baseline file.",
            discussion: """
            Findings are keyed by file, rule and normalised claim text, not by line,
            so edits above a finding do not bring it back.

            Examples:
              claimcheck baseline create site/
              claimcheck baseline create site/ --output ci/claimcheck-baseline.json
              claimcheck site/ --baseline .claimcheck-baseline.json     then gate on new findings only
            """
        )

        @OptionGroup var input: InputOptions

        @Option(name: .shortAndLong, help: ArgumentHelp("Where to write the baseline.", valueName: "file"))
        var output: String = ".claimcheck-baseline.json"

        func run() throws {
            var run = try CheckRun(input, session: input.session())
            var findings: [Baseline.Entry] = []
            try run.run(format: input.inputFormat) { findings += Baseline.entries(of: $0) }
            let baseline = Baseline(findings: findings)
            do { try baseline.encoded().write(to: URL(fileURLWithPath: output)) } catch {
                FileHandle.standardError.write(Data("claimcheck: cannot write \(output): \(error.localizedDescription)\n".utf8))
                throw ExitCode(2)
            }
            let files = Set(baseline.findings.map(\.source)).count
            print("\(baseline.findings.count) findings in \(files) file\(files == 1 ? "" : "s") written to \(output)")
            if run.unreadable { throw ExitCode(2) }
        }
    }
}
