import Foundation

/// Loads a registry folder: `conditions.yml`, `organisations.yml`, `experts.yml`
/// and `interventions/*.yml`. Every key is checked; mistakes carry file and line.
public struct RegistryLoader: Sendable {
    public init() {}

    public func load(folder: String) throws(ConfigurationErrors) -> EvidenceRegistry {
        var errors: [ConfigurationError] = []
        var registry = EvidenceRegistry()
        var conditions: [Condition] = []
        var organisations: [Organisation] = []
        var experts: [Expert] = []
        var interventions: [Intervention] = []

        func read(_ path: String, _ body: (YAMLNode) throws(ConfigurationError) -> Void) {
            guard FileManager.default.fileExists(atPath: path) else { return }
            do {
                let text = try FileLoader.readText(path)
                if let node = try YAMLNode.parse(text, file: path) { try body(node) }
            } catch { errors.append(error) }
        }

        read(folder + "/conditions.yml") { root throws(ConfigurationError) in
            let top = try root.mapping(allowed: ["conditions"], context: "conditions.yml")
            for item in try top["conditions"]?.sequence(context: "conditions") ?? [] {
                let fields = try item.mapping(allowed: ["id", "name", "aliases"], context: "a condition")
                conditions.append(Condition(id: try Self.required(fields, "id", item), name: try Self.required(fields, "name", item),
                                            aliases: try fields["aliases"]?.strings(context: "aliases") ?? []))
            }
        }
        read(folder + "/organisations.yml") { root throws(ConfigurationError) in
            let top = try root.mapping(allowed: ["organisations"], context: "organisations.yml")
            for item in try top["organisations"]?.sequence(context: "organisations") ?? [] {
                let fields = try item.mapping(allowed: ["id", "name", "aliases", "aliases-case-sensitive", "kind", "url", "note",
                                                        "vouches-for-treatments"], context: "an organisation")
                organisations.append(Organisation(
                    id: try Self.required(fields, "id", item), name: try Self.required(fields, "name", item),
                    aliases: try fields["aliases"]?.strings(context: "aliases") ?? [],
                    caseSensitiveAliases: try fields["aliases-case-sensitive"]?.strings(context: "aliases-case-sensitive") ?? [],
                    kind: try fields["kind"]?.string(context: "kind") ?? "other",
                    url: try fields["url"]?.string(context: "url"), note: try fields["note"]?.string(context: "note"),
                    vouchesForTreatments: try fields["vouches-for-treatments"]?.bool(context: "vouches-for-treatments") ?? true))
            }
        }
        read(folder + "/experts.yml") { root throws(ConfigurationError) in
            let top = try root.mapping(allowed: ["experts"], context: "experts.yml")
            for item in try top["experts"]?.sequence(context: "experts") ?? [] {
                let fields = try item.mapping(allowed: ["name", "aliases", "organisation", "note"], context: "an expert")
                experts.append(Expert(name: try Self.required(fields, "name", item),
                                      aliases: try fields["aliases"]?.strings(context: "aliases") ?? [],
                                      organisation: try fields["organisation"]?.string(context: "organisation"),
                                      note: try fields["note"]?.string(context: "note")))
            }
        }
        let interventionFolder = folder + "/interventions"
        let files = ((try? FileManager.default.contentsOfDirectory(atPath: interventionFolder)) ?? [])
            .filter { $0.hasSuffix(".yml") || $0.hasSuffix(".yaml") }.sorted()
        for file in files {
            read(interventionFolder + "/" + file) { root throws(ConfigurationError) in
                interventions.append(try Self.intervention(root))
            }
        }
        if !errors.isEmpty { throw ConfigurationErrors(errors) }
        registry.merge(EvidenceRegistry(interventions: interventions, conditions: conditions,
                                        organisations: organisations, experts: experts))
        return registry
    }

    static func required(_ fields: [String: YAMLNode], _ key: String, _ parent: YAMLNode) throws(ConfigurationError) -> String {
        guard let node = fields[key] else { throw parent.error("missing `\(key)`", fix: "add a `\(key):` line to this entry") }
        return try node.string(context: key)
    }

    static func intervention(_ root: YAMLNode) throws(ConfigurationError) -> Intervention {
        let fields = try root.mapping(allowed: ["id", "name", "kind", "aliases", "regulatory", "harms", "evidence", "citations",
                                                "overclaims"], context: "an intervention file")
        var evidence: [EvidenceEntry] = []
        for item in try fields["evidence"]?.sequence(context: "evidence") ?? [] {
            let entry = try item.mapping(allowed: ["condition", "grade", "population", "summary", "cites"], context: "an evidence entry")
            let gradeText = try required(entry, "grade", item)
            guard let grade = EvidenceGrade(rawValue: gradeText) else {
                throw (entry["grade"] ?? item).error("unknown grade `\(gradeText)`",
                    fix: "use one of: " + EvidenceGrade.allCases.reversed().map(\.rawValue).joined(separator: ", "))
            }
            evidence.append(EvidenceEntry(condition: try required(entry, "condition", item), grade: grade,
                                          population: try entry["population"]?.string(context: "population"),
                                          summary: try entry["summary"]?.string(context: "summary") ?? "",
                                          cites: try entry["cites"]?.strings(context: "cites") ?? []))
        }
        var citations: [Citation] = []
        for item in try fields["citations"]?.sequence(context: "citations") ?? [] {
            let entry = try item.mapping(allowed: ["id", "title", "source", "authors", "year", "doi", "pmid", "pmcid", "url"],
                                         context: "a citation")
            citations.append(Citation(id: try required(entry, "id", item), title: try required(entry, "title", item),
                                      source: try required(entry, "source", item),
                                      authors: try entry["authors"]?.string(context: "authors"),
                                      year: try entry["year"]?.string(context: "year"),
                                      doi: try entry["doi"]?.string(context: "doi"), pmid: try entry["pmid"]?.string(context: "pmid"),
                                      pmcid: try entry["pmcid"]?.string(context: "pmcid"), url: try entry["url"]?.string(context: "url")))
        }
        var overclaims: [Overclaim] = []
        for item in try fields["overclaims"]?.sequence(context: "overclaims") ?? [] {
            let entry = try item.mapping(allowed: ["claim", "why"], context: "an overclaim")
            overclaims.append(Overclaim(claim: try required(entry, "claim", item), why: try required(entry, "why", item)))
        }
        return Intervention(id: try required(fields, "id", root), name: try required(fields, "name", root),
                            kind: try fields["kind"]?.string(context: "kind") ?? "drug",
                            aliases: try fields["aliases"]?.strings(context: "aliases") ?? [],
                            regulatory: try fields["regulatory"]?.string(context: "regulatory") ?? "",
                            harms: try fields["harms"]?.strings(context: "harms") ?? [],
                            evidence: evidence, citations: citations, overclaims: overclaims, file: root.file)
    }
}

/// Reads files as UTF-8 text for the YAML loaders, with errors a user can act on.
enum FileLoader {
    static func readText(_ path: String) throws(ConfigurationError) -> String {
        guard let data = FileManager.default.contents(atPath: path) else {
            throw ConfigurationError(file: path, message: "cannot read this file", fix: "check that it exists and is readable")
        }
        guard let text = String(data: data, encoding: .utf8) else {
            throw ConfigurationError(file: path, message: "is not UTF-8 text", fix: "save it as UTF-8")
        }
        return text
    }
}
