extension RuleKind {
    /// The asserted strength of an efficacy claim (read by `ClaimStrengthClassifier`) against the evidence registry.
    static let evidence = RuleKind(rawValue: "evidence")
}

/// The `evidence` kind: a claim that a treatment works, with the registry's grade,
/// found by `EvidenceWeigher`; the verdict stage applies the strength table.
struct EvidenceHandler: RuleKindHandler {
    static let kind = RuleKind.evidence
    static let keys: Set<String> = []
    /// The strength table of verdicts.yml judges its signals, not the table of rules.
    static let needsPolicyEntry = false

    static func compile(_ fields: YAMLFields, node: YAMLNode, lines: SourceLines) throws(ConfigurationError) -> EvidenceHandler {
        EvidenceHandler()
    }

    /// The registry grades treatments for its conditions only: a claim is weighed
    /// when the article is on that topic (a condition is named in its body) and it names a treatment.
    var gate: FireGate { .treatmentOnTopic }

    func signals(of rule: Rule, at index: Int, for claim: Claim, in analysis: BlockAnalysis, engine: RuleEngine,
                 facts: DocumentFacts, context: RuleContext) -> [Signal] {
        EvidenceWeigher(matching: engine.matching, registry: engine.registry, rule: rule)
            .signals(for: claim, in: analysis, facts: facts, strengths: context.strengths)
    }
}
