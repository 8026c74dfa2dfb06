import Foundation

extension RuleKind {
    /// A regular expression over the sentence, for what a phrase cannot say.
    static let pattern = RuleKind(rawValue: "pattern")
}

/// The `pattern` kind: a regular expression (compiled once in `PatternCache`)
/// run over each sentence of a claim in which one of its prefilter words matched.
struct PatternHandler: RuleKindHandler {
    static let kind = RuleKind.pattern
    static let keys: Set<String> = ["pattern", "prefilter", "unless", "defer-to-evidence"]
    /// The rule has prefilter words: it runs only where one of them matched.
    let isPrefiltered: Bool

    static func compile(_ fields: YAMLFields, node: YAMLNode, lines: SourceLines) throws(ConfigurationError) -> PatternHandler {
        guard let patternNode = fields["pattern"], let pattern = try? patternNode.string(context: "pattern") else {
            throw node.error("a pattern rule needs `pattern:`", fix: "add `pattern: '…'` (a regular expression, in single quotes)")
        }
        try RuleLoader.checkPattern(pattern, node: patternNode, lines: lines)
        return PatternHandler(isPrefiltered: !(try fields["prefilter"]?.strings(context: "prefilter") ?? []).isEmpty)
    }

    /// The prefilter words go into the automaton: the pattern runs only on claims where one of them matched.
    static func matchedPhrases(of rule: Rule) -> [String] { rule.prefilter.map { String(decoding: $0, as: UTF8.self) } }

    /// Runs the rule's regular expression over each sentence of the claim (each row
    /// of a table), so the text a pattern sees is bounded whatever the document.
    /// A sentence of long words can still pass `PatternCache.maximumTextLength`; the
    /// pattern then sees its first 4 KB (cut at a character).
    var gate: FireGate { isPrefiltered ? .phraseMatched : .always }

    func signals(of rule: Rule, at index: Int, for claim: Claim, in analysis: BlockAnalysis, engine: RuleEngine,
                 facts: DocumentFacts, context: RuleContext) -> [Signal] {
                var signals: [Signal] = []
        for sentence in analysis.sentences(overlapping: claim.tokens) {
            let piece = sentence.clamped(to: claim.tokens)
            guard !piece.isEmpty else { continue }
            var textRange = analysis.textRange(piece)
            if textRange.count > PatternCache.maximumTextLength {
                var end = textRange.lowerBound + PatternCache.maximumTextLength
                while end > textRange.lowerBound, analysis.block.text[end] & 0xC0 == 0x80 { end -= 1 }
                textRange = textRange.lowerBound..<end
            }
            guard engine.book.patterns.mayMatch(for: rule.id, in: analysis.block.text[textRange]) else { continue }
            let text = String(decoding: analysis.block.text[textRange], as: UTF8.self)
            for result in engine.book.patterns.matches(for: rule.id, in: text) {
                guard let matched = Range(result.range, in: text) else { continue }
                let start = textRange.lowerBound + text.utf8.distance(from: text.startIndex, to: matched.lowerBound)
                let range = start..<(start + text.utf8.distance(from: matched.lowerBound, to: matched.upperBound))
                let tokenIndex = analysis.firstToken(startingAtOrAfter: range.lowerBound, in: piece)
                let tokenEnd = analysis.firstToken(startingAtOrAfter: range.upperBound, in: piece)
                if engine.isExcepted(rule, index, match: tokenIndex..<max(tokenIndex + 1, tokenEnd), sentence: sentence, claim: claim,
                                     analysis: analysis, facts: facts) { continue }
                signals.append(Signal(rule: rule.id, message: MessageTemplate.fill(rule.message, ["phrase": String(text[matched])]), range: range))
            }
        }
        return signals
    }
}
