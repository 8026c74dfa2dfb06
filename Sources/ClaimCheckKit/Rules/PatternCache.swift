import Foundation

/// Compiled regular expressions of `pattern` rules, built once per rule book.
///
/// Two guards keep a pattern from hanging a check: `RuleLoader` refuses patterns
/// that can backtrack catastrophically (`PatternSafety`), and patterns run only
/// on a bounded span: `matches(for:in:)` refuses a text longer than
/// `maximumTextLength` UTF-8 bytes (a claim is a sentence; a "sentence" longer
/// than that is a run of unpunctuated text, not a claim) and returns no match.
final class PatternCache: @unchecked Sendable {
    /// The longest text, in UTF-8 bytes, a pattern is run on.
    static let maximumTextLength = 4_096

    private let expressions: [String: NSRegularExpression]

    init(_ rules: [Rule]) {
        var built: [String: NSRegularExpression] = [:]
        for rule in rules where rule.kind == .pattern {
            if let pattern = rule.pattern, let expression = try? NSRegularExpression(pattern: pattern, options: [.caseInsensitive]) {
                built[rule.id] = expression
            }
        }
        expressions = built
    }

    /// The compiled expression of a rule. Run it only on texts of at most
    /// `maximumTextLength` bytes, or use `matches(for:in:)`, which checks.
    func expression(for id: String) -> NSRegularExpression? { expressions[id] }

    /// Whether a text is short enough for a pattern to run on.
    static func accepts(_ text: String) -> Bool { text.utf8.count <= maximumTextLength }

    /// The rule's matches in `text`; none when the rule has no pattern or the
    /// text is longer than `maximumTextLength` bytes.
    func matches(for id: String, in text: String) -> [NSTextCheckingResult] {
        guard let expression = expressions[id], Self.accepts(text) else { return [] }
        // The length in UTF-16 units, as NSString counts it, without bridging the text a second time.
        return expression.matches(in: text, range: NSRange(location: 0, length: text.utf16.count))
    }
}
