extension RuleKind {
    /// Quotes and who they are attributed to.
    static let attribution = RuleKind(rawValue: "attribution")
}

/// What an `attribution` rule checks of a quote's speaker.
enum AttributionCheck: String, CaseIterable, Sendable {
    /// A vague credential ("a renowned dermatologist") with nothing that identifies the speaker.
    case vagueCredential = "vague-credential"
    /// A named speaker with no role, affiliation or introduction.
    case noAffiliation = "no-affiliation"
    /// An affiliation that is not a known organisation.
    case unknownOrganisation = "unknown-organisation"
    /// A real organisation quoted with no link or citation.
    case uncitedOrganisation = "uncited-organisation"
}

/// The `attribution` kind: a claim's attribution (speaker, descriptor,
/// affiliation, organisations) against what identifies the speaker.
struct AttributionHandler: RuleKindHandler {
    static let kind = RuleKind.attribution
    static let keys: Set<String> = ["check"]
    let check: AttributionCheck

    static func compile(_ fields: YAMLFields, node: YAMLNode, lines: SourceLines) throws(ConfigurationError) -> AttributionHandler {
        AttributionHandler(check: try check(AttributionCheck.self, in: fields, node: node))
    }

    var gate: FireGate { .attribution }

    func signals(of rule: Rule, at index: Int, for claim: Claim, in analysis: BlockAnalysis, engine: RuleEngine,
                 facts: DocumentFacts, context: RuleContext) -> [Signal] {
        guard let attribution = claim.attribution else { return [] }
        let registry = engine.registry
        let organisations = attribution.organisations.map { registry.organisations[$0] }
        let vouching = organisations.contains { $0.vouchesForTreatments }
        let speaker = attribution.speaker ?? "the speaker"
        let message: String
        switch check {
        case .vagueCredential:
            guard !attribution.vagueWords.isEmpty, attribution.expert == nil, !attribution.isInstitutional, !vouching,
                  !claim.isCited, !(attribution.hasRole && attribution.affiliation != nil) else { return [] }
            let words = attribution.vagueWords.map { "“\($0)”" }.joined(separator: ", ")
            var detail = "no affiliation, link or registry entry identifies \(speaker)"
            if let weak = organisations.first(where: { !$0.vouchesForTreatments }) {
                detail = "\(weak.name) is an organisation of kind “\(weak.kind)”, not a clinical authority, and no link or registry entry identifies \(speaker)"
            } else if let affiliation = attribution.affiliation {
                detail = "“\(affiliation)” is not a known organisation and no link or registry entry identifies \(speaker)"
            }
            message = MessageTemplate.fill(rule.message, ["words": words, "detail": detail, "speaker": speaker])
        case .noAffiliation:
            guard !attribution.isOrganisational, attribution.vagueWords.isEmpty, attribution.affiliation == nil,
                  organisations.isEmpty, attribution.expert == nil, attribution.descriptor == nil, !attribution.isIntroduced,
                  !attribution.hasRole,
                  !claim.isCited else { return [] }
            message = MessageTemplate.fill(rule.message, ["speaker": speaker])
        case .unknownOrganisation:
            guard let affiliation = attribution.affiliation, !attribution.isInstitutional, organisations.isEmpty,
                  !attribution.isOrganisational || attribution.organisations.isEmpty else { return [] }
            message = MessageTemplate.fill(rule.message, ["organisation": affiliation, "speaker": speaker])
        case .uncitedOrganisation:
            guard attribution.isOrganisational, let organisation = organisations.first, !claim.isCited else { return [] }
            message = MessageTemplate.fill(rule.message, ["organisation": organisation.name, "speaker": speaker])
        }
        return [Signal(rule: rule.id, message: message, range: attribution.range)]
    }
}
