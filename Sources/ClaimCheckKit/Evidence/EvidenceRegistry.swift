/// The evidence registry: interventions with graded evidence per condition,
/// conditions, real organisations and known experts, keyed by id.
public struct EvidenceRegistry: Sendable {
    public private(set) var interventions: [Intervention] = []
    public private(set) var conditions: [Condition] = []
    public private(set) var organisations: [Organisation] = []
    public private(set) var experts: [Expert] = []
    /// Where each entry is written (parallel to the arrays above; positions are
    /// empty for entries built in code).
    public private(set) var locations = RegistryLocations()
    private var interventionIndex: [String: Int] = [:]
    private var organisationIndex: [String: Int] = [:]
    private var conditionIndex: [String: Int] = [:]
    /// Ids of the conditions marked `general: true`.
    public private(set) var generalConditions: Set<String> = []

    /// The domain an intervention belongs to: the general condition (`general: true`)
    /// of its evidence, else of the registry, else `general`. A registry is one
    /// domain's pack today, so this is the pack's catch-all condition.
    public func domain(of intervention: Intervention) -> String {
        intervention.evidence.lazy.map(\.condition).first { generalConditions.contains($0) }
            ?? conditions.first(where: \.isGeneral)?.id ?? "general"
    }

    public init(interventions: [Intervention] = [], conditions: [Condition] = [],
                organisations: [Organisation] = [], experts: [Expert] = [], locations: RegistryLocations = RegistryLocations()) {
        self.interventions = interventions
        self.conditions = conditions
        self.organisations = organisations
        self.experts = experts
        self.locations = locations
        padLocations()
        reindex()
    }

    private mutating func padLocations() {
        locations.pad(interventionFiles: interventions.map(\.file), conditions: conditions.count,
                      organisations: organisations.count, experts: experts.count)
    }

    private mutating func reindex() {
        interventionIndex = Dictionary(interventions.enumerated().map { ($1.id, $0) }, uniquingKeysWith: { first, _ in first })
        organisationIndex = Dictionary(organisations.enumerated().map { ($1.id, $0) }, uniquingKeysWith: { first, _ in first })
        conditionIndex = Dictionary(conditions.enumerated().map { ($1.id, $0) }, uniquingKeysWith: { first, _ in first })
        generalConditions = Set(conditions.filter(\.isGeneral).map(\.id))
    }

    /// Adds another registry's entries (an extra registry folder). Ids that
    /// clash are kept, so that `RegistryLinter` reports them; lookups find the first.
    public mutating func merge(_ other: EvidenceRegistry) {
        padLocations()
        interventions += other.interventions
        conditions += other.conditions
        organisations += other.organisations
        experts += other.experts
        locations.append(other.locations)
        padLocations()
        reindex()
    }

    public func intervention(_ id: String) -> Intervention? { interventionIndex[id].map { interventions[$0] } }
    public func organisation(_ id: String) -> Organisation? { organisationIndex[id].map { organisations[$0] } }
    public func condition(_ id: String) -> Condition? { conditionIndex[id].map { conditions[$0] } }

    /// Finds an entry by id, name or alias, case-insensitively (for `registry show`).
    public func lookup(_ query: String) -> (intervention: Intervention?, organisation: Organisation?, condition: Condition?) {
        let key = query.lowercased()
        func matches(_ id: String, _ name: String, _ aliases: [String]) -> Bool {
            id.lowercased() == key || name.lowercased() == key || aliases.contains { $0.lowercased() == key }
        }
        return (interventions.first { matches($0.id, $0.name, $0.aliases) },
                organisations.first { matches($0.id, $0.name, $0.aliases + $0.caseSensitiveAliases) },
                conditions.first { matches($0.id, $0.name, $0.aliases) })
    }
}
