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
    /// By rule, strings of lower-case ASCII of which every match holds one
    /// (`RequiredText`); a rule missing here runs on every text it is given.
    private let required: [String: [RequiredText.Strings]]

    init(_ rules: [Rule]) {
        var built: [String: NSRegularExpression] = [:]
        var required: [String: [RequiredText.Strings]] = [:]
        for rule in rules where rule.kind == .pattern {
            if let pattern = rule.pattern, let expression = try? NSRegularExpression(pattern: pattern, options: [.caseInsensitive]) {
                built[rule.id] = expression
                if let texts = RequiredText.of(pattern) { required[rule.id] = texts }
            }
        }
        expressions = built
        self.required = required
    }

    /// Whether the rule's pattern can match in `text` (UTF-8), by a scan for the
    /// text any match must hold: false only when an ASCII text holds none of it.
    /// Most sentences in which a prefilter word matched give the pattern nothing,
    /// and running it cost far more than the scan. A text with other characters
    /// always runs (case-insensitive matching folds some of them to ASCII: "K", "ſ").
    func mayMatch(for id: String, in text: ArraySlice<UInt8>) -> Bool {
        guard let sets = required[id] else { return true }
        return text.withUnsafeBufferPointer { text in
            if text.contains(where: { $0 >= 0x80 }) { return true }
            return sets.allSatisfy { $0.occurs(in: text) }
        }
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

/// The text a regular expression's every match must hold, worked out from its
/// parse (`RegexParser`): a set of lower-case ASCII strings, one of which is in
/// each match. Literal characters in a row make a string; a choice gives the
/// strings of all its branches; a part that may be absent, a lookaround or a class
/// of several characters gives nothing. A sequence takes its most telling part.
enum RequiredText {
    /// What a pattern's every match holds: one string of each set (the parts of a
    /// pattern that is a sequence each give a set); nil when nothing is required
    /// (or the pattern does not parse whole).
    static func of(_ pattern: String) -> [Strings]? {
        var parser = RegexParser(Array(pattern.unicodeScalars))
        let tree = parser.parseAlternation()
        guard parser.atEnd else { return nil }
        let sets: [Set<[UInt8]>]
        if case .sequence(let items) = tree { sets = parts(of: items) } else { sets = strings(tree).map { [$0] } ?? [] }
        let kept = sets.filter { !$0.isEmpty && !$0.contains([UInt8(ascii: " ")]) }
        guard !kept.isEmpty else { return nil }
        // The longest first: a text lacks those most often, and the scan stops there.
        return kept.map { Strings($0.sorted { $0.lexicographicallyPrecedes($1) }) }
            .sorted { $0.shortest > $1.shortest }
    }

    /// One set of strings, any of which a match holds, grouped by their first byte.
    struct Strings: Sendable {
        let needles: [[UInt8]]
        let shortest: Int
        /// By lower-case ASCII byte, the indices of the strings that start with it.
        private let byFirst: [[Int]]

        init(_ needles: [[UInt8]]) {
            self.needles = needles
            self.shortest = needles.map(\.count).min() ?? 0
            var byFirst = [[Int]](repeating: [], count: 128)
            for (index, needle) in needles.enumerated() where !needle.isEmpty && needle[0] < 0x80 { byFirst[Int(needle[0])].append(index) }
            self.byFirst = byFirst
        }

        /// Whether an ASCII text holds one of the strings, in any case.
        func occurs(in text: UnsafeBufferPointer<UInt8>) -> Bool {
            guard shortest <= text.count else { return false }
            for start in 0...(text.count - shortest) {
                let candidates = byFirst[Int(Tokenizer.lower(text[start]) & 0x7F)]
                if candidates.isEmpty { continue }
                for candidate in candidates {
                    let needle = needles[candidate]
                    guard start + needle.count <= text.count else { continue }
                    var offset = 1
                    while offset < needle.count, Tokenizer.lower(text[start + offset]) == needle[offset] { offset += 1 }
                    if offset == needle.count { return true }
                }
            }
            return false
        }
    }

    /// The sets of a sequence's parts: runs of literal characters and what each other part requires.
    static func parts(of items: [RegexTree]) -> [Set<[UInt8]>] {
        var candidates: [Set<[UInt8]>] = []
        var run: [UInt8] = []
        for item in items {
            if case .characters(let set) = item, let byte = literal(set) { run.append(byte); continue }
            if !run.isEmpty { candidates.append([run]); run = [] }
            if let texts = strings(item) { candidates.append(texts) }
        }
        if !run.isEmpty { candidates.append([run]) }
        return candidates
    }

    /// The one ASCII character (in lower case) a set stands for, if it stands for one.
    static func literal(_ set: RegexCharacters) -> UInt8? {
        guard !set.other else { return nil }
        var found: [UInt8] = []
        for value in 0..<128 {
            let isIn = value < 64 ? set.low & (1 << UInt64(value)) != 0 : set.high & (1 << UInt64(value - 64)) != 0
            if isIn { found.append(UInt8(value)) }
        }
        if found.count == 1 { return Tokenizer.lower(found[0]) }
        // A letter, in both cases (patterns are compiled case-insensitive).
        if found.count == 2, Tokenizer.isLetter(found[0]), found[0] | 0x20 == found[1] | 0x20 { return found[0] | 0x20 }
        return nil
    }

    static func strings(_ tree: RegexTree) -> Set<[UInt8]>? {
        switch tree {
        case .characters(let set):
            return literal(set).map { [[$0]] }
        case .empty, .reference:
            return nil
        case .group(let inner, _, let lookaround):
            return lookaround ? nil : strings(inner)
        case .quantified(let inner, let min, _, _, _, _):
            return min >= 1 ? strings(inner) : nil
        case .alternation(let branches, _, _):
            var union = Set<[UInt8]>()
            for branch in branches {
                guard let texts = strings(branch) else { return nil }
                union.formUnion(texts)
            }
            return union
        case .sequence(let items):
            let candidates = parts(of: items)
            // The most telling: the longest shortest string, then the fewest strings.
            return candidates.max { a, b in
                let (shortA, shortB) = (a.map(\.count).min() ?? 0, b.map(\.count).min() ?? 0)
                return shortA != shortB ? shortA < shortB : a.count > b.count
            }
        }
    }
}
