extension RuleKind {
    /// A claim against the design and size of the study the article reports on.
    static let study = RuleKind(rawValue: "study")
}

/// What a `study` rule compares a claim with (see `StudyChecker`).
enum StudyCheck: String, CaseIterable, Sendable {
    /// Cause and effect read into a study that only watched people.
    case causalFromObservational = "causal-from-observational"
    /// A result in animals or cells stated as an effect in people.
    case animalAsHuman = "animal-as-human"
    /// Proof, safety or a cure claimed for an early, uncontrolled or small trial.
    case earlyTrialOverclaim = "early-trial-overclaim"
}

/// The `study` kind: a claim weighed against the study the article reports on.
struct StudyHandler: RuleKindHandler {
    static let kind = RuleKind.study
    static let keys: Set<String> = ["check", "phrases", "unless"]
    let check: StudyCheck

    static func compile(_ fields: YAMLFields, node: YAMLNode, lines: SourceLines) throws(ConfigurationError) -> StudyHandler {
        StudyHandler(check: try check(StudyCheck.self, in: fields, node: node))
    }

    static func matchedPhrases(of rule: Rule) -> [String] { rule.phrases }

    var gate: FireGate { .reportedStudy }

    func signals(of rule: Rule, at index: Int, for claim: Claim, in analysis: BlockAnalysis, engine: RuleEngine,
                 facts: DocumentFacts, context: RuleContext) -> [Signal] {
        guard let signal = StudyChecker(engine: engine, rule: rule, ruleIndex: index, check: check)
                .signal(for: claim, in: analysis, facts: facts, strengths: context.strengths) else { return [] }
        return [signal]
    }
}
