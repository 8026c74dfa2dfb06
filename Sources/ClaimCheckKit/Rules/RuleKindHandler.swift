/// A kind of rule, as SwiftLint's rules are: the keys a rule of the kind may
/// use, how the kind's own part of a rule compiles from its YAML (a typed
/// `check:`, its phrases or pattern), and the signals it raises on a claim.
/// One file per kind; `RuleKinds.all` lists them. A new kind is a handler file
/// and its line there, plus its rules' entries in `verdicts.yml`.
protocol RuleKindHandler: Sendable {
    /// The `kind:` value of its rules.
    static var kind: RuleKind { get }
    /// Keys its rules may use besides `RuleLoader.commonKeys`; any other key is an error at its line.
    static var keys: Set<String> { get }
    /// Checks what the kind requires of a rule and compiles it; a mistake is an error at its line.
    static func compile(_ fields: YAMLFields, node: YAMLNode, lines: SourceLines) throws(ConfigurationError) -> Self
    /// The phrases the automaton matches for a rule of the kind, under the rule's tag.
    static func matchedPhrases(of rule: Rule) -> [String]
    /// Whether each of its rules needs an entry under `signals:` in verdicts.yml
    /// (its signals are judged by the policy's table of rules).
    static var needsPolicyEntry: Bool { get }
    /// When the rule can fire on a claim at all, from what the engine read of it
    /// once (its phrase matches, a figure, an attribution): most claims need no rule.
    /// A value, not a call: `RuleBook` reads every handler's gate once, and the
    /// engine tests it for every rule and claim without opening the handler.
    var gate: FireGate { get }
    /// The signals the rule raises on a claim it can fire on.
    func signals(of rule: Rule, at index: Int, for claim: Claim, in analysis: BlockAnalysis, engine: RuleEngine,
                 facts: DocumentFacts, context: RuleContext) -> [Signal]
}

extension RuleKindHandler {
    /// Whether the rule can fire on the claim (see `gate`).
    func canFire(on claim: Claim, at index: Int, context: RuleContext) -> Bool { gate.allows(claim, at: index, context: context) }

    static func matchedPhrases(of rule: Rule) -> [String] { [] }
    static var needsPolicyEntry: Bool { true }

    /// The rule's `check:`, one of the kind's checks: missing or unknown, an error that lists them.
    static func check<Check: RawRepresentable & CaseIterable>(_ type: Check.Type, in fields: YAMLFields,
                                                              node: YAMLNode) throws(ConfigurationError) -> Check where Check.RawValue == String {
        let allowed = "use one of: " + Check.allCases.map(\.rawValue).sorted().joined(separator: ", ")
        guard let value = fields["check"] else { throw node.error("a \(kind.rawValue) rule needs `check:`", fix: allowed) }
        let text = try value.string(context: "check")
        guard let check = Check(rawValue: text) else {
            throw value.error("unknown check `\(text)` for a \(kind.rawValue) rule", fix: allowed)
        }
        return check
    }
}

/// Every rule kind, in the order errors list them.
enum RuleKinds {
    static let all: [any RuleKindHandler.Type] = [
        PhraseHandler.self, PatternHandler.self, AttributionHandler.self, StatisticHandler.self,
        TableHandler.self, EvidenceHandler.self, ChecklistHandler.self, StudyHandler.self,
    ]

    static func handler(for name: String) -> (any RuleKindHandler.Type)? { all.first { $0.kind.rawValue == name } }
}

/// What a rule of a kind needs of a claim before it can fire.
enum FireGate: Sendable {
    /// Never per claim (a `checklist` rule judges the document).
    case never
    /// Every claim (a pattern with no prefilter).
    case always
    /// One of the rule's own phrases (or prefilter words) matched in the claim.
    case phraseMatched
    /// The claim is a quote with its attribution.
    case attribution
    /// The claim gives a figure, and is not a heading.
    case figure
    case table
    /// The article is on a registry condition's topic and the claim names a treatment.
    case treatmentOnTopic
    /// The document model found a study the article reports on.
    case reportedStudy

    @inline(__always) func allows(_ claim: Claim, at index: Int, context: RuleContext) -> Bool {
        switch self {
        case .never: return false
        case .always: return true
        case .phraseMatched: return context.phraseRules.contains(index)
        case .attribution: return context.hasAttribution
        case .figure: return context.hasNumber && !context.isHeading
        case .table: return claim.kind == .table
        case .treatmentOnTopic: return context.onTopic && context.namesIntervention
        case .reportedStudy: return context.reportsStudies
        }
    }
}

/// What the engine reads of a claim once, before any rule runs: which rules'
/// phrases matched, whether it names a treatment or a figure, what the document
/// says of itself. Small values only: it is made for every claim.
struct RuleContext {
    /// Indices of the rules whose phrases (or prefilter words) matched in the claim.
    let phraseRules: [Int]
    let namesIntervention: Bool
    let hasNumber: Bool
    /// A heading never carries its citation, so rules about missing sources do not
    /// judge one ("What the Evidence Shows"); hype in a headline is still caught.
    let isHeading: Bool
    /// The registry grades treatments for its conditions only: the article is on that topic.
    let onTopic: Bool
    /// The document model found a study the article reports on.
    let reportsStudies: Bool
    /// The claim is a quote with its attribution.
    let hasAttribution: Bool
    /// The claim strength of the claim's sentences, read once for every rule that weighs it.
    let strengths: StrengthReadings
}

/// The claim-strength readings (`ClaimStrengthClassifier`) of one claim's sentences,
/// each made the first time a rule asks for it: the evidence rule and every `study`
/// rule weigh the same sentences, and each read them again before. Made for one claim
/// and dropped with it.
final class StrengthReadings {
    private let classifier: ClaimStrengthClassifier
    private var readings: [(sentence: Range<Int>, reading: StrengthReading)] = []

    init(matching: MatchingLayer) { classifier = ClaimStrengthClassifier(matching: matching) }

    func reading(of sentence: Range<Int>, in analysis: BlockAnalysis) -> StrengthReading {
        if let known = readings.first(where: { $0.sentence == sentence }) { return known.reading }
        let reading = classifier.strength(of: sentence, in: analysis)
        readings.append((sentence, reading))
        return reading
    }
}
