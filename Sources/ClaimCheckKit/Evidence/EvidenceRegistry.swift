/// The evidence registry: interventions with graded evidence per condition,
/// conditions, real organisations and known experts, keyed by id.
public struct EvidenceRegistry: Sendable {
    public private(set) var interventions: [Intervention] = []
    public private(set) var conditions: [Condition] = []
    public private(set) var organisations: [Organisation] = []
    public private(set) var experts: [Expert] = []
    /// The domain packs loaded, in load order.
    public private(set) var domains: [Domain] = []
    /// Where each entry is written (parallel to the arrays above; positions are
    /// empty for entries built in code).
    public private(set) var locations = RegistryLocations()
    private var interventionIndex: [String: Int] = [:]
    private var organisationIndex: [String: Int] = [:]
    private var conditionIndex: [String: Int] = [:]
    /// Ids of the conditions marked `general: true`.
    public private(set) var generalConditions: Set<String> = []
    /// By intervention and by condition, the index of its pack in `domains` (-1 for none):
    /// the topic gate asks it for every intervention a sentence names.
    public private(set) var interventionDomain: [Int] = []
    /// By condition, the packs a document naming it is about: the condition's own, and
    /// those of interventions graded for it (a remedies pack's entry for a supplements
    /// pack's condition puts a page naming that condition on the remedies pack's topic too).
    public private(set) var conditionDomains: [[Int]] = []

    /// The domain pack an intervention belongs to (its folder name); `general` for one built in code.
    public func domain(of intervention: Intervention) -> String {
        intervention.domain.isEmpty ? "general" : intervention.domain
    }

    public init(interventions: [Intervention] = [], conditions: [Condition] = [],
                organisations: [Organisation] = [], experts: [Expert] = [], domains: [Domain] = [],
                locations: RegistryLocations = RegistryLocations()) {
        self.interventions = interventions
        self.conditions = conditions
        self.organisations = organisations
        self.experts = experts
        self.domains = domains
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
        let domainIndex = Dictionary(domains.enumerated().map { ($1.id, $0) }, uniquingKeysWith: { first, _ in first })
        interventionDomain = interventions.map { domainIndex[$0.domain] ?? -1 }
        var graded: [String: Set<Int>] = [:]
        for (index, intervention) in interventions.enumerated() {
            for condition in intervention.evidence.map(\.condition) + intervention.harmClaims.map(\.effect) {
                graded[condition, default: []].insert(interventionDomain[index])
            }
        }
        conditionDomains = conditions.map { condition in
            let own = domainIndex[condition.domain] ?? -1
            return [own] + (graded[condition.id] ?? []).subtracting([own]).sorted()
        }
    }

    /// Adds another registry's entries (an extra registry folder). Ids that
    /// clash are kept, so that `RegistryLinter` reports them; lookups find the first.
    public mutating func merge(_ other: EvidenceRegistry) {
        padLocations()
        interventions += other.interventions
        conditions += other.conditions
        organisations += other.organisations
        experts += other.experts
        domains += other.domains
        locations.append(other.locations)
        padLocations()
        reindex()
    }

    public func intervention(_ id: String) -> Intervention? { interventionIndex[id].map { interventions[$0] } }
    public func organisation(_ id: String) -> Organisation? { organisationIndex[id].map { organisations[$0] } }
    public func condition(_ id: String) -> Condition? { conditionIndex[id].map { conditions[$0] } }
    public func domain(_ id: String) -> Domain? { domains.first { $0.id == id } }

    /// A condition and its broader ones, nearest first ("telogen effluvium", then "hair loss").
    /// Stops at a cycle or an unknown parent, which `RegistryLinter` reports.
    public func lineage(of id: String) -> [String] {
        var chain: [String] = []
        var next: String? = id
        while let current = next, !chain.contains(current), let condition = condition(current) {
            chain.append(current)
            next = condition.parent
        }
        return chain
    }

    /// The evidence entry a claim about an intervention is weighed against. Of the
    /// conditions the sentence names (the deepest in its tree first), the first whose lineage
    /// reaches a condition the intervention is graded for: "postpartum shedding"
    /// is weighed against a `hair-loss` entry when there is none for telogen
    /// effluvium itself. A sentence that names conditions, none of them on the
    /// intervention's tree, is not about what the registry grades it for (nil);
    /// one that names none is weighed against its pack's general entry, else its strongest.
    /// Of several entries for one condition (by population), the one whose population
    /// the sentence names ("in women"), else the first the file lists.
    public func entry(of intervention: Intervention, named: [Condition], words: Set<String> = []) -> EvidenceEntry? {
        guard !named.isEmpty else { return intervention.entry(for: nil, general: generalConditions) }
        for chain in deepestFirst(named) {
            for id in chain {
                let entries = intervention.evidence.filter { $0.condition == id }
                guard let first = entries.first else { continue }
                guard entries.count > 1 else { return first }
                // The intervention's own names are its subject, not a population ("apricot kernels").
                let names = Set((intervention.aliases + [intervention.name]).flatMap { $0.lowercased().split { !$0.isLetter }.map(String.init) })
                let scored = entries.map { entry in
                    (entry, Self.populationWords(entry.population).filter { words.contains($0) && !names.contains($0) }.count)
                }
                return scored.max { $0.1 < $1.1 }.flatMap { $0.1 > 0 ? $0.0 : nil } ?? first
            }
        }
        return nil
    }

    /// The lineages of the named conditions, the deepest first ("seizures in Dravet
    /// syndrome" is about Dravet syndrome), each walked once.
    private func deepestFirst(_ named: [Condition]) -> [[String]] {
        named.map { lineage(of: $0.id) }.sorted { $0.count > $1.count }
    }

    /// The words of an entry's population that a sentence must name to select it ("women", "children").
    static func populationWords(_ population: String?) -> [String] {
        guard let population else { return [] }
        return population.lowercased().split { !$0.isLetter }.map(String.init)
            .filter { $0.count >= 3 && !populationFillers.contains($0) }
    }

    /// Words of populations that say nothing a sentence would name.
    static let populationFillers: Set<String> = ["and", "the", "with", "used", "use", "taken", "before", "after", "from", "than",
                                                  "that", "this", "its", "own", "general", "into", "over", "under", "only", "for",
                                                  "begun", "started", "begin", "begins", "per", "day", "days", "long", "term"]

    /// The harm claim a sentence naming `named` conditions makes about an intervention:
    /// the one whose effect is on a named condition's lineage ("autism spectrum
    /// disorder" under "autism"), nearest first.
    public func harmClaim(of intervention: Intervention, named: [Condition]) -> HarmClaim? {
        guard !intervention.harmClaims.isEmpty else { return nil }
        for chain in deepestFirst(named) {
            for id in chain {
                if let claim = intervention.harmClaims.first(where: { $0.effect == id }) { return claim }
            }
        }
        return nil
    }

    /// The registry without the entries of some packs (a config's `disable-packs:`).
    public func removingPacks(_ packs: Set<String>) -> EvidenceRegistry {
        guard !packs.isEmpty else { return self }
        var locations = RegistryLocations()
        var kept = EvidenceRegistry()
        for (index, item) in interventions.enumerated() where !packs.contains(item.domain) {
            kept.interventions.append(item); locations.interventions.append(self.locations.interventions[index])
        }
        for (index, item) in conditions.enumerated() where !packs.contains(item.domain) {
            kept.conditions.append(item); locations.conditions.append(self.locations.conditions[index])
        }
        for (index, item) in organisations.enumerated() where !packs.contains(item.domain) {
            kept.organisations.append(item); locations.organisations.append(self.locations.organisations[index])
        }
        for (index, item) in experts.enumerated() where !packs.contains(item.domain) {
            kept.experts.append(item); locations.experts.append(self.locations.experts[index])
        }
        for (index, item) in domains.enumerated() where !packs.contains(item.id) {
            kept.domains.append(item)
            if index < self.locations.domains.count { locations.domains.append(self.locations.domains[index]) }
        }
        kept.locations = locations
        kept.padLocations()
        kept.reindex()
        return kept
    }

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
