/// A static check that a `pattern:` rule's regular expression (ICU syntax, as
/// `NSRegularExpression` reads it, case-insensitive) cannot backtrack
/// catastrophically, in the spirit of safe-regex and of RE2's rationale:
///
/// - **Nested quantifiers** (star height 2): an unbounded quantifier (`*`, `+`,
///   `{n,}`, or a count above 16) inside a group that is itself repeated (`*`,
///   `+`, `{n,m}` with m ≥ 2). `(a+)+$`, `(\w+\s?)+$`, `(.*,)*` all try every way
///   of splitting a long text between the two quantifiers before they fail.
/// - **Quantified ambiguous alternations**: a repeated group with a choice whose
///   branches can match the same text (`(a|a)*b`, `(\w|\d)+`, `(a|ab)*`) or the
///   empty text (`(a|b?)+`): every combination of branches is tried.
///
/// Possessive quantifiers (`a++`, `(…)*+`), atomic groups (`(?>…)`) and
/// lookarounds never give back what they matched, so what is inside them is
/// checked on its own. Whether two branches can match the same text is decided
/// on an over-approximation (their first characters, or position by position
/// for branches of plain characters), so a pattern is refused when in doubt.
/// Polynomial backtracking (`\w*\w*\w*x`) is not detected; patterns also run
/// only on texts of at most `PatternCache.maximumTextLength` bytes.
enum PatternSafety {
    struct Finding: Equatable {
        /// Offset, in Unicode scalars, of the offending part in the pattern.
        var offset: Int
        var message: String
    }

    static func check(_ pattern: String) -> Finding? {
        var parser = RegexParser(Array(pattern.unicodeScalars))
        var parts = [parser.parseAlternation()]
        while !parser.atEnd {   // a stray `)`: read on
            parser.index += 1
            parts.append(parser.parseAlternation())
        }
        return parts.lazy.flatMap { $0.findings(repeatedBy: nil) }.first
    }
}

/// A parsed regular expression, with the span of each part for messages.
indirect enum RegexTree {
    /// One character of a set.
    case characters(RegexCharacters)
    /// Matches the empty text: anchors, `\b`, flags, comments.
    case empty
    /// A back-reference: can match anything, or nothing.
    case reference
    case sequence([RegexTree])
    case alternation([RegexTree], span: Range<Int>, text: String)
    /// `opaque`: an atomic group or a lookaround, which never gives back what it matched.
    case group(RegexTree, opaque: Bool, lookaround: Bool)
    case quantified(RegexTree, min: Int, max: Int?, possessive: Bool, span: Range<Int>, text: String)

    /// Counts above this are treated as unbounded.
    static let largeCount = 16

    var nullable: Bool {
        switch self {
        case .characters: return false
        case .empty, .reference: return true
        case .sequence(let items): return items.allSatisfy(\.nullable)
        case .alternation(let branches, _, _): return branches.contains { $0.nullable }
        case .group(let inner, _, let lookaround): return lookaround || inner.nullable
        case .quantified(let inner, let min, _, _, _, _): return min == 0 || inner.nullable
        }
    }

    /// Characters a match can start with.
    var first: RegexCharacters {
        switch self {
        case .characters(let set): return set
        case .empty: return RegexCharacters()
        case .reference: return .all
        case .sequence(let items):
            var set = RegexCharacters()
            for item in items {
                set.formUnion(item.first)
                if !item.nullable { break }
            }
            return set
        case .alternation(let branches, _, _):
            var set = RegexCharacters()
            for branch in branches { set.formUnion(branch.first) }
            return set
        case .group(let inner, _, let lookaround): return lookaround ? RegexCharacters() : inner.first
        case .quantified(let inner, _, _, _, _, _): return inner.first
        }
    }

    /// The character sets of a branch that is a fixed run of characters (zero-width parts ignored).
    var fixedRun: [RegexCharacters]? {
        switch self {
        case .characters(let set): return [set]
        case .empty: return []
        case .sequence(let items):
            var run: [RegexCharacters] = []
            for item in items {
                guard let part = item.fixedRun else { return nil }
                run += part
            }
            return run
        case .group(let inner, _, let lookaround): return lookaround ? [] : inner.fixedRun
        case .quantified(let inner, let min, let max, _, _, _):
            guard let max, min == max, max <= RegexTree.largeCount, let part = inner.fixedRun else { return nil }
            return Array(repeating: part, count: max).flatMap { $0 }
        default: return nil
        }
    }

    /// Whether some quantifier inside can repeat without bound (and gives back what it matched).
    var unboundedQuantifier: (span: Range<Int>, text: String)? {
        switch self {
        case .characters, .empty, .reference: return nil
        case .sequence(let items): return items.lazy.compactMap(\.unboundedQuantifier).first
        case .alternation(let branches, _, _): return branches.lazy.compactMap(\.unboundedQuantifier).first
        case .group(let inner, let opaque, _): return opaque ? nil : inner.unboundedQuantifier
        case .quantified(let inner, _, let max, let possessive, let span, let text):
            if possessive { return nil }
            if max == nil || max! > RegexTree.largeCount { return (span, text) }
            return inner.unboundedQuantifier
        }
    }

    /// Problems of this part, inside a group repeated by `repeater` (a quantifier's text) if any.
    func findings(repeatedBy repeater: (span: Range<Int>, text: String)?) -> [PatternSafety.Finding] {
        switch self {
        case .characters, .empty, .reference:
            return []
        case .sequence(let items):
            return items.flatMap { $0.findings(repeatedBy: repeater) }
        case .alternation(let branches, _, _):
            var found: [PatternSafety.Finding] = []
            if let repeater, let (a, b) = overlappingBranches(branches) {
                let why = a.nullable || b.nullable
                    ? "a branch of the choice can match the empty text"
                    : "its branches can match the same text"
                found.append(PatternSafety.Finding(offset: repeater.span.lowerBound,
                    message: "`\(repeater.text)` repeats a choice and \(why), so on a long text that does not match, every combination of branches is tried (catastrophic backtracking)"))
            }
            return found + branches.flatMap { $0.findings(repeatedBy: repeater) }
        case .group(let inner, let opaque, _):
            return inner.findings(repeatedBy: opaque ? nil : repeater)
        case .quantified(let inner, _, let max, let possessive, let span, let text):
            let repeats = !possessive && (max == nil || max! >= 2)
            var found: [PatternSafety.Finding] = []
            if repeats, let nested = inner.unboundedQuantifier {
                found.append(PatternSafety.Finding(offset: span.lowerBound,
                    message: "`\(text)` repeats a group that contains the unbounded `\(nested.text)`, so on a long text that does not match, every way of splitting it between them is tried (catastrophic backtracking)"))
                return found
            }
            if possessive { return inner.findings(repeatedBy: nil) }
            return inner.findings(repeatedBy: repeats ? (span, text) : repeater)
        }
    }

    private func overlappingBranches(_ branches: [RegexTree]) -> (RegexTree, RegexTree)? {
        for (i, a) in branches.enumerated() {
            for b in branches[(i + 1)...] {
                if a.nullable || b.nullable { return (a, b) }
                if let left = a.fixedRun, let right = b.fixedRun {
                    // Same text, or one a prefix of the other (`a|aa` splits "aaaa" many ways).
                    if zip(left, right).allSatisfy({ $0.intersects($1) }) { return (a, b) }
                } else if a.first.intersects(b.first) {
                    return (a, b)
                }
            }
        }
        return nil
    }
}
