extension RuleKind {
    /// Figures (percentages, "1 in 4") and whether a source is near.
    static let statistic = RuleKind(rawValue: "statistic")
}

/// What a `statistic` rule checks of a claim's figures.
enum StatisticCheck: String, CaseIterable, Sendable {
    /// A health statistic the document model gives no attribution.
    case unsourced
}

/// The `statistic` kind: health statistics with no source.
struct StatisticHandler: RuleKindHandler {
    static let kind = RuleKind.statistic
    static let keys: Set<String> = ["check"]
    let check: StatisticCheck

    static func compile(_ fields: YAMLFields, node: YAMLNode, lines: SourceLines) throws(ConfigurationError) -> StatisticHandler {
        StatisticHandler(check: try check(StatisticCheck.self, in: fields, node: node))
    }

    /// A figure is unsourced when the document model gives its claim no attribution:
    /// no citation in its sentence, no identified speaker, no named study that its
    /// paragraph or the document reports on (press releases give their study's
    /// results sentence after sentence, the study named once).
    var gate: FireGate { .figure }

    func signals(of rule: Rule, at index: Int, for claim: Claim, in analysis: BlockAnalysis, engine: RuleEngine,
                 facts: DocumentFacts, context: RuleContext) -> [Signal] {
        guard claim.kind != .table, !claim.source.isAttributed else { return [] }
                let found = engine.healthStatistics(in: claim, analysis)
        guard let first = found.first, !organisationNamedBeside(claim, analysis, engine.matching),
              !summarisedByTheReview(claim, facts.model) else { return [] }
        let figures = found.map { analysis.string($0) }.joined(separator: ", ")
        return [Signal(rule: rule.id, message: MessageTemplate.fill(rule.message, ["figures": figures]),
                       range: analysis.textRange(first))]
    }

    /// A document that reports a named review or meta-analysis summarises the
    /// studies it pooled: a sentence that speaks of one of them ("another phase 2
    /// trial of 29 patients showed …") is the review's account, sourced by it.
    private func summarisedByTheReview(_ claim: Claim, _ model: DocumentModel) -> Bool {
        guard let main = model.mainStudy, main.isNamed,
              main.designs.contains(where: { $0 == .review || $0 == .metaAnalysis }) else { return false }
        return claim.sentenceIndices.contains { model.sentenceSpeaksOfStudy($0, inBlock: claim.blockIndex) != nil }
    }

    /// A registry organisation, or a capitalised society, agency or institute
    /// (`source-bodies`), named in the claim's sentences or the sentence on either
    /// side: such bodies' estimates come in a run of sentences, the body named once
    /// ("According to the American Cancer Society, …").
    private func organisationNamedBeside(_ claim: Claim, _ analysis: BlockAnalysis, _ matching: MatchingLayer) -> Bool {
        guard !claim.sentenceIndices.isEmpty, !analysis.sentences.isEmpty else { return false }
        let low = max(0, claim.sentenceIndices.lowerBound - 1)
        let high = min(analysis.sentences.count - 1, claim.sentenceIndices.upperBound)
        guard low <= high else { return false }
        let span = analysis.sentences[low].lowerBound..<analysis.sentences[high].upperBound
        if !analysis.matches(in: span, kind: .organisation, matching: matching).isEmpty { return true }
        let bodies = matching.listID(.sourceBodies)
        return analysis.matches(in: span, where: { _ in true }, matching: matching).contains { match in
            matching.tagList[Int(match.tag)] == bodies && analysis.tokens[match.start].isCapitalized
        }
    }
}
