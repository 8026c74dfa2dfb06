import Foundation
import Testing
@testable import ClaimCheckKit

/// The shortcuts of the rules stage give what the slow paths give: the scan for the
/// text a pattern needs never skips a sentence the pattern matches, and a message
/// filled byte by byte equals one filled character by character.
struct RuleShortcutTests {
    /// Every string of each set is one a match must hold: no match lacks all of a set's strings.
    @Test(arguments: [
        #"\b(?:every one of|each of|all(?: of)?)(?: the)? (?:\d+|two|three) (?:patients|people)(?: who [a-z -]{2,40}?)? (?:recovered|improved)\b"#,
        #"\b(9\d|100)\s?(%|percent|per cent) (effective|success|success rate|of (users|patients) (see|saw))"#,
        #"(?<!\w, )\b(?:an?|one|our) (?:(?:ivy[- ]league|harvard)[- ](?:trained|educated)|top|renowned) (?:doctor|scientist|md)s?\b(?! (?:on|in)\b)"#,
    ])
    func theRequiredTextIsInEveryMatch(_ pattern: String) throws {
        let sets = try #require(RequiredText.of(pattern))
        let expression = try NSRegularExpression(pattern: pattern, options: [.caseInsensitive])
        let texts = [
            "All of the 12 patients who took it recovered.", "EACH OF 40 PEOPLE IMPROVED", "all three people recovered quickly",
            "It is 97% effective.", "It is 100 per cent success rate", "93 percent of users saw results",
            "A renowned doctor says so.", "an Ivy League-trained scientist", "one top MD", "Dr. Lee, a top doctor on TV",
            "Nothing here matches at all.", "a famous doctor",
        ]
        var matches = 0
        for text in texts {
            let matched = !expression.matches(in: text, range: NSRange(location: 0, length: text.utf16.count)).isEmpty
            let bytes = Array(text.utf8)
            let holdsAll = bytes.withUnsafeBufferPointer { buffer in sets.allSatisfy { $0.occurs(in: buffer) } }
            if matched { matches += 1; #expect(holdsAll, "\(text)") }
        }
        #expect(matches >= 2, "the texts should exercise the pattern")
    }

    /// Constructs the rule files do not use yet, as an editor might write them: the
    /// scan either finds no required text or finds text every match holds.
    @Test(arguments: [
        (#"\x{41}BC doctor"#, "abc doctor"), (#"\u0041bc doctor"#, "ABC doctor"), (#"\x41bc doctor"#, "abc doctor"),
        (#"\Qa.b\E doctor"#, "a.b doctor"), (#"(?<word>top) doctor"#, "top doctor"), (#"(?i)TOP doctor"#, "top doctor"),
        (#"[[:alpha:]]+ doctor"#, "top doctor"), (#"\p{L}op doctor"#, "top doctor"), (#"\N{LATIN SMALL LETTER T}op doctor"#, "top doctor"),
        (#"(top|best)\1 doctor"#, "toptop doctor"), (#"t(?#a comment)op doctor"#, "top doctor"), (#"(?x) t o p \  doctor"#, "top doctor"),
        (#"\btop\Bs doctor"#, "tops doctor"), (#"t\.p doctor"#, "t.p doctor"), (#"\ttop"#, "\ttop"), (#"(?-i:Top) doctor"#, "Top doctor"),
    ])
    func unusualConstructsNeverSkipAMatch(_ pattern: String, _ text: String) throws {
        let expression = try NSRegularExpression(pattern: pattern, options: [.caseInsensitive])
        let unescaped = text.replacingOccurrences(of: "\\t", with: "\t")
        #expect(!expression.matches(in: unescaped, range: NSRange(location: 0, length: unescaped.utf16.count)).isEmpty, "the text should match")
        guard let sets = RequiredText.of(pattern) else { return }
        let bytes = Array(unescaped.utf8)
        #expect(bytes.withUnsafeBufferPointer { buffer in sets.allSatisfy { $0.occurs(in: buffer) } }, "\(pattern)")
    }

    @Test func aSentenceWithoutTheRequiredTextIsSkippedAndOtherCharactersAlwaysRun() throws {
        let rule = Rule(id: "test.top-doctor", kind: .pattern, handler: PatternHandler(isPrefiltered: true), summary: "", description: "",
                        message: "{phrase}", enabled: true, defersToEvidence: false, phrases: [],
                        pattern: #"\b(?:an?|one) (?:top|renowned) (?:doctor|scientist)\b"#,
                        unless: RuleExceptions(), examples: RuleExamples(), file: "test.yml", line: 1)
        let cache = PatternCache([rule])
        #expect(cache.mayMatch(for: rule.id, in: Array("Ask a renowned doctor.".utf8)[...]))
        #expect(!cache.mayMatch(for: rule.id, in: Array("Ask your doctor first.".utf8)[...]))
        // "ſ" folds to "s" when the pattern ignores case: a text with such characters is never skipped.
        #expect(cache.mayMatch(for: rule.id, in: Array("Ask your doctor ſoon.".utf8)[...]))
        #expect(cache.mayMatch(for: "no.such-rule", in: Array("anything".utf8)[...]))
    }

    @Test(arguments: [
        "“{phrase}” claims total success; give the study",
        "{speaker} has {unknown} and {phrase}",
        "no placeholder",
        "an unclosed {phrase and more",
        "{phrase}{phrase}} {",
    ])
    func aMessageFilledByBytesEqualsOneFilledByCharacters(_ template: String) throws {
        let values = ["phrase": "cures “all” ills", "speaker": "Dr. Lee"]
        let bytes = try #require(MessageTemplate.fillBytes(template, values))
        #expect(bytes == MessageTemplate.fillCharacters(template, values))
        #expect(MessageTemplate.fill(template, values) == MessageTemplate.fillCharacters(template, values))
    }

    @Test func aBraceThatJoinsAMarkIsLeftToCharacters() {
        // "{" with a combining acute accent is one character, not a brace.
        let template = "x {\u{301}phrase} y"
        #expect(MessageTemplate.fillBytes(template, ["phrase": "p"]) == nil)
        #expect(MessageTemplate.fill(template, ["phrase": "p"]) == MessageTemplate.fillCharacters(template, ["phrase": "p"]))
    }
}
