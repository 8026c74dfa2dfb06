extension RuleKind {
    /// Token phrases, with optional `unless` conditions in the same sentence.
    static let phrase = RuleKind(rawValue: "phrase")
}

/// The `phrase` kind: a rule's phrases, matched by the automaton, raise a signal
/// unless one of its `unless` conditions holds.
struct PhraseHandler: RuleKindHandler {
    static let kind = RuleKind.phrase
    static let keys: Set<String> = ["phrases", "unless", "defer-to-evidence", "after-organisation"]

    static func compile(_ fields: YAMLFields, node: YAMLNode, lines: SourceLines) throws(ConfigurationError) -> PhraseHandler {
        if try (fields["phrases"]?.strings(context: "phrases") ?? []).isEmpty {
            throw node.error("a phrase rule needs `phrases:`", fix: "list the phrases it matches")
        }
        return PhraseHandler()
    }

    static func matchedPhrases(of rule: Rule) -> [String] { rule.phrases }

    var gate: FireGate { .phraseMatched }

    func signals(of rule: Rule, at index: Int, for claim: Claim, in analysis: BlockAnalysis, engine: RuleEngine,
                 facts: DocumentFacts, context: RuleContext) -> [Signal] {
        guard !(context.isHeading && rule.namespace == "source") else { return [] }
                // Longest match first at each start, so "has been proven" wins over "been proven".
        let found = analysis.matches(in: claim.tokens, code: .rulePhrase(index), matching: engine.matching)
            .sorted { ($0.start, $1.end) < ($1.start, $0.end) }
        var signals: [Signal] = []
        var lastEnd = -1
        for match in found where match.start >= lastEnd {
            let sentence = analysis.sentence(containing: match.start) ?? claim.tokens
            if engine.isExcepted(rule, index, match: match.start..<match.end, sentence: sentence, claim: claim, analysis: analysis,
                                 facts: facts) { continue }
            let text = analysis.string(match.start..<match.end)
            var values = ["phrase": text]
            if rule.afterOrganisation {
                guard let organisation = engine.organisation(before: match.start, in: sentence, analysis: analysis) else { continue }
                values["organisation"] = organisation
            }
            signals.append(Signal(rule: rule.id, message: MessageTemplate.fill(rule.message, values),
                                  range: analysis.textRange(match.start..<match.end)))
            lastEnd = match.end
        }
        return signals
    }
}
