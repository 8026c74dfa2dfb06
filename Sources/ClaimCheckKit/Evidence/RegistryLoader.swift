import Foundation

/// Loads the evidence registry: the shared organisations and experts
/// (`Rules/registry/`) and the domain packs (`Rules/domains/<id>/`: `domain.yml`,
/// `conditions.yml`, `interventions/*.yml`, optional `organisations.yml` and
/// `experts.yml`). Every key is checked; mistakes carry file, line and column,
/// and so do the registry's `locations`, for `RegistryLinter`.
public struct RegistryLoader: Sendable {
    public init() {}

    /// Loads a folder a config names under `registry:`: one pack (it has a
    /// `domain.yml`), a folder of packs (its subfolders have one), or shared
    /// organisations and experts (`organisations.yml`, `experts.yml` alone).
    public func load(folder: String) throws(ConfigurationErrors) -> EvidenceRegistry {
        guard FileLoader.isFolder(folder) else {
            let exists = FileLoader.exists(folder)
            throw ConfigurationErrors([ConfigurationError(file: folder,
                message: exists ? "is a file, where a registry folder is expected" : "registry folder not found",
                fix: "name a domain pack (a folder with domain.yml, conditions.yml and interventions/) or a folder of packs")])
        }
        if FileLoader.exists(Self.path(folder, "domain.yml")) { return try loadPack(folder: folder) }
        let packs = Self.packFolders(in: folder)
        if !packs.isEmpty { return try loadPacks(packs) }
        if FileLoader.exists(Self.path(folder, "conditions.yml")) || FileLoader.isFolder(Self.path(folder, "interventions")) {
            throw ConfigurationErrors([ConfigurationError(file: Self.path(folder, "domain.yml"),
                message: "the registry folder has conditions or interventions but no domain.yml, so it is not a domain pack",
                fix: "add domain.yml with `name:`, `description:` and `topic: {words: [...]}` (see Rules/domains/README.md)")])
        }
        return try loadShared(folder: folder, required: false)
    }

    /// The registry of a rules folder: `registry/` (shared organisations and
    /// experts) and every pack under `domains/`, with any extra folders (a
    /// config's `registry:`), for the `registry` commands.
    public func load(rulesFolder: String, extraFolders: [String] = []) throws(ConfigurationErrors) -> EvidenceRegistry {
        var errors: [ConfigurationError] = []
        var registry = EvidenceRegistry()
        do { registry = try loadShared(folder: Self.path(rulesFolder, "registry")) } catch { errors += error.errors }
        do { registry.merge(try loadPacks(in: Self.path(rulesFolder, "domains"))) } catch { errors += error.errors }
        for folder in extraFolders {
            do { registry.merge(try load(folder: folder)) } catch { errors += error.errors }
        }
        if !errors.isEmpty { throw ConfigurationErrors(errors) }
        return registry
    }

    /// The subfolders of `folder` that hold a `domain.yml`, sorted by name.
    static func packFolders(in folder: String) -> [String] {
        FileLoader.subfolders(of: folder).map { path(folder, $0) }.filter { FileLoader.exists(path($0, "domain.yml")) }
    }

    /// Loads every pack under a `domains/` folder, collecting all errors.
    public func loadPacks(in folder: String) throws(ConfigurationErrors) -> EvidenceRegistry {
        let packs = Self.packFolders(in: folder)
        guard !packs.isEmpty else {
            throw ConfigurationErrors([ConfigurationError(file: folder,
                message: FileLoader.isFolder(folder) ? "no domain pack found (no subfolder has a domain.yml)" : "the domain packs folder is missing",
                fix: "restore Rules/domains/ from the ClaimCheck checkout, or add a pack: <name>/domain.yml, conditions.yml, interventions/")])
        }
        return try loadPacks(packs)
    }

    private func loadPacks(_ packs: [String]) throws(ConfigurationErrors) -> EvidenceRegistry {
        var registry = EvidenceRegistry()
        var errors: [ConfigurationError] = []
        for pack in packs {
            do { registry.merge(try loadPack(folder: pack)) } catch { errors += error.errors }
        }
        if !errors.isEmpty { throw ConfigurationErrors(errors) }
        return registry
    }

    static func path(_ folder: String, _ name: String) -> String { (folder as NSString).appendingPathComponent(name) }

    /// Reads one YAML file of a registry folder into `body`, collecting its errors.
    private func read(_ path: String, required: Bool, into errors: inout [ConfigurationError],
                      _ body: (YAMLNode) throws(ConfigurationError) -> Void) {
        guard FileLoader.exists(path) else {
            if required {
                errors.append(ConfigurationError(file: path, message: "the registry has no \((path as NSString).lastPathComponent)",
                    fix: "restore it from the ClaimCheck checkout (see Rules/domains/README.md for its keys)"))
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

    /// The shared organisations and experts (`Rules/registry/`), which every pack may cite.
    public func loadShared(folder: String, required: Bool = true) throws(ConfigurationErrors) -> EvidenceRegistry {
        var errors: [ConfigurationError] = []
        var organisations: [Organisation] = []
        var experts: [Expert] = []
        var locations = RegistryLocations()
        read(Self.path(folder, "organisations.yml"), required: required, into: &errors) { root throws(ConfigurationError) in
            (organisations, locations.organisations) = try Self.organisations(root, domain: "")
        }
        read(Self.path(folder, "experts.yml"), required: false, into: &errors) { root throws(ConfigurationError) in
            (experts, locations.experts) = try Self.experts(root, domain: "")
        }
        if !errors.isEmpty { throw ConfigurationErrors(errors) }
        return EvidenceRegistry(organisations: organisations, experts: experts, locations: locations)
    }

    /// One domain pack; its id is its folder's name.
    public func loadPack(folder: String) throws(ConfigurationErrors) -> EvidenceRegistry {
        let id = (folder as NSString).lastPathComponent
        var errors: [ConfigurationError] = []
        var domains: [Domain] = []
        var conditions: [Condition] = []
        var organisations: [Organisation] = []
        var experts: [Expert] = []
        var interventions: [Intervention] = []
        var locations = RegistryLocations()

        read(Self.path(folder, "domain.yml"), required: true, into: &errors) { root throws(ConfigurationError) in
            let fields = try root.mapping(allowed: ["name", "description", "topic", "examples"], context: "domain.yml")
            var words: [String] = []
            if let topic = fields["topic"] {
                let topicFields = try topic.mapping(allowed: ["words"], context: "topic")
                words = try topicFields["words"]?.strings(context: "topic.words") ?? []
            }
            var domain = Domain(id: id, name: try fields.required("name", in: root),
                                description: try fields["description"]?.string(context: "description") ?? "",
                                topicWords: words, folder: folder)
            if let examplesNode = fields["examples"] {
                let examples = try examplesNode.mapping(allowed: ["flag", "pass"], context: "examples")
                let flag = try examples["flag"]?.locatedStrings(context: "examples.flag") ?? []
                for (example, node) in flag where RuleExampleRunner.unmark(example).1 == nil {
                    throw node.error("a flag example must mark the span the weighing flags with {braces}",
                                     fix: "write it like \"Zephyr tonic {is proven} to cure jet lag.\"")
                }
                let pass = try examples["pass"]?.locatedStrings(context: "examples.pass") ?? []
                domain.examples.flag = flag.map(\.0)
                domain.examples.pass = pass.map(\.0)
                domain.flagExampleLocations = flag.map(\.1.location)
                domain.passExampleLocations = pass.map(\.1.location)
            }
            domains.append(domain)
            locations.domains.append(root.location)
        }
        read(Self.path(folder, "conditions.yml"), required: true, into: &errors) { root throws(ConfigurationError) in
            let top = try root.mapping(allowed: ["conditions"], context: "conditions.yml")
            for item in try top["conditions"]?.sequence(context: "conditions") ?? [] {
                let fields = try item.mapping(allowed: ["id", "name", "aliases", "general", "parent"], context: "a condition")
                let aliases = try fields["aliases"]?.locatedStrings(context: "aliases") ?? []
                conditions.append(Condition(id: try fields.required("id", in: item), name: try fields.required("name", in: item),
                                            aliases: aliases.map(\.0),
                                            isGeneral: try fields["general"]?.bool(context: "general") ?? false,
                                            parent: try fields["parent"]?.string(context: "parent"), domain: id))
                var entry = Self.entry(item, fields, aliases: aliases.map(\.1))
                entry.parent = fields["parent"]?.location
                locations.conditions.append(entry)
            }
        }
        read(Self.path(folder, "organisations.yml"), required: false, into: &errors) { root throws(ConfigurationError) in
            (organisations, locations.organisations) = try Self.organisations(root, domain: id)
        }
        read(Self.path(folder, "experts.yml"), required: false, into: &errors) { root throws(ConfigurationError) in
            (experts, locations.experts) = try Self.experts(root, domain: id)
        }
        let interventionFolder = Self.path(folder, "interventions")
        let files = FileLoader.yamlFiles(in: interventionFolder)
        if files.isEmpty {
            errors.append(ConfigurationError(file: interventionFolder,
                message: FileLoader.isFolder(interventionFolder) ? "the registry has no intervention files" : "the registry has no interventions/ folder",
                fix: "restore interventions/ from the ClaimCheck checkout: one <id>.yml per treatment"))
        }
        for file in files {
            let filePath = (interventionFolder as NSString).appendingPathComponent(file)
            do throws(ConfigurationError) {
                guard let root = try YAMLNode.load(path: filePath) else {
                    throw ConfigurationError(file: filePath, message: "the intervention file is empty",
                                             fix: "fill in id, name, evidence and citations (see Rules/domains/README.md), or delete the file")
                }
                var (intervention, location) = try Self.intervention(root)
                intervention.domain = id
                interventions.append(intervention)
                locations.interventions.append(location)
            } catch { errors.append(error) }
        }
        if !errors.isEmpty { throw ConfigurationErrors(errors) }
        return EvidenceRegistry(interventions: interventions, conditions: conditions,
                                organisations: organisations, experts: experts, domains: domains, locations: locations)
    }

    static func organisations(_ root: YAMLNode, domain: String) throws(ConfigurationError) -> ([Organisation], [RegistryLocations.Entry]) {
        var organisations: [Organisation] = []
        var locations: [RegistryLocations.Entry] = []
        let top = try root.mapping(allowed: ["organisations"], context: "organisations.yml")
        for item in try top["organisations"]?.sequence(context: "organisations") ?? [] {
            let fields = try item.mapping(allowed: ["id", "name", "aliases", "aliases-case-sensitive", "kind", "url", "note",
                                                    "vouches-for-treatments"], context: "an organisation")
            let aliases = try fields["aliases"]?.locatedStrings(context: "aliases") ?? []
            let exact = try fields["aliases-case-sensitive"]?.locatedStrings(context: "aliases-case-sensitive") ?? []
            organisations.append(Organisation(
                id: try fields.required("id", in: item), name: try fields.required("name", in: item),
                aliases: aliases.map(\.0), caseSensitiveAliases: exact.map(\.0),
                kind: try fields["kind"]?.string(context: "kind") ?? "",
                url: try fields["url"]?.string(context: "url"), note: try fields["note"]?.string(context: "note"),
                vouchesForTreatments: try fields["vouches-for-treatments"]?.bool(context: "vouches-for-treatments") ?? true,
                domain: domain))
            var entry = Self.entry(item, fields, aliases: (aliases + exact).map(\.1))
            entry.kind = fields["kind"]?.location
            locations.append(entry)
        }
        return (organisations, locations)
    }

    static func experts(_ root: YAMLNode, domain: String) throws(ConfigurationError) -> ([Expert], [RegistryLocations.Entry]) {
        var experts: [Expert] = []
        var locations: [RegistryLocations.Entry] = []
        let top = try root.mapping(allowed: ["experts"], context: "experts.yml")
        for item in try top["experts"]?.sequence(context: "experts") ?? [] {
            let fields = try item.mapping(allowed: ["name", "aliases", "organisation", "note"], context: "an expert")
            let aliases = try fields["aliases"]?.locatedStrings(context: "aliases") ?? []
            experts.append(Expert(name: try fields.required("name", in: item), aliases: aliases.map(\.0),
                                  organisation: try fields["organisation"]?.string(context: "organisation"),
                                  note: try fields["note"]?.string(context: "note"), domain: domain))
            locations.append(Self.entry(item, fields, aliases: aliases.map(\.1)))
        }
        return (experts, locations)
    }

    static func entry(_ item: YAMLNode, _ fields: YAMLFields, aliases: [YAMLNode]) -> RegistryLocations.Entry {
        var entry = RegistryLocations.Entry(entry: item.location)
        entry.id = fields["id"]?.location
        entry.name = fields["name"]?.location
        entry.aliases = aliases.map(\.location)
        return entry
    }

    static func intervention(_ root: YAMLNode) throws(ConfigurationError) -> (Intervention, RegistryLocations.Intervention) {
        if case .sequence = root.value.content {
            throw root.error("an intervention file must be a mapping (id, name, evidence, citations…), not a list",
                             fix: "write `id: …`, `name: …` and the other keys at the start of their lines, with no `- ` before them")
        }
        let fields = try root.mapping(allowed: ["id", "name", "kind", "aliases", "regulatory", "harms", "evidence", "citations",
                                                "overclaims", "harm-claims"], context: "an intervention file")
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
        var harmClaims: [HarmClaim] = []
        for item in try fields["harm-claims"]?.sequence(context: "harm-claims") ?? [] {
            let entry = try item.mapping(allowed: ["effect", "grade", "summary", "cites"], context: "a harm claim")
            let gradeText = try entry.required("grade", in: item)
            guard let grade = EvidenceGrade(rawValue: gradeText) else {
                throw (entry["grade"] ?? item).error("unknown grade `\(gradeText)`",
                    fix: "use one of: " + EvidenceGrade.allCases.reversed().map(\.rawValue).joined(separator: ", ")
                        + " (contradicted: good studies show it does not cause it)")
            }
            let cites = try entry["cites"]?.locatedStrings(context: "cites") ?? []
            harmClaims.append(HarmClaim(effect: try entry.required("effect", in: item), grade: grade,
                                        summary: try entry["summary"]?.string(context: "summary") ?? "", cites: cites.map(\.0)))
            var place = RegistryLocations.Evidence(entry: item.location)
            place.condition = entry["effect"]?.location
            place.cites = cites.map(\.1.location)
            location.harmClaims.append(place)
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
                                        evidence: evidence, citations: citations, overclaims: overclaims, file: root.file,
                                        harmClaims: harmClaims)
        return (intervention, location)
    }
}
