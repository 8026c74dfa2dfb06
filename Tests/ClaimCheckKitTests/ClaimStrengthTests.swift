import Foundation
import Testing
@testable import ClaimCheckKit

/// The claim-strength classifier on sentences of our own, its cue file's checks,
/// and how the evidence weighing reads it.
@Suite struct ClaimStrengthTests {
    static let classifier = ClaimStrengthClassifier(matching: sharedChecker.matching)

    /// The text of a token range of a sentence, tokenised as the classifier tokenises it.
    static func text(_ range: Range<Int>?, of sentence: String) -> String? {
        guard let range else { return nil }
        let bytes = Array(sentence.utf8)
        let tokens = sharedChecker.matching.tokenizer.tokenize(bytes)
        return String(decoding: bytes[Int(tokens[range.lowerBound].start)..<Int(tokens[range.upperBound - 1].end)], as: UTF8.self)
    }

    struct Case: Sendable, CustomStringConvertible {
        var sentence: String
        var strength: ClaimStrength
        var isNegated = false
        /// The cue with its hedge or negation, as a message quotes it.
        var phrase: String?
        var description: String { sentence }
    }

    static let cases: [Case] = [
        Case(sentence: "The clinic opened a second ward in March.", strength: .none),
        Case(sentence: "Does the tonic lower blood pressure?", strength: .none),
        Case(sentence: "Does the tonic lower blood pressure?\u{201D}", strength: .none),
        Case(sentence: "Nurses should check whether the tonic lowers blood pressure.", strength: .none),
        Case(sentence: "We asked whether the tonic lowers blood pressure.", strength: .none),
        Case(sentence: "Towns need better ways to reduce waiting lists.", strength: .none),
        Case(sentence: "Poor sleep was associated with later weight gain.", strength: .correlational, phrase: "associated"),
        Case(sentence: "Loneliness is linked to heart disease in older men.", strength: .correlational, phrase: "linked"),
        Case(sentence: "A slow gait predicts falls.", strength: .correlational, phrase: "predicts"),
        Case(sentence: "Inactivity is a risk factor for back pain.", strength: .correlational, phrase: "risk factor"),
        Case(sentence: "Infections were higher in those with anaemia.", strength: .correlational, phrase: "higher"),
        Case(sentence: "Patients with reduced lung function stayed longer.", strength: .correlational, phrase: "reduced"),
        Case(sentence: "Pain scores increased with age.", strength: .correlational, phrase: "increased"),
        Case(sentence: "The tonic was not associated with better sleep.", strength: .correlational, isNegated: true, phrase: "was not associated"),
        Case(sentence: "The tonic may lower blood pressure.", strength: .conditional, phrase: "may lower"),
        Case(sentence: "The tonic might help.", strength: .conditional, phrase: "might help"),
        Case(sentence: "Warm baths could potentially ease stiffness and improve sleep.", strength: .conditional, phrase: "potentially ease"),
        Case(sentence: "The lozenge appears to shorten colds.", strength: .conditional, phrase: "appears to shorten"),
        Case(sentence: "The gel does not appear to affect scarring.", strength: .conditional, isNegated: true, phrase: "does not appear to affect"),
        Case(sentence: "The tonic lowers blood pressure.", strength: .causal, phrase: "lowers"),
        Case(sentence: "Stretching prevents injuries in runners.", strength: .causal, phrase: "prevents"),
        Case(sentence: "The new dressing is effective for burns.", strength: .causal, phrase: "is effective"),
        Case(sentence: "Screen time leads to poorer sleep.", strength: .causal, phrase: "leads to"),
        Case(sentence: "The helmet protects children from head injuries.", strength: .causal, phrase: "protects"),
        Case(sentence: "The patch did not reduce cravings.", strength: .causal, isNegated: true, phrase: "did not reduce"),
        Case(sentence: "There is no evidence that the drink causes weight loss.", strength: .causal, isNegated: true,
             phrase: "no evidence that the drink causes"),
        Case(sentence: "None of these remedies has been proven in a trial.", strength: .causal, isNegated: true,
             phrase: "None of these remedies has been proven"),
        Case(sentence: "The balm is clinically proven to soothe skin.", strength: .proven, phrase: "clinically proven"),
        Case(sentence: "The study definitively showed the vaccine works.", strength: .proven, phrase: "definitively"),
        Case(sentence: "This plan guarantees weight loss.", strength: .proven, phrase: "guarantees"),
        Case(sentence: "The review established that exercise eases depression.", strength: .proven, phrase: "established that"),
        Case(sentence: "This tea cures colds.", strength: .proven, phrase: "cures"),
        // A call for research takes the claims of its own clause, not of another one.
        Case(sentence: "The balm reduces itching, but larger trials are needed.", strength: .causal, phrase: "reduces"),
        Case(sentence: "Larger trials are needed to learn whether the balm reduces itching.", strength: .none),
        Case(sentence: "The effect of the balm on itching should be studied further.", strength: .none),
        // A hedged claim made before the call for research stands.
        Case(sentence: "The balm may reduce itching and should be tested in a larger trial.", strength: .conditional, phrase: "may reduce"),
        // After an article a recommendation word is an adjective.
        Case(sentence: "The spray reduces the required dose of painkillers.", strength: .causal, phrase: "reduces"),
        Case(sentence: "This lowered the number of falls.", strength: .causal, phrase: "lowered"),
        // A change verb with no object, followed by an adverb, describes a change.
        Case(sentence: "Pain scores decreased significantly after surgery.", strength: .correlational, phrase: "decreased"),
        Case(sentence: "The gene variant may confer a higher risk.", strength: .conditional, phrase: "may confer"),
        Case(sentence: "Grip strength did not correlate with age.", strength: .correlational, isNegated: true, phrase: "did not correlate"),
        Case(sentence: "Older adults who may benefit from the program were invited.", strength: .none),
        // A participle right after a noun describes the noun; the sentence's own verb decides.
        Case(sentence: "The new rota reduced the delays associated with night shifts.", strength: .causal, phrase: "reduced"),
        Case(sentence: "The costs associated with long stays were high.", strength: .correlational, phrase: "associated"),
        Case(sentence: "Long stays were strongly associated with falls.", strength: .correlational, phrase: "associated"),
        Case(sentence: "The scheme deserves a wider trial to see how it affects attendance.", strength: .none),
        // A verb of proof used as a noun claims nothing.
        Case(sentence: "The foundation funds research into treatments and cures.", strength: .none),
        // A figure is not a claim of proof.
        Case(sentence: "About 12% of users reported a mild rash.", strength: .none),
        Case(sentence: "", strength: .none),
    ]

    @Test(arguments: cases)
    func readsTheStrengthOfASentence(_ example: Case) {
        let reading = Self.classifier.strength(of: example.sentence)
        #expect(reading.strength == example.strength)
        #expect(reading.isNegated == example.isNegated)
        #expect(Self.text(reading.phrase, of: example.sentence) == example.phrase)
    }

    @Test func theStrengthsAreOrdered() {
        #expect(ClaimStrength.allCases == [.none, .correlational, .conditional, .causal, .proven])
        #expect(ClaimStrength.conditional < .causal && ClaimStrength.causal < .proven)
    }

    /// Inside analysis the classifier reads each sentence of a block from the block's
    /// own tokens and matches, with token ranges into the block.
    @Test func readsEachSentenceOfAnAnalysedBlock() throws {
        let text = "The tonic may lower blood pressure. In a trial it lowered blood pressure. Does it?\n"
        let document = try sharedChecker.extractor.extract(Array(text.utf8), path: nil, format: .text)
        let block = BlockAnalysis(index: 0, block: try #require(document.blocks.first), matching: sharedChecker.matching)
        #expect(block.sentences.count == 3)
        let readings = block.sentences.map { Self.classifier.strength(of: $0, in: block) }
        #expect(readings.map(\.strength) == [.conditional, .causal, .none])
        #expect(readings.map { $0.phrase.map(block.string) } == ["may lower", "lowered", nil])
    }

    // MARK: strength.yml

    static let minimal = """
        cues:
          proven: [proven]
          causal: [effective]
          change-verbs: [reduces]
          correlational: [associated]
          weak-correlational: [higher]
          hedges: [may]
          negations: [not]
          denials: ["no evidence"]
          unclaimed: [whether]
          recommendations: [should]
          modifier-openers: [with]
          infinitive-carriers: [helps]
          change-followers: [in]
          participles: [associated]
          copulas: [was]
          clause-openers: [but]
          benefits: [reduces]
          harms: [triggers]
          endorsements: [recommends]
          proven-verbs: [cures]
          efficacy: [effective]
          neutral: ["side effects"]
        examples:
          none: ["It rained."]
          correlational: ["Rain is associated with colds."]
          conditional: ["Rain may reduce dust."]
          causal: ["Rain reduces dust."]
          proven: ["Rain is proven to help."]

        """

    @Test func loadsTheCueListsAndExamplesWithTheirLines() throws {
        let cues = try StrengthCueLoader().load(text: Self.minimal, file: "strength.yml")
        #expect(cues.phrases[.denials] == ["no evidence"])
        #expect(cues.phrases.count == StrengthCue.allCases.count)
        #expect(cues.examples.map(\.strength) == [.none, .correlational, .conditional, .causal, .proven])
        #expect(cues.examples[3] == StrengthExample(sentence: "Rain reduces dust.", strength: .causal,
                                                    location: FilePosition(file: "strength.yml", line: 28, column: 12)))
    }

    @Test(arguments: [
        ("  hedges: [may]\n", "  hedgez: [may]\n",
         "strength.yml:7:3: error: unknown cue list `hedgez`\n  fix: did you mean `hedges`? known lists: "
            + StrengthCue.allCases.map(\.rawValue).sorted().joined(separator: ", ")),
        ("  weak-correlational: [higher]\n", "  weak-correlational: [higher, associated]\n",
         "strength.yml:6:32: error: “associated” is already a `correlational` cue at line 5, column 19\n"
            + "  fix: keep it in one list: a phrase claims one kind of relationship"),
        ("  modifier-openers: [with]\n", "  modifier-openers: [with, \"along with\"]\n",
         "strength.yml:12:28: error: `modifier-openers` cues are single words, and “along with” is 2 tokens\n"
            + "  fix: write one word or mark, or move the phrase to another list"),
        ("  benefits: [reduces]\n", "",
         "strength.yml:2:3: error: strength.yml has no cue list `benefits`\n  fix: add `benefits: [...]` under `cues:`"),
        ("  proven: [\"Rain is proven to help.\"]\n", "  proof: [\"Rain is proven to help.\"]\n",
         "strength.yml:29:3: error: unknown strength `proof` in `examples`\n  fix: did you mean `proven`? use: none, correlational, conditional, causal, proven"),
    ])
    func aMistakeInTheCueFileIsReportedWhereItIs(_ replace: String, _ with: String, _ expected: String) {
        let text = Self.minimal.replacingOccurrences(of: replace, with: with)
        #expect(text != Self.minimal)
        let error = loadError { () throws(ConfigurationError) in try StrengthCueLoader().load(text: text, file: "strength.yml") }
        #expect(error?.description == expected)
    }

    @Test func aLabelWithNoExampleIsAnError() {
        let text = Self.minimal.replacingOccurrences(of: "  conditional: [\"Rain may reduce dust.\"]\n", with: "")
        let error = loadError { () throws(ConfigurationError) in try StrengthCueLoader().load(text: text, file: "strength.yml") }
        #expect(error?.description == "strength.yml:24:1: error: strength.yml has no example of `conditional`\n"
            + "  fix: add `conditional: [\"…\"]` under `examples:`, a sentence of your own that reads as conditional")
    }

    @Test func aMissingCueFileStopsTheRulesFromLoading() throws {
        let folder = try TemporaryFolder("strength")
        let rules = try folder.copyOfTheRules()
        try folder.remove("Rules/strength.yml")
        #expect(loadErrors(rulesFolder: rules).map(\.description) == [
            "\(rules)/strength.yml: error: file not found\n  fix: check the path, or restore the file",
        ])
    }

    /// `claimcheck rules test` runs the cue file's examples and reports a wrong one at its line.
    @Test func aWrongExampleFailsTheRuleTestsAtItsLine() throws {
        let folder = try TemporaryFolder("strength")
        let rules = try folder.copyOfTheRules()
        let original = try folder.read("Rules/strength.yml")
        let edited = original.replacingOccurrences(of: "  proven:\n    - \"This balm is clinically proven to calm irritated skin.\"\n",
                                                   with: "  proven:\n    - \"This balm may reduce redness.\"\n")
        #expect(edited != original)
        let path = try folder.write("Rules/strength.yml", edited)
        let line = edited.components(separatedBy: "\n").firstIndex(of: "    - \"This balm may reduce redness.\"")! + 1
        let checker = try ClaimChecker.load(rulesFolder: rules)
        let outcome = RuleExampleRunner(checker: checker).run(only: [RuleExampleRunner.Failure.strengthID])
        #expect(outcome.failures.map(\.description) == [
            "\(path):\(line):7: error: strength: expected it to read as proven, got conditional\n  example: This balm may reduce redness.",
        ])
        #expect(outcome.passed == checker.matching.strength.examples.count - 1)
    }
}
