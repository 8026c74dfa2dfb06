/// Checks a registry for what loading alone cannot: ids and aliases used twice,
/// evidence for unknown conditions, citations that are missing or unused,
/// identifiers that do not look like DOIs, PMIDs or URLs. `claimcheck registry
/// lint` prints the problems; `ClaimChecker.load` refuses a registry with any.
public struct RegistryLinter: Sendable {
    public init() {}

    public struct Problem: Sendable, CustomStringConvertible {
        public var file: String
        public var line: Int
        public var column: Int
        public var message: String
        public var fix: String?

        public init(at location: FilePosition, message: String, fix: String? = nil) {
            file = location.file
            line = location.line
            column = location.column
            self.message = message
            self.fix = fix
        }

        public var location: FilePosition { FilePosition(file: file, line: line, column: column) }
        public var error: ConfigurationError { ConfigurationError(at: location, message: message, fix: fix) }
        public var description: String { error.description }
    }

    /// - Parameters: conditionsFile, organisationsFile: named for entries whose
    ///   position is not known (a registry built in code).
    public func lint(_ registry: EvidenceRegistry, conditionsFile: String = "conditions.yml",
                     organisationsFile: String = "organisations.yml") -> [Problem] {
        var problems: [Problem] = []
        let locations = registry.locations
        func known(_ location: FilePosition?, or file: String) -> FilePosition {
            if let location, !location.file.isEmpty { return location }
            return FilePosition(file: file)
        }

        var owners: [String: (owner: String, at: FilePosition)] = [:]
        func claim(_ alias: String, by owner: String, at location: FilePosition, caseSensitive: Bool = false) {
            let key = caseSensitive ? "=" + alias : alias.lowercased()
            if let previous = owners[key] {
                guard previous.owner != owner else { return }
                problems.append(Problem(at: location,
                    message: "alias `\(alias)` of \(owner) is also an alias of \(previous.owner) (\(previous.at)); an alias must name one entry",
                    fix: "keep the alias on the entry it names, and remove it here"))
            } else {
                owners[key] = (owner, location)
            }
        }
        func duplicateID(_ kind: String, _ id: String, at location: FilePosition, seen: inout [String: FilePosition]) {
            if let previous = seen[id] {
                problems.append(Problem(at: location, message: "\(kind) id `\(id)` is also used at \(previous)",
                                        fix: "give each entry its own id (an extra registry folder cannot redefine an entry of the main one)"))
            } else {
                seen[id] = location
            }
        }

        var conditionIDs: [String: FilePosition] = [:]
        for (index, condition) in registry.conditions.enumerated() {
            let place = locations.conditions[safely: index]
            duplicateID("condition", condition.id, at: known(place?.id ?? place?.entry, or: conditionsFile), seen: &conditionIDs)
            for (aliasIndex, alias) in condition.aliases.enumerated() {
                claim(alias, by: "condition \(condition.id)", at: known(place?.aliases[safely: aliasIndex], or: conditionsFile))
            }
            claim(condition.name, by: "condition \(condition.id)", at: known(place?.name, or: conditionsFile))
        }
        for (index, condition) in registry.conditions.enumerated() {
            let place = known(locations.conditions[safely: index]?.parent ?? locations.conditions[safely: index]?.entry, or: conditionsFile)
            if let parent = condition.parent {
                if condition.isGeneral {
                    problems.append(Problem(at: place, message: "condition \(condition.id) is `general: true` and has a parent; a general condition is the top of its pack's tree",
                                            fix: "remove `parent:`, or remove `general: true`"))
                } else if registry.condition(parent) == nil {
                    let suggestion = YAMLNode.closest(parent, in: Set(registry.conditions.map(\.id))).map { "did you mean `\($0)`? " } ?? ""
                    problems.append(Problem(at: place, message: "condition \(condition.id) has unknown parent `\(parent)`",
                                            fix: suggestion + "name a condition id of any pack"))
                } else if let top = registry.lineage(of: condition.id).last.flatMap(registry.condition), let above = top.parent,
                          registry.lineage(of: condition.id).contains(above) {
                    problems.append(Problem(at: place, message: "condition \(condition.id) is its own ancestor (its parents go round in a circle)",
                                            fix: "make one condition on the circle `general: true`, without a parent"))
                }
            } else if !condition.isGeneral {
                let general = registry.conditions.filter { $0.isGeneral && $0.domain == condition.domain }.map(\.id)
                problems.append(Problem(at: place, message: "condition \(condition.id) has no parent; every condition is a kind of a broader one, up to its pack's general condition",
                    fix: general.isEmpty ? "add `parent: <condition id>`, or `general: true` if it is the pack's catch-all"
                                         : "add `parent: \(general[0])` (or the broader condition it is a kind of), or `general: true`"))
            }
        }
        var organisationIDs: [String: FilePosition] = [:]
        for (index, organisation) in registry.organisations.enumerated() {
            let place = locations.organisations[safely: index]
            duplicateID("organisation", organisation.id, at: known(place?.id ?? place?.entry, or: organisationsFile), seen: &organisationIDs)
            for (aliasIndex, alias) in organisation.aliases.enumerated() {
                claim(alias, by: "organisation \(organisation.id)", at: known(place?.aliases[safely: aliasIndex], or: organisationsFile))
            }
            for (aliasIndex, alias) in organisation.caseSensitiveAliases.enumerated() {
                claim(alias, by: "organisation \(organisation.id)",
                      at: known(place?.aliases[safely: organisation.aliases.count + aliasIndex], or: organisationsFile), caseSensitive: true)
            }
            if OrganisationKind(rawValue: organisation.kind) == nil {
                let suggestion = YAMLNode.closest(organisation.kind, in: Set(OrganisationKind.allCases.map(\.rawValue))).map { "did you mean `\($0)`? " } ?? ""
                problems.append(Problem(at: known(place?.kind ?? place?.entry, or: organisationsFile),
                    message: organisation.kind.isEmpty ? "organisation \(organisation.id) has no `kind`"
                                                       : "organisation \(organisation.id) has unknown kind `\(organisation.kind)`",
                    fix: suggestion + "use one of: " + OrganisationKind.names))
            }
        }
        /// The conditions of an intervention's own pack (all of them for one built in code), for the fix of an unknown one.
        func packConditions(_ intervention: Intervention) -> [String] {
            let own = registry.conditions.filter { $0.domain == intervention.domain }.map(\.id)
            return own.isEmpty ? registry.conditions.map(\.id) : own
        }
        var interventionIDs: [String: FilePosition] = [:]
        for (index, intervention) in registry.interventions.enumerated() {
            let place = locations.interventions[safely: index]
            let file = intervention.file
            duplicateID("intervention", intervention.id, at: known(place?.id, or: file), seen: &interventionIDs)
            for (aliasIndex, alias) in intervention.aliases.enumerated() {
                claim(alias, by: "intervention \(intervention.id)", at: known(place?.aliases[safely: aliasIndex], or: file))
            }
            if intervention.citations.isEmpty {
                problems.append(Problem(at: known(place?.citationsKey ?? place?.entry, or: file),
                    message: "\(intervention.id) has no citation; every entry must cite its sources (title, source, year)",
                    fix: "add `citations:` with at least one `{id, title, source, year}`"))
            }
            if intervention.evidence.isEmpty {
                problems.append(Problem(at: known(place?.evidenceKey ?? place?.entry, or: file),
                    message: "\(intervention.id) grades no condition; add an `evidence:` entry",
                    fix: "add `evidence:` with a `{condition, grade, summary, cites}` entry (one for the pack's general condition at least)"))
            }
            let citationIDs = Set(intervention.citations.map(\.id))
            /// A graded entry (benefit or harm) must name a known condition and cite this file's citations.
            func checkGraded(_ label: String, condition: String, cites: [String], at entryPlace: RegistryLocations.Evidence?,
                             unknownCondition: String, unknownFix: String, noCitesMessage: String, noCitesFix: String) {
                if registry.condition(condition) == nil {
                    problems.append(Problem(at: known(entryPlace?.condition ?? entryPlace?.entry, or: file),
                        message: unknownCondition, fix: unknownFix + packConditions(intervention).joined(separator: ", ")))
                }
                if cites.isEmpty {
                    problems.append(Problem(at: known(entryPlace?.entry, or: file), message: noCitesMessage, fix: noCitesFix))
                }
                for (citeIndex, cite) in cites.enumerated() where !citationIDs.contains(cite) {
                    problems.append(Problem(at: known(entryPlace?.cites[safely: citeIndex] ?? entryPlace?.entry, or: file),
                        message: "\(label) cites `\(cite)`, which is not among this file's citations",
                        fix: citationIDs.isEmpty ? "add the citation under `citations:`" : "use one of: " + citationIDs.sorted().joined(separator: ", ")))
                }
            }
            for (entryIndex, evidence) in intervention.evidence.enumerated() {
                checkGraded("the \(evidence.condition) entry", condition: evidence.condition, cites: evidence.cites,
                            at: place?.evidence[safely: entryIndex],
                            unknownCondition: "evidence for unknown condition `\(evidence.condition)`; use an id from \(conditionsFile)",
                            unknownFix: "use one of: ",
                            noCitesMessage: "the \(evidence.condition) entry cites nothing; add `cites: [citation-id]`",
                            noCitesFix: "cite at least one id from this file's `citations:`")
            }
            for (claimIndex, harm) in intervention.harmClaims.enumerated() {
                checkGraded("the harm claim of \(harm.effect)", condition: harm.effect, cites: harm.cites,
                            at: place?.harmClaims[safely: claimIndex],
                            unknownCondition: "harm claim for unknown condition `\(harm.effect)`; the effect must be a condition id",
                            unknownFix: "add the condition to its pack's conditions.yml, or use one of: ",
                            noCitesMessage: "the harm claim of \(harm.effect) cites nothing; a grade needs its evidence",
                            noCitesFix: "add `cites: [citation-id]` with an id from this file's `citations:`")
            }
            for (citationIndex, citation) in intervention.citations.enumerated() {
                let citationPlace = place?.citations[safely: citationIndex]
                if let doi = citation.doi, !doi.hasPrefix("10.") {
                    problems.append(Problem(at: known(citationPlace?.doi ?? citationPlace?.entry, or: file),
                        message: "citation \(citation.id): DOI `\(doi)` should start with `10.` (no `doi:` prefix)",
                        fix: "write the bare DOI, such as `10.1001/jamadermatol.2019.0001`"))
                }
                if let pmid = citation.pmid, pmid.isEmpty || !pmid.allSatisfy(\.isNumber) {
                    problems.append(Problem(at: known(citationPlace?.pmid ?? citationPlace?.entry, or: file),
                        message: "citation \(citation.id): PMID `\(pmid)` must be digits only",
                        fix: "write the PubMed number alone, in quotes: `pmid: \"31234567\"`"))
                }
                if let url = citation.url, !(url.hasPrefix("http://") || url.hasPrefix("https://")) {
                    problems.append(Problem(at: known(citationPlace?.url ?? citationPlace?.entry, or: file),
                        message: "citation \(citation.id): URL `\(url)` must start with http:// or https://",
                        fix: "write the full address, such as `https://www.example.org/guidance/page`"))
                }
            }
        }
        return problems
    }
}

extension Array {
    /// The element at `index`, or nil past the end (positions of a registry built in code).
    fileprivate subscript(safely index: Int) -> Element? { indices.contains(index) ? self[index] : nil }
}
