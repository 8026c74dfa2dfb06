extension RuleKind {
    /// Tables of figures and whether they carry a source, caption or sample.
    static let table = RuleKind(rawValue: "table")
}

/// What a `table` rule checks of a table of figures.
enum TableCheck: String, CaseIterable, Sendable {
    /// Figures with no citation, sample size or source label.
    case unsourced
}

/// The `table` kind: tables of statistics with no source, sample or caption.
struct TableHandler: RuleKindHandler {
    static let kind = RuleKind.table
    static let keys: Set<String> = ["check"]
    let check: TableCheck

    static func compile(_ fields: YAMLFields, node: YAMLNode, lines: SourceLines) throws(ConfigurationError) -> TableHandler {
        TableHandler(check: try check(TableCheck.self, in: fields, node: node))
    }

    var gate: FireGate { .table }

    func signals(of rule: Rule, at index: Int, for claim: Claim, in analysis: BlockAnalysis, engine: RuleEngine,
                 facts: DocumentFacts, context: RuleContext) -> [Signal] {
        guard claim.kind == .table, let layout = analysis.block.table else { return [] }
        let matching = engine.matching
        let recognizer = StatisticRecognizer(analysis: analysis, matching: matching)
        let figures = recognizer.statistics(in: claim.tokens)
        let numbers = analysis.tokens[claim.tokens].filter { $0.kind == .number }.count
        guard !figures.isEmpty || numbers >= 3 else { return [] }
        let sampleCount = analysis.listMatches(.sampleNouns, in: claim.tokens, matching: matching).contains { match in
            match.start > claim.tokens.lowerBound && analysis.tokens[match.start - 1].kind == .number
        }
        if claim.isCited || sampleCount || analysis.hasList(.sampleCues, in: claim.tokens, matching: matching)
            || analysis.hasList(.sourceLabels, in: claim.tokens, matching: matching) { return [] }
        // Anchor the finding on the header row (or the first row), where a reader looks for a caption.
        let row = layout.header.isEmpty ? (layout.rows.first ?? []) : layout.header
        let range = (row.first?.lowerBound ?? claim.range.lowerBound)..<(row.last?.upperBound ?? claim.range.upperBound)
        return [Signal(rule: rule.id, message: rule.message, range: range)]
    }
}
