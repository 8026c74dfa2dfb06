import Foundation
import Testing
@testable import ClaimCheckKit

/// `pattern:` rules that can backtrack catastrophically are refused when the
/// rules load; patterns run only on bounded texts.
struct PatternSafetyTests {
    struct Unsafe: Sendable, CustomStringConvertible {
        var pattern: String
        var offset: Int
        var message: String
        var description: String { pattern }
    }

    static let nested = "repeats a group that contains the unbounded"
    static let ambiguous = "repeats a choice and its branches can match the same text"
    static let empty = "repeats a choice and a branch of the choice can match the empty text"
    static let tail = "is tried (catastrophic backtracking)"

    @Test(arguments: [
        Unsafe(pattern: #"(a+)+$"#, offset: 0, message: "`(a+)+` \(nested) `a+`"),
        Unsafe(pattern: #"(a|a)*b"#, offset: 0, message: "`(a|a)*` \(ambiguous)"),
        Unsafe(pattern: #"(\w+\s?)+$"#, offset: 0, message: #"`(\w+\s?)+` \#(nested) `\w+`"#),
        Unsafe(pattern: #"x(.*a){20}"#, offset: 1, message: "`(.*a){20}` \(nested) `.*`"),
        Unsafe(pattern: #"(a|ab)*c"#, offset: 0, message: "`(a|ab)*` \(ambiguous)"),
        Unsafe(pattern: #"\b(\d|\w)+x"#, offset: 2, message: #"`(\d|\w)+` \#(ambiguous)"#),
        Unsafe(pattern: #"((a|b)c|a)+"#, offset: 0, message: "`((a|b)c|a)+` \(ambiguous)"),
        // Patterns are case-insensitive: `A` and `a` are the same text.
        Unsafe(pattern: #"(A|a)+x"#, offset: 0, message: "`(A|a)+` \(ambiguous)"),
        Unsafe(pattern: #"(?:x|y?)+z"#, offset: 0, message: "`(?:x|y?)+` \(empty)"),
        Unsafe(pattern: #"proven (\s*,)*"#, offset: 7, message: #"`(\s*,)*` \#(nested) `\s*`"#),
        Unsafe(pattern: #"(?:very\s+)+effective"#, offset: 0, message: #"`(?:very\s+)+` \#(nested) `\s+`"#),
        Unsafe(pattern: #"[a-z]+(?:-(?:[a-z]{1,20}))+"#, offset: 6, message: "`(?:-(?:[a-z]{1,20}))+` \(nested) `[a-z]{1,20}`"),
    ])
    func aCatastrophicPatternIsFound(_ unsafe: Unsafe) throws {
        let finding = try #require(PatternSafety.check(unsafe.pattern))
        #expect(finding.offset == unsafe.offset)
        #expect(finding.message.hasPrefix(unsafe.message), "\(finding.message)")
        #expect(finding.message.hasSuffix(Self.tail))
    }

    @Test(arguments: [
        #"\b(9\d|100)\s?(%|percent|per cent) (effective|success|success rate|of (users|patients|people|men|women) (see|saw|regrow|regrew))"#,
        #"(cat|car)+s"#,
        #"(?:very\s++)+effective"#,
        #"(?>a+)+b"#,
        #"(a+)++b"#,
        #"\d{1,3}(?:,\d{3})*"#,
        #"[a-z]+ (cures|treats) [a-z]+"#,
        #"(\d{1,3},)+"#,
        #"(foo|bar)*baz"#,
        #"(?=\w+)\w"#,
        #"[(+*]+\)"#,
        #"\Q(a+)+\E"#,
        #"(?i)proven( to)? (work|cure)"#,
    ])
    func aSafePatternPasses(_ pattern: String) {
        #expect(PatternSafety.check(pattern) == nil)
    }

    /// The checker reads any text without trapping or looping (patterns reach it
    /// only after ICU accepted them, but it must not depend on that).
    @Test func anyTextCanBeChecked() {
        let alphabet = Array(#"()[]{}|*+?.^$\-,:=!<>&#adwsbQEx0123 '"#.unicodeScalars)
        var state: UInt64 = 0x9E3779B97F4A7C15
        var flagged = 0
        for _ in 0..<3_000 {
            var pattern = String.UnicodeScalarView()
            state = state &* 6364136223846793005 &+ 1442695040888963407
            for _ in 0..<Int(state >> 59) + 1 {
                state = state &* 6364136223846793005 &+ 1442695040888963407
                pattern.append(alphabet[Int(state >> 33) % alphabet.count])
            }
            if PatternSafety.check(String(pattern)) != nil { flagged += 1 }
        }
        #expect(flagged > 0)
    }

    @Test func everyShippedPatternRuleIsSafe() {
        let patterns = sharedChecker.book.rules.filter { $0.kind == .pattern }
        #expect(!patterns.isEmpty)
        for rule in patterns { #expect(PatternSafety.check(rule.pattern ?? "") == nil, "\(rule.id)") }
    }

    func ruleFile(pattern: String) -> String {
        """
        rules:
          - id: certainty.greedy
            kind: pattern
            message: m
            pattern: \(pattern)
            examples: {flag: ["{x}"], pass: ["y"]}
        """
    }

    struct Placed: Sendable, CustomStringConvertible {
        var written: String
        var column: Int
        var description: String { written }
    }

    /// The column is the offending group's when the pattern is plain or in single
    /// quotes; in double quotes (escapes change lengths) it is the value's.
    @Test(arguments: [
        Placed(written: #"'(\w+\s?)+$'"#, column: 15),
        Placed(written: #"'it''s (\w+\s?)+$'"#, column: 21),
        Placed(written: #"(\w+\s?)+$"#, column: 14),
        Placed(written: #""(\\w+\\s?)+$""#, column: 14),
    ])
    func aCatastrophicPatternInARuleFileIsRefusedAtItsColumn(_ placed: Placed) throws {
        let error = loadError { () throws(ConfigurationError) in try RuleLoader().load(text: ruleFile(pattern: placed.written), file: "greedy.yml") }
        #expect(error == ConfigurationError(file: "greedy.yml", line: 5, column: placed.column,
            message: #"pattern can hang on long texts: `(\w+\s?)+` repeats a group that contains the unbounded `\w+`, so on a long text that does not match, every way of splitting it between them is tried (catastrophic backtracking)"#,
            fix: "rewrite without a quantifier inside a quantified group, or use a phrase rule"))
    }

    @Test func aRulesFolderWithACatastrophicPatternDoesNotLoad() throws {
        let folder = try TemporaryFolder("pattern")
        let rules = try folder.copyOfTheRules()
        let file = try folder.write("Rules/zz-greedy.yml", ruleFile(pattern: "'(a|a)*b'"))
        let errors = loadErrors(rulesFolder: rules)
        #expect(errors.map(\.location) == [FilePosition(file: file, line: 5, column: 15)])
        #expect(errors.first?.message.hasPrefix("pattern can hang on long texts: `(a|a)*` repeats a choice") == true)
    }

    /// The second guard: even a pattern that got past the loader (a rule built in
    /// code) never runs on more than `maximumTextLength` bytes.
    @Test func patternsRunOnlyOnBoundedTexts() throws {
        var rule = try #require(try RuleLoader().load(text: ruleFile(pattern: "proven"), file: "p.yml").first)
        #expect(PatternCache.maximumTextLength == 4_096)
        let cache = PatternCache([rule])
        let fits = String(repeating: "a", count: 4_090) + "proven"
        #expect(fits.utf8.count == 4_096)
        #expect(cache.matches(for: rule.id, in: fits).map(\.range.location) == [4_090])
        #expect(cache.matches(for: rule.id, in: "a" + fits).isEmpty)
        // A 5 KB text of `a`s is where `(a+)+$` would hang: it is refused before the pattern runs.
        rule.pattern = #"(a+)+$"#
        let unsafe = PatternCache([rule])
        #expect(unsafe.matches(for: rule.id, in: String(repeating: "a", count: 5_000) + "!").isEmpty)
        #expect(unsafe.matches(for: rule.id, in: "aaa").count == 1)
    }
}
