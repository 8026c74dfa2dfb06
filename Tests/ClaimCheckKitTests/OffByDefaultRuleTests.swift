import Foundation
import Testing
@testable import ClaimCheckKit

/// Rules that ship off (`enabled: false`) stay silent until a site turns them on
/// with `enable:`, and their examples are still tested.
struct OffByDefaultRuleTests {
    static let sentence = "This is the most powerful remedy known to science."

    func superlative(_ report: Report) -> [String] {
        report.verdicts.flatMap(\.reasons).filter { $0.rule == "certainty.superlative" }.map(\.message)
    }

    @Test func anOffRuleIsSilentByDefault() throws {
        let rule = try #require(sharedChecker.book.rule("certainty.superlative"))
        #expect(rule.enabled == false)
        #expect(superlative(check(Self.sentence, format: .text)) == [])
        #expect(superlative(check(Self.sentence, format: .text, checker: everyRuleChecker))
                == ["“the most powerful” claims a treatment beats every other; name the comparison and its source"])
    }

    @Test func enableInTheConfigTurnsItOn() throws {
        let path = try TemporaryFolder("enable").write("site/.claimcheck.yml", "enable: [certainty.superlative]\n")
        let checker = try ClaimChecker.load(rulesFolder: repositoryRoot + "/Rules", configuration: try Configuration.load(path: path), gate: GatePolicy())
        #expect(checker.book.rule("certainty.superlative")?.enabled == true)
        #expect(checker.book.rule("study.animal-as-human")?.enabled == false)
        #expect(superlative(check(Self.sentence, format: .text, checker: checker)).count == 1)
    }

    @Test func disableWinsOverEnable() throws {
        let path = try TemporaryFolder("enable").write("site/.claimcheck.yml", "enable: [study.*]\ndisable: [study.animal-as-human]\n")
        let checker = try ClaimChecker.load(rulesFolder: repositoryRoot + "/Rules", configuration: try Configuration.load(path: path), gate: GatePolicy())
        #expect(checker.book.rule("study.animal-as-human")?.enabled == false)
        #expect(checker.book.rule("study.causal-from-observational")?.enabled == true)
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
