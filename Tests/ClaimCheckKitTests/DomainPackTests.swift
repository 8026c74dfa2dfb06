import Foundation
import Testing
@testable import ClaimCheckKit

/// A domain pack added by a config: its evidence is weighed in documents on its
/// topic only, through its conditions' tree, with harm claims weighed as such,
/// and a config can turn it off.
struct DomainPackTests {
    static let pack: [(String, String)] = [
        ("packs/tonics/domain.yml", """
        name: Tonics
        description: Made-up tonics for the tests.
        topic:
          words: [tonic bar]

        """),
        ("packs/tonics/conditions.yml", """
        conditions:
          - {id: tiredness, name: tiredness, general: true, aliases: [tiredness, weariness]}
          - {id: lag-fog, name: lag fog, parent: tiredness, aliases: [lag fog]}
          - {id: eastward-lag-fog, name: eastward lag fog, parent: lag-fog, aliases: [eastward lag fog]}
          - {id: restless-nights, name: restless nights, parent: tiredness, aliases: [restless nights]}

        """),
        ("packs/tonics/organisations.yml", """
        organisations:
          - {id: tonic-board, name: Tonic Standards Board, kind: regulator, aliases: [Tonic Standards Board]}

        """),
        ("packs/tonics/interventions/zephyr-tonic.yml", """
        id: zephyr-tonic
        name: Zephyr tonic
        kind: product
        aliases: [Zephyr tonic]
        evidence:
          - {condition: tiredness, grade: limited, summary: One small open trial., cites: [trial-2020]}
          - {condition: lag-fog, grade: contradicted, summary: Two good trials found no effect., cites: [trial-2021]}
        harm-claims:
          - {effect: restless-nights, grade: contradicted, summary: A large trial found no more restless nights than placebo., cites: [trial-2021]}
        citations:
          - {id: trial-2020, title: An open trial, source: A journal, year: 2020}
          - {id: trial-2021, title: Two randomised trials, source: Another journal, year: 2021}

        """),
    ]

    func checker(config: String) throws -> (ClaimChecker, TemporaryFolder) {
        let folder = try TemporaryFolder("packs")
        for (path, text) in Self.pack { try folder.write(path, text) }
        let configPath = try folder.write(".claimcheck.yml", config)
        let checker = try ClaimChecker.load(rulesFolder: repositoryRoot + "/Rules", configuration: try Configuration.load(path: configPath),
                                            gate: GatePolicy())
        return (checker, folder)
    }

    func verdicts(_ text: String, _ checker: ClaimChecker) -> [String] {
        checker.check(Array(text.utf8), source: "t.txt", format: .text).verdicts
            .filter { $0.reasons.contains { $0.rule == "evidence.strength" } }
            .map { verdict in
                let reason = verdict.reasons.first { $0.rule == "evidence.strength" }!
                return "\(verdict.location.line) \(verdict.verdict.rawValue) \(verdict.evidence.map(\.id).joined(separator: ",")): \(reason.message)"
            }
    }

    @Test func aPackWeighsClaimsThroughItsConditionTreeAndItsHarmClaims() throws {
        let (checker, _) = try checker(config: "registry: [packs]\n")
        #expect(checker.registry.domains.map(\.id).contains("tonics"))
        let text = """
        Zephyr tonic is proven to cure eastward lag fog.

        Zephyr tonic causes restless nights, a parents' forum claims.

        Zephyr tonic does not cause restless nights.

        Zephyr tonic may help with weariness.

        """
        #expect(verdicts(text, checker) == [
            "1 contradicted zephyr-tonic: the text says it is proven (“proven”); the registry grades Zephyr tonic for lag fog as contradicted",
            "3 contradicted zephyr-tonic: the text says it causes restless nights (“causes”); the registry grades the claim that Zephyr tonic causes restless nights as contradicted",
            "5 supported zephyr-tonic: the text says it does not cause restless nights (“does not cause”); the registry grades the claim that Zephyr tonic causes restless nights as contradicted",
            "7 supported zephyr-tonic: the text says it may help (“may help with”); the registry grades Zephyr tonic for tiredness as limited",
        ])
    }

    /// An organisation of the registry credited with backing a treatment is weighed as a
    /// claim that it works: backing for one its entry contradicts is contradicted.
    @Test func anAuthorityCreditedWithBackingIsWeighed() throws {
        let (checker, _) = try checker(config: "registry: [packs]\n")
        let text = """
        The Tonic Standards Board recommends Zephyr tonic for lag fog.

        Zephyr tonic was approved by the Tonic Standards Board for lag fog.

        The Tonic Standards Board does not recommend Zephyr tonic for lag fog.

        """
        #expect(verdicts(text, checker) == [
            "1 contradicted zephyr-tonic: the text credits Tonic Standards Board with backing it (“recommends”); the registry grades Zephyr tonic for lag fog as contradicted",
            "3 contradicted zephyr-tonic: the text credits Tonic Standards Board with backing it (“approved”); the registry grades Zephyr tonic for lag fog as contradicted",
            "5 supported zephyr-tonic: the text says Tonic Standards Board does not back it (“recommend”); the registry grades Zephyr tonic for lag fog as contradicted",
        ])
    }

    /// Off its pack's topic an intervention is not weighed; a topic word puts the document on it.
    @Test func aPackIsWeighedOnlyOnItsTopic() throws {
        let (checker, _) = try checker(config: "registry: [packs]\n")
        #expect(verdicts("Zephyr tonic is proven to work.\n", checker) == [])
        #expect(verdicts("At the tonic bar, Zephyr tonic is proven to work.\n", checker) == [
            "1 overstated zephyr-tonic: the text says it is proven (“proven”); the registry grades Zephyr tonic for tiredness as limited",
        ])
    }

    /// A pack's own rules load with it and take their verdicts from its verdicts.yml; a
    /// pack cannot change a core rule's verdict, and its rules go when the pack is off.
    @Test func aPackCarriesRulesAndVerdictsOfItsOwn() throws {
        let rule = """
        rules:
          - id: tonics.cure
            kind: phrase
            summary: Jet lag said to be banished.
            message: "“{phrase}” claims a cure"
            phrases: [banishes jet lag]
            examples: {flag: ["Zephyr tonic {banishes jet lag}."], pass: ["Nothing banishes jet lag."]}

        """
        let (_, folder) = try checker(config: "registry: [packs]\n")
        try folder.write("packs/tonics/rules/certainty.yml", rule)
        try folder.write("packs/tonics/verdicts.yml", "signals:\n  tonics.cure: overstated warning\n")
        let config = try Configuration.load(path: folder.path + "/.claimcheck.yml")
        let checker = try ClaimChecker.load(rulesFolder: repositoryRoot + "/Rules", configuration: config, gate: GatePolicy())
        let report = checker.check(Array("The tonic bar says its drink banishes jet lag.\n".utf8), source: "t.txt", format: .text)
        #expect(report.verdicts.map { "\($0.verdict.rawValue) \($0.severity.rawValue) \($0.reasons.map(\.rule))" }
                == ["overstated warning [\"tonics.cure\"]"])
        let off = try folder.write(".claimcheck.yml", "registry: [packs]\ndisable-packs: [tonics]\n")
        let withoutPack = try ClaimChecker.load(rulesFolder: repositoryRoot + "/Rules", configuration: try Configuration.load(path: off), gate: GatePolicy())
        #expect(withoutPack.book.rule("tonics.cure") == nil)
        let verdicts = try folder.write("packs/tonics/verdicts.yml", "signals:\n  tonics.cure: overstated warning\n  certainty.cure: note\n")
        #expect(loadErrors(rulesFolder: repositoryRoot + "/Rules", configuration: config).map(\.description) == [
            "\(verdicts):3:3: error: `certainty.cure` already has a verdict in Rules/verdicts.yml\n  fix: give the pack's rule an id of its own, or change the verdict in Rules/verdicts.yml",
        ])
    }

    /// A pack's own examples test its data: a flag sentence must be weighed at its span,
    /// citing one of the pack's interventions; a pass sentence must not be weighed.
    @Test func aPacksExamplesRunWithTheRuleExamples() throws {
        let (_, folder) = try checker(config: "registry: [packs]\n")
        let domain = try folder.write("packs/tonics/domain.yml", """
        name: Tonics
        examples:
          flag:
            - "Zephyr tonic is {proven} to cure lag fog."
            - "Zephyr tonic {may help with} weariness."
            - "Zephyr tonic is sold in {cans}."
          pass:
            - "Does Zephyr tonic cure lag fog?"
            - "Zephyr tonic is proven to cure lag fog."

        """)
        let config = try Configuration.load(path: folder.path + "/.claimcheck.yml")
        let checker = try ClaimChecker.load(rulesFolder: repositoryRoot + "/Rules", configuration: config, gate: GatePolicy())
        let outcome = RuleExampleRunner(checker: checker).run(only: ["pack tonics"])
        #expect(outcome.passed == 3)
        #expect(outcome.failures.map(\.description) == [
            "\(domain):6:7: error: pack tonics: expected the weighing to flag “cans”, got nothing\n  example: Zephyr tonic is sold in {cans}.",
            "\(domain):9:7: error: pack tonics: expected it not to be weighed, got “proven”\n  example: Zephyr tonic is proven to cure lag fog.",
        ])
    }

    @Test func disablePacksTurnsAPackOffAndAnUnknownPackIsAnError() throws {
        let (checker, folder) = try checker(config: "registry: [packs]\ndisable-packs: [tonics]\n")
        #expect(!checker.registry.domains.map(\.id).contains("tonics"))
        #expect(verdicts("Zephyr tonic is proven to cure lag fog.\n", checker) == [])
        let path = try folder.write(".claimcheck.yml", "disable-packs: [hair-los]\n")
        let errors = loadErrors(rulesFolder: repositoryRoot + "/Rules", configuration: try Configuration.load(path: path))
        #expect(errors.map(\.description) == [
            "\(path):1:17: error: `disable-packs` names unknown domain pack `hair-los`\n  fix: did you mean `hair-loss`? see `claimcheck registry domains` for the packs",
        ])
    }
}
