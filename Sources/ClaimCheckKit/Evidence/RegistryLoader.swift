import Foundation

/// Loads a registry folder: `conditions.yml`, `organisations.yml`, `experts.yml`
/// and `interventions/*.yml`. Every key is checked; mistakes carry file, line
/// and column, and so do the registry's `locations`, for `RegistryLinter`.
public struct RegistryLoader: Sendable {
    public init() {}

    /// - Parameter main: the registry of a rules folder (not an extra folder of a
    ///   config), which must have `conditions.yml`, `organisations.yml` and an
    ///   `interventions/` folder with at least one file.
    public func load(folder: String, main: Bool = false) throws(ConfigurationErrors) -> EvidenceRegistry {
        guard FileLoader.isFolder(folder) else {
            let exists = FileManager.default.fileExists(atPath: folder)
            throw ConfigurationErrors([ConfigurationError(file: folder,
                message: exists ? "is a file, where a registry folder is expected" : "registry folder not found",
                fix: "name a folder holding conditions.yml, organisations.yml, experts.yml and interventions/")])
        }
        var errors: [ConfigurationError] = []
        var conditions: [Condition] = []
        var organisations: [Organisation] = []
        var experts: [Expert] = []
        var interventions: [Intervention] = []
        var locations = RegistryLocations()
        let path = { (name: String) in (folder as NSString).appendingPathComponent(name) }

        func read(_ path: String, required: Bool, _ body: (YAMLNode) throws(ConfigurationError) -> Void) {
            guard FileManager.default.fileExists(atPath: path) else {
                if required {
                    errors.append(ConfigurationError(file: path, message: "the registry has no \((path as NSString).lastPathComponent)",
                        fix: "restore it from the ClaimCheck checkout (see Rules/evidence/README.md for its keys)"))
                }
                return
            }
            do throws(ConfigurationError) {
                guard let node = try YAMLNode.load(path: path) else {
                    if required { throw ConfigurationError(file: path, message: "the file is empty", fix: "restore it, or list its entries") }
                    return
                }
                try body(node)
            } catch { errors.append(error) }
        }

        read(path("conditions.yml"), required: main) { root throws(ConfigurationError) in
            let top = try root.mapping(allowed: ["conditions"], context: "conditions.yml")
            for item in try top["conditions"]?.sequence(context: "conditions") ?? [] {
                let fields = try item.mapping(allowed: ["id", "name", "aliases", "general"], context: "a condition")
                let aliases = try fields["aliases"]?.locatedStrings(context: "aliases") ?? []
                conditions.append(Condition(id: try fields.required("id", in: item), name: try fields.required("name", in: item),
                                            aliases: aliases.map(\.0),
                                            isGeneral: try fields["general"]?.bool(context: "general") ?? false))
                locations.conditions.append(Self.entry(item, fields, aliases: aliases.map(\.1)))
            }
        }
        read(path("organisations.yml"), required: main) { root throws(ConfigurationError) in
            let top = try root.mapping(allowed: ["organisations"], context: "organisations.yml")
            for item in try top["organisations"]?.sequence(context: "organisations") ?? [] {
                let fields = try item.mapping(allowed: ["id", "name", "aliases", "aliases-case-sensitive", "kind", "url", "note",
                                                        "vouches-for-treatments"], context: "an organisation")
                let aliases = try fields["aliases"]?.locatedStrings(context: "aliases") ?? []
                let exact = try fields["aliases-case-sensitive"]?.locatedStrings(context: "aliases-case-sensitive") ?? []
                organisations.append(Organisation(
                    id: try fields.required("id", in: item), name: try fields.required("name", in: item),
                    aliases: aliases.map(\.0), caseSensitiveAliases: exact.map(\.0),
                    kind: try fields["kind"]?.string(context: "kind") ?? "other",
                    url: try fields["url"]?.string(context: "url"), note: try fields["note"]?.string(context: "note"),
                    vouchesForTreatments: try fields["vouches-for-treatments"]?.bool(context: "vouches-for-treatments") ?? true))
                locations.organisations.append(Self.entry(item, fields, aliases: (aliases + exact).map(\.1)))
            }
        }
        read(path("experts.yml"), required: false) { root throws(ConfigurationError) in
            let top = try root.mapping(allowed: ["experts"], context: "experts.yml")
            for item in try top["experts"]?.sequence(context: "experts") ?? [] {
                let fields = try item.mapping(allowed: ["name", "aliases", "organisation", "note"], context: "an expert")
                let aliases = try fields["aliases"]?.locatedStrings(context: "aliases") ?? []
                experts.append(Expert(name: try fields.required("name", in: item), aliases: aliases.map(\.0),
                                      organisation: try fields["organisation"]?.string(context: "organisation"),
                                      note: try fields["note"]?.string(context: "note")))
                locations.experts.append(Self.entry(item, fields, aliases: aliases.map(\.1)))
            }
        }
        let interventionFolder = path("interventions")
        let files = FileLoader.yamlFiles(in: interventionFolder)
        if main && files.isEmpty {
            errors.append(ConfigurationError(file: interventionFolder,
                message: FileLoader.isFolder(interventionFolder) ? "the registry has no intervention files" : "the registry has no interventions/ folder",
                fix: "restore interventions/ from the ClaimCheck checkout: one <id>.yml per treatment"))
        }
        for file in files {
            let filePath = (interventionFolder as NSString).appendingPathComponent(file)
            do throws(ConfigurationError) {
                guard let root = try YAMLNode.load(path: filePath) else {
                    throw ConfigurationError(file: filePath, message: "the intervention file is empty",
                                             fix: "fill in id, name, evidence and citations (see Rules/evidence/README.md), or delete the file")
                }
                let (intervention, location) = try Self.intervention(root)
                interventions.append(intervention)
                locations.interventions.append(location)
            } catch { errors.append(error) }
        }
        if !errors.isEmpty { throw ConfigurationErrors(errors) }
        return EvidenceRegistry(interventions: interventions, conditions: conditions,
                                organisations: organisations, experts: experts, locations: locations)
    }

    static func entry(_ item: YAMLNode, _ fields: YAMLFields, aliases: [YAMLNode]) -> RegistryLocations.Entry {
        var entry = RegistryLocations.Entry(entry: item.location)
        entry.id = fields["id"]?.location
        entry.name = fields["name"]?.location
        entry.aliases = aliases.map(\.location)
        return entry
    }

    static func intervention(_ root: YAMLNode) throws(ConfigurationError) -> (Intervention, RegistryLocations.Intervention) {
        if case .sequence = root.node {
            throw root.error("an intervention file must be a mapping (id, name, evidence, citations…), not a list",
                             fix: "write `id: …`, `name: …` and the other keys at the start of their lines, with no `- ` before them")
        }
        let fields = try root.mapping(allowed: ["id", "name", "kind", "aliases", "regulatory", "harms", "evidence", "citations",
                                                "overclaims"], context: "an intervention file")
        var location = RegistryLocations.Intervention(entry: root.location)
        location.id = fields["id"]?.location
        location.evidenceKey = fields.keys["evidence"]?.location
        location.citationsKey = fields.keys["citations"]?.location
        var evidence: [EvidenceEntry] = []
        for item in try fields["evidence"]?.sequence(context: "evidence") ?? [] {
            let entry = try item.mapping(allowed: ["condition", "grade", "population", "summary", "cites"], context: "an evidence entry")
            let gradeText = try entry.required("grade", in: item)
            guard let grade = EvidenceGrade(rawValue: gradeText) else {
                throw (entry["grade"] ?? item).error("unknown grade `\(gradeText)`",
                    fix: "use one of: " + EvidenceGrade.allCases.reversed().map(\.rawValue).joined(separator: ", "))
            }
            let cites = try entry["cites"]?.locatedStrings(context: "cites") ?? []
            evidence.append(EvidenceEntry(condition: try entry.required("condition", in: item), grade: grade,
                                          population: try entry["population"]?.string(context: "population"),
                                          summary: try entry["summary"]?.string(context: "summary") ?? "",
                                          cites: cites.map(\.0)))
            var evidenceLocation = RegistryLocations.Evidence(entry: item.location)
            evidenceLocation.condition = entry["condition"]?.location
            evidenceLocation.cites = cites.map(\.1.location)
            location.evidence.append(evidenceLocation)
        }
        var citations: [Citation] = []
        for item in try fields["citations"]?.sequence(context: "citations") ?? [] {
            let entry = try item.mapping(allowed: ["id", "title", "source", "authors", "year", "doi", "pmid", "pmcid", "url"],
                                         context: "a citation")
            citations.append(Citation(id: try entry.required("id", in: item), title: try entry.required("title", in: item),
                                      source: try entry.required("source", in: item),
                                      authors: try entry["authors"]?.string(context: "authors"),
                                      year: try entry["year"]?.string(context: "year"),
                                      doi: try entry["doi"]?.string(context: "doi"), pmid: try entry["pmid"]?.string(context: "pmid"),
                                      pmcid: try entry["pmcid"]?.string(context: "pmcid"), url: try entry["url"]?.string(context: "url")))
            var citationLocation = RegistryLocations.Citation(entry: item.location)
            citationLocation.doi = entry["doi"]?.location
            citationLocation.pmid = entry["pmid"]?.location
            citationLocation.url = entry["url"]?.location
            location.citations.append(citationLocation)
        }
        var overclaims: [Overclaim] = []
        for item in try fields["overclaims"]?.sequence(context: "overclaims") ?? [] {
            let entry = try item.mapping(allowed: ["claim", "why"], context: "an overclaim")
            overclaims.append(Overclaim(claim: try entry.required("claim", in: item), why: try entry.required("why", in: item)))
        }
        let aliases = try fields["aliases"]?.locatedStrings(context: "aliases") ?? []
        location.aliases = aliases.map(\.1.location)
        let intervention = Intervention(id: try fields.required("id", in: root), name: try fields.required("name", in: root),
                                        kind: try fields["kind"]?.string(context: "kind") ?? "drug",
                                        aliases: aliases.map(\.0),
                                        regulatory: try fields["regulatory"]?.string(context: "regulatory") ?? "",
                                        harms: try fields["harms"]?.strings(context: "harms") ?? [],
                                        evidence: evidence, citations: citations, overclaims: overclaims, file: root.file)
        return (intervention, location)
    }
}
