import Foundation
import Testing
@testable import ClaimCheckKit

/// Which certainty, safety and hype phrases the writer asserts, and which a
/// negation, question, condition, sceptical report, other treatment or control
/// arm takes out of scope. The sentences are the tests' own.
struct AssertionScopeTests {
    struct Case: CustomTestStringConvertible, Sendable {
        var phrase: String
        var sentence: String
        var reason: AssertionScope.Reason?
        var format: InputFormat = .text
        var testDescription: String { "\(reason?.rawValue ?? "asserted"): \(sentence)" }
    }

    static let cases: [Case] = [
        Case(phrase: "been proven", sentence: "None of these remedies has been proven in a trial.", reason: .negated),
        Case(phrase: "proven to", sentence: "We still lack scans that have been proven to show the change.", reason: .negated),
        Case(phrase: "proven to", sentence: "If the balm were proven to work, clinics would stock it.", reason: .hypothetical),
        Case(phrase: "cured", sentence: "More follow-up is needed to learn whether the men were cured.", reason: .hypothetical),
        Case(phrase: "a cure", sentence: "The plan shortens therapy in order to reach a cure.", reason: .hypothetical),
        Case(phrase: "breakthrough", sentence: "Researchers hope the patch could one day be a breakthrough.", reason: .hypothetical),
        Case(phrase: "studies confirm", sentence: "If further studies confirm the result, clinics will test urine first.", reason: .hypothetical),
        Case(phrase: "wonder pill", sentence: "The so-called wonder pill sold out in a week.", reason: .sceptical),
        Case(phrase: "cures", sentence: "The seller claims that it cures eczema.", reason: .sceptical),
        Case(phrase: "completely safe", sentence: "The gel is marketed as completely safe.", reason: .sceptical),
        Case(phrase: "miracle", sentence: "Shops call the tonic a 'miracle' and sell out daily.", reason: .sceptical),
        Case(phrase: "were proven", sentence: "Unlike the older pills, which were proven in large trials, the patch is new.", reason: .otherTreatment),
        Case(phrase: "no side effects", sentence: "The placebo group reported no side effects.", reason: .controlArm),
        Case(phrase: "no side effects", sentence: "In the control arm, most people had no side effects.", reason: .controlArm),
        Case(phrase: "miracle cure", sentence: "Is ginger a miracle cure?", reason: .question),
        Case(phrase: "Cure", sentence: "# Can Garlic Cure a Cold", reason: .question, format: .markdown),
        // Asserted: the cue does not reach the phrase.
        Case(phrase: "clinically proven", sentence: "The tincture is clinically proven to calm nerves.", reason: nil),
        Case(phrase: "completely safe", sentence: "It has no parabens and is completely safe.", reason: nil),
        Case(phrase: "cured", sentence: "Most of the men had no relapse and were cured.", reason: nil),
        Case(phrase: "clinically proven", sentence: "Not only is the cream clinically proven, it is cheap.", reason: nil),
        Case(phrase: "completely safe", sentence: "If you have dry skin, this balm is completely safe.", reason: nil),
        Case(phrase: "game changer", sentence: "Dr. Ana Ruiz said the device is a “game changer” for clinics.", reason: nil),
        Case(phrase: "scientifically proven", sentence: "If clinics used the scientifically proven therapy, fewer would relapse.", reason: nil),
        Case(phrase: "no side effects", sentence: "Unlike the placebo group, the treated group had no side effects.", reason: nil),
        Case(phrase: "revolutionary", sentence: "City of Hope doctors tested a revolutionary vaccine.", reason: nil),
    ]

    @Test(arguments: cases)
    func scopeOfAPhrase(_ example: Case) throws {
        let text = example.sentence
        let document = try sharedChecker.extractor.extract(Array(text.utf8), path: nil, format: example.format)
        let first = try #require(document.blocks.first)
        let block = BlockAnalysis(index: 0, block: first, matching: sharedChecker.matching)
        let blockText = String(decoding: block.block.text, as: UTF8.self)
        let found = try #require(blockText.range(of: example.phrase), "phrase not in \(blockText)")
        let offset = blockText.utf8.distance(from: blockText.startIndex, to: found.lowerBound)
        let all = 0..<block.tokens.count
        let start = block.firstToken(startingAtOrAfter: offset, in: all)
        let end = block.firstToken(startingAtOrAfter: offset + example.phrase.utf8.count, in: all)
        #expect(block.string(start..<end) == example.phrase)
        let sentence = try #require(block.sentence(containing: start))
        #expect(AssertionScope(analysis: block, matching: sharedChecker.matching).reason(for: start..<end, in: sentence) == example.reason)
    }

    /// The rules that opt in (`unless: {unasserted: true}`) pass what is out of scope
    /// and flag what is asserted, at the phrase.
    @Test func certaintyAndSafetyRulesFollowTheScope() throws {
        let runner = RuleExampleRunner(checker: sharedChecker)
        let safe = try #require(sharedChecker.book.rule("safety.completely-safe"))
        let proven = try #require(sharedChecker.book.rule("certainty.proven"))
        let sideEffects = try #require(sharedChecker.book.rule("safety.no-side-effects"))
        #expect(runner.signals(of: safe, in: "The gel is marketed as completely safe, but it stings.") == [])
        #expect(runner.signals(of: safe, in: "It has no parabens and is completely safe.") == ["completely safe"])
        #expect(runner.signals(of: proven, in: "Unlike the older pills, which were proven in large trials, the patch is new.") == [])
        #expect(runner.signals(of: proven, in: "The patch is proven to ease cramps.") == ["is proven"])
        #expect(runner.signals(of: sideEffects, in: "The placebo group reported no side effects, while a fifth of the treated group felt sick.") == [])
        #expect(runner.signals(of: sideEffects, in: "The treated group reported no side effects.") == ["no side effects"])
        let shown = try #require(sharedChecker.book.rule("source.has-been-shown"))
        #expect(runner.signals(of: shown, in: "None of the tonics has been shown to reverse memory loss.") == [])
        #expect(runner.signals(of: shown, in: "The tonic has been shown to reverse memory loss.") == ["has been shown"])
    }

    /// The first paragraph of a text's analysis, and the token range of `phrase` in it.
    private func locate(_ phrase: String, in text: String) throws -> (BlockAnalysis, Range<Int>, Range<Int>) {
        let document = try sharedChecker.extractor.extract(Array(text.utf8), path: nil, format: .text)
        let block = BlockAnalysis(index: 0, block: try #require(document.blocks.first), matching: sharedChecker.matching)
        let blockText = String(decoding: block.block.text, as: UTF8.self)
        let found = try #require(blockText.range(of: phrase), "phrase not in \(blockText)")
        let offset = blockText.utf8.distance(from: blockText.startIndex, to: found.lowerBound)
        let all = 0..<block.tokens.count
        let start = block.firstToken(startingAtOrAfter: offset, in: all)
        let end = block.firstToken(startingAtOrAfter: offset + phrase.utf8.count, in: all)
        return (block, start..<end, try #require(block.sentence(containing: start)))
    }

    /// A first-person account inside a quotation is testimony; an opinion in the first
    /// person, a research team's "we", or the same words outside quotes are not.
    @Test(arguments: [
        ("no side effects", "“I was scared at first. I'm now back at work with no side effects and I sleep well.”", true),
        ("wonder drug", "\"For me, it felt like a wonder drug,\" she said.", true),
        ("miracle", "“I think I'm going to be the miracle my doctor hoped for.”", true),
        ("breakthrough", "“I think this is a breakthrough,” the surgeon said.", false),
        ("breakthrough", "“I am excited that we made this breakthrough,” she said.", false),
        ("no side effects", "I'm now back at work with no side effects.", false),
        ("miracle", "“It worked,” she said. I'm going to be the miracle, the ad goes on.", false),
    ])
    func testimony(_ phrase: String, _ text: String, _ expected: Bool) throws {
        let (block, match, sentence) = try locate(phrase, in: text)
        #expect(AssertionScope(analysis: block, matching: sharedChecker.matching).isTestimony(match, in: sentence) == expected)
    }

    /// An "About" paragraph and a short paragraph of self-description are an
    /// organisation's own; a quotation or a paragraph of findings is not.
    @Test(arguments: [
        ("About Example University. It hosts groundbreaking research in many fields.", true),
        ("Example Medical Center is ranked among the best hospitals and fosters groundbreaking research.", true),
        ("\"Example Medical Center is ranked among the best, and this is a breakthrough,\" she said.", false),
        ("About half of the patients saw a breakthrough in their symptoms.", false),
        ("The trial found a breakthrough in the treatment of stiff joints.", false),
    ])
    func organisationDescription(_ text: String, _ expected: Bool) throws {
        let document = try sharedChecker.extractor.extract(Array(text.utf8), path: nil, format: .text)
        let block = BlockAnalysis(index: 0, block: try #require(document.blocks.first), matching: sharedChecker.matching)
        #expect(AssertionScope(analysis: block, matching: sharedChecker.matching).isOrganisationDescription() == expected)
    }

    /// The rules that opt in (`unless: {testimony: true}`) pass a participant's account
    /// only where the article names its study; a testimonial on a page that names none stays flagged.
    @Test func testimonyNeedsTheArticlesStudy() throws {
        let runner = RuleExampleRunner(checker: sharedChecker)
        let sideEffects = try #require(sharedChecker.book.rule("safety.no-side-effects"))
        let quote = "\"I'm now back at work with no side effects,\" said one man"
        #expect(runner.signals(of: sideEffects, in: quote + " who took part in the trial published in the Journal of Example Urology.") == [])
        #expect(runner.signals(of: sideEffects, in: quote + " who bought the capsules.") == ["no side effects"])
    }
}
