extension EvidenceRegistry {
    /// The id, name or alias of an entry nearest to a query that finds none
    /// (`registry show`, `GET /v1/registry/{id}`): a misspelling at most three
    /// edits away, compared case-insensitively; nil when nothing is that near.
    public func closestName(to query: String) -> String? {
        var candidates = Set<String>()
        for intervention in interventions { candidates.insert(intervention.id); candidates.insert(intervention.name); candidates.formUnion(intervention.aliases) }
        for condition in conditions { candidates.insert(condition.id); candidates.insert(condition.name); candidates.formUnion(condition.aliases) }
        for organisation in organisations { candidates.insert(organisation.id); candidates.insert(organisation.name); candidates.formUnion(organisation.aliases) }
        let lowered = Dictionary(candidates.map { ($0.lowercased(), $0) }, uniquingKeysWith: { min($0, $1) })
        return YAMLNode.closest(query.lowercased(), in: Set(lowered.keys)).flatMap { lowered[$0] }
    }
}

extension EvidenceRegistry {
    /// The interventions graded for a condition, in registry order, each with its
    /// strongest grade for it (`registry show`, `GET /v1/registry/{id}`).
    public func interventionsGraded(for conditionID: String) -> [(intervention: Intervention, grade: EvidenceGrade)] {
        interventions.compactMap { intervention in
            intervention.evidence.filter { $0.condition == conditionID }.map(\.grade).max().map { (intervention, $0) }
        }
    }
}
