import Foundation
import Testing
@testable import ClaimCheckKit

/// Rules that ship off (`enabled: false`) stay silent until a site turns them on
/// with `enable:`, and their examples are still tested.
struct OffByDefaultRuleTests {
    static let sentence = "Experts say the patch ends migraines for good."

    func vagueResearch(_ report: Report) -> [String] {
        report.verdicts.flatMap(\.reasons).filter { $0.rule == "source.vague-research" }.map(\.message)
    }

    @Test func anOffRuleIsSilentByDefault() throws {
        let rule = try #require(sharedChecker.rules.rule("source.vague-research"))
        #expect(rule.enabled == false)
        #expect(vagueResearch(check(Self.sentence, format: .text)) == [])
        #expect(vagueResearch(check(Self.sentence, format: .text, checker: everyRuleChecker))
                == ["“Experts say” appeals to research or experts the text does not name"])
    }

    @Test func enableInTheConfigTurnsItOn() throws {
        let path = try TemporaryFolder("enable").write("site/.claimcheck.yml", "enable: [source.vague-research]\n")
        let checker = try ClaimChecker.load(rulesFolder: repositoryRoot + "/Rules", configuration: try Configuration.load(path: path), gate: GatePolicy())
        #expect(checker.rules.rule("source.vague-research")?.enabled == true)
        #expect(checker.rules.rule("certainty.superlative")?.enabled == false)
        #expect(vagueResearch(check(Self.sentence, format: .text, checker: checker)).count == 1)
    }

    @Test func disableWinsOverEnable() throws {
        let path = try TemporaryFolder("enable").write("site/.claimcheck.yml", "enable: [source.*]\ndisable: [source.vague-research]\n")
        let checker = try ClaimChecker.load(rulesFolder: repositoryRoot + "/Rules", configuration: try Configuration.load(path: path), gate: GatePolicy())
        #expect(checker.rules.rule("source.vague-research")?.enabled == false)
        #expect(checker.rules.rule("source.studies-show")?.enabled == true)
    }

    @Test func anUnknownEnabledRuleIsReportedAtItsEntry() throws {
        let path = try TemporaryFolder("enable").write("site/.claimcheck.yml", "enable:\n  - source.vague-reserch\n")
        let configuration = try Configuration.load(path: path)
        #expect(loadErrors(rulesFolder: repositoryRoot + "/Rules", configuration: configuration) == [
            ConfigurationError(file: path, line: 2, column: 5, message: "`enable` names unknown rule `source.vague-reserch`",
                               fix: "did you mean `source.vague-research`? see `claimcheck rules list` for the ids (or use `namespace.*`)"),
        ])
    }

    @Test func theExamplesOfOffRulesRun() {
        let outcome = RuleExampleRunner(checker: sharedChecker).run(only: ["certainty.superlative", "source.vague-research"])
        #expect(outcome.failures.isEmpty, "\(outcome.failures.map(\.description))")
        #expect(outcome.passed == 14)
    }
}
