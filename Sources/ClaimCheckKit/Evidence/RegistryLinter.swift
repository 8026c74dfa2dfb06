/// Checks a registry for what loading alone cannot: duplicate aliases across
/// entries, evidence for unknown conditions, citations that are missing or unused,
/// identifiers that do not look like DOIs or PMIDs.
public struct RegistryLinter: Sendable {
    public init() {}

    public struct Problem: Sendable, CustomStringConvertible {
        public var file: String
        public var message: String
        public var description: String { "\(file): error: \(message)" }
    }

    public func lint(_ registry: EvidenceRegistry, conditionsFile: String = "conditions.yml",
                     organisationsFile: String = "organisations.yml") -> [Problem] {
        var problems: [Problem] = []
        var owners: [String: String] = [:]
        func claim(_ alias: String, by owner: String, file: String, caseSensitive: Bool = false) {
            let key = caseSensitive ? "=" + alias : alias.lowercased()
            if let previous = owners[key], previous != owner {
                problems.append(Problem(file: file, message: "alias `\(alias)` of \(owner) is also an alias of \(previous); an alias must name one entry"))
            } else {
                owners[key] = owner
            }
        }
        for condition in registry.conditions {
            for alias in condition.aliases + [condition.name] { claim(alias, by: "condition \(condition.id)", file: conditionsFile) }
        }
        for organisation in registry.organisations {
            for alias in organisation.aliases { claim(alias, by: "organisation \(organisation.id)", file: organisationsFile) }
            for alias in organisation.caseSensitiveAliases {
                claim(alias, by: "organisation \(organisation.id)", file: organisationsFile, caseSensitive: true)
            }
        }
        var seenIDs: [String: String] = [:]
        for intervention in registry.interventions {
            let file = intervention.file
            if let previous = seenIDs[intervention.id] {
                problems.append(Problem(file: file, message: "id `\(intervention.id)` is also used in \(previous)"))
            }
            seenIDs[intervention.id] = file
            for alias in intervention.aliases { claim(alias, by: "intervention \(intervention.id)", file: file) }
            if intervention.citations.isEmpty {
                problems.append(Problem(file: file, message: "\(intervention.id) has no citation; every entry must cite its sources (title, source, year)"))
            }
            if intervention.evidence.isEmpty {
                problems.append(Problem(file: file, message: "\(intervention.id) grades no condition; add an `evidence:` entry"))
            }
            let citationIDs = Set(intervention.citations.map(\.id))
            for entry in intervention.evidence {
                if registry.condition(entry.condition) == nil {
                    problems.append(Problem(file: file, message: "evidence for unknown condition `\(entry.condition)`; use an id from \(conditionsFile)"))
                }
                if entry.cites.isEmpty {
                    problems.append(Problem(file: file, message: "the \(entry.condition) entry cites nothing; add `cites: [citation-id]`"))
                }
                for cite in entry.cites where !citationIDs.contains(cite) {
                    problems.append(Problem(file: file, message: "the \(entry.condition) entry cites `\(cite)`, which is not among this file's citations"))
                }
            }
            for citation in intervention.citations {
                if let doi = citation.doi, !doi.hasPrefix("10.") {
                    problems.append(Problem(file: file, message: "citation \(citation.id): DOI `\(doi)` should start with `10.` (no `doi:` prefix)"))
                }
                if let pmid = citation.pmid, pmid.isEmpty || !pmid.allSatisfy(\.isNumber) {
                    problems.append(Problem(file: file, message: "citation \(citation.id): PMID `\(pmid)` must be digits only"))
                }
                if let url = citation.url, !(url.hasPrefix("http://") || url.hasPrefix("https://")) {
                    problems.append(Problem(file: file, message: "citation \(citation.id): URL `\(url)` must start with http:// or https://"))
                }
            }
        }
        return problems
    }
}
