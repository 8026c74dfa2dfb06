import ArgumentParser
import ClaimCheckDefaultRules
import ClaimCheckKit
import Foundation

@main
struct ClaimCheckCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "claimcheck",
        abstract: "Flag the claims in health articles that a careful editor would question.",
        discussion: """
        Reads HTML pages, Markdown drafts and plain text, finds efficacy and safety
        claims, quotes, statistics and tables, weighs them against the evidence
        registry, and prints a verdict for each: supported, overstated, contradicted,
        unsupported or unverifiable.

        Examples:
          claimcheck draft.md                       check a draft
          claimcheck content/ --format json         every page in a folder, as JSON
          cat page.html | claimcheck - --input-format html
          claimcheck --fail-on warning post.html    fail the gate on warnings too
          claimcheck site/ --format sarif --output claimcheck.sarif
          claimcheck page.html --format html --output report.html
          claimcheck baseline create site/          adopt the gate on an existing site
          claimcheck rules test                     run every rule's own examples
          claimcheck registry show minoxidil        print one registry entry
          claimcheck serve                          the JSON and LanguageTool APIs on 127.0.0.1:8080

        Rules: --rules FOLDER, else $CLAIMCHECK_RULES, else ./Rules, else the Rules
        folder of the checkout claimcheck was built in, else the rules and registry
        built into the binary (`claimcheck rules export FOLDER` writes those out, to
        start a team's own rules from the defaults).

        Exit codes: 0 gate passed, 1 gate failed, 2 usage, rule or registry
        error, or an input that could not be read.
        """,
        subcommands: [Check.self, ExtractCommand.self, ClassifyCommand.self, AuditCommand.self, SummaryCommand.self, BaselineCommand.self, RulesCommand.self, RegistryCommand.self, LSPCommand.self,
                      ServeCommand.self, AuditWorkerSubcommand.self],
        defaultSubcommand: Check.self
    )

    /// Runs the command with ClaimCheck's exit codes: usage mistakes exit 2
    /// (ArgumentParser's default is 64), like rule and input errors.
    static func main() {
        do {
            var command = try parseAsRoot()
            try command.run()
        } catch {
            let code = exitCode(for: error)
            if code == .validationFailure {
                FileHandle.standardError.write(Data((fullMessage(for: error) + "\n").utf8))
                Foundation.exit(2)
            }
            exit(withError: error)
        }
    }
}

/// Options every command shares: where the rules live.
struct RulesLocation: ParsableArguments {
    @Option(name: .long, help: ArgumentHelp(
        "Folder of rule files, verdicts.yml, lexicon.yml, registry/ and domains/ (default: $CLAIMCHECK_RULES, else ./Rules, else the rules built into claimcheck).",
        valueName: "folder"))
    var rules: String?

    /// --rules, then $CLAIMCHECK_RULES, then ./Rules, then the Rules folder of the
    /// checkout the tool was built in, then the rules built into the binary.
    func resolve() -> String {
        DefaultRules.resolve(explicit: rules, checkouts: DefaultRules.foldersAboveExecutable)
    }

    func loadChecker(configuration: Configuration = Configuration(), gate: GatePolicy = GatePolicy()) throws -> ClaimChecker {
        do {
            return try ClaimChecker.load(rulesFolder: resolve(), configuration: configuration, gate: gate)
        } catch {
            FileHandle.standardError.write(Data((error.description + "\n").utf8))
            throw ExitCode(2)
        }
    }
}
