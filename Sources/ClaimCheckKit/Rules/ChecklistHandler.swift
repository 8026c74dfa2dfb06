extension RuleKind {
    /// Document-level criteria (names its sources, mentions harms and alternatives).
    static let checklist = RuleKind(rawValue: "checklist")
}

/// What a `checklist` rule asks of a document.
enum ChecklistCheck: String, CaseIterable, Sendable {
    /// The article names its sources: a citation mark, or a study the document model can name.
    case namesSources = "names-sources"
    /// One of the rule's phrases occurs in the body.
    case mentions
}

/// The `checklist` kind: a criterion judged once per document (see `Checklist`),
/// raising no signal on a claim.
struct ChecklistHandler: RuleKindHandler {
    static let kind = RuleKind.checklist
    static let keys: Set<String> = ["check", "phrases"]
    /// An item of the report's checklist, not a verdict.
    static let needsPolicyEntry = false
    let check: ChecklistCheck

    static func compile(_ fields: YAMLFields, node: YAMLNode, lines: SourceLines) throws(ConfigurationError) -> ChecklistHandler {
        ChecklistHandler(check: try check(ChecklistCheck.self, in: fields, node: node))
    }

    static func matchedPhrases(of rule: Rule) -> [String] { rule.phrases }

    var gate: FireGate { .never }

    func signals(of rule: Rule, at index: Int, for claim: Claim, in analysis: BlockAnalysis, engine: RuleEngine,
                 facts: DocumentFacts, context: RuleContext) -> [Signal] { [] }

    /// Whether the document meets the criterion of the rule at `index`.
    func passes(_ facts: DocumentFacts, ruleIndex index: Int) -> Bool {
        switch check {
        // A citation mark, or a study the document model can name (its journal,
        // meeting, lead author, institution or trial): the verdicts' attributions
        // point at it, so the checklist must not say the article names none.
        case .namesSources: return facts.bodyNamesSource || facts.model.studies.contains { $0.isNamed }
        case .mentions: return facts.bodyRulePhrases.contains(index)
        }
    }
}
