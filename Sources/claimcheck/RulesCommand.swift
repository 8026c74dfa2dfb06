import ArgumentParser
import ClaimCheckDefaultRules
import ClaimCheckKit
import Foundation

struct RulesCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "rules",
        abstract: "List the rules, run their examples, or export the built-in rules.",
        subcommands: [Test.self, List.self, Export.self]
    )

    struct Export: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Write the rules and registry built into claimcheck to a folder.",
            discussion: """
            A team starts its own rules from the defaults: export them, edit them,
            and point claimcheck at the folder with --rules or $CLAIMCHECK_RULES.
            The folder may exist but must not hold any of the files; nothing is
            overwritten.

            Examples:
              claimcheck rules export our-rules
              claimcheck rules test --rules our-rules
            """
        )
        @Argument(help: ArgumentHelp("The folder to write (created if missing).", valueName: "folder")) var folder: String

        func run() throws {
            DefaultRules.mount()
            let written: [String]
            do { written = try DefaultRules.files.export("Rules", to: folder) } catch {
                FileHandle.standardError.write(Data("claimcheck: \(error)\n".utf8))
                throw ExitCode(2)
            }
            print("wrote \(written.count) files to \(folder)")
        }
    }

    struct Test: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Run every rule's flag and pass examples.",
            discussion: """
            Each rule in Rules/*.yml carries examples: `flag` sentences with the span
            it must flag in {braces}, and `pass` sentences it must not flag. The
            examples of strength.yml must read as the strength they are listed under
            (their id is `strength`), and the examples of documents.yml (a study's
            design, naming and size) run too.

            Examples:
              claimcheck rules test
              claimcheck rules test certainty.proven
              claimcheck rules test strength
            """
        )
        @Argument(help: "Only these rule ids.") var ids: [String] = []
        @OptionGroup var location: RulesLocation

        func run() throws {
            let checker = try location.loadChecker()
            let known = Set(checker.book.rules.map(\.id) + [RuleExampleRunner.Failure.strengthID])
            for id in ids where !known.contains(id) {
                FileHandle.standardError.write(Data("claimcheck: no rule `\(id)`; `claimcheck rules list` shows the ids\n".utf8))
                throw ExitCode(2)
            }
            let outcome = RuleExampleRunner(checker: checker).run(only: Set(ids))
            for failure in outcome.failures { print(failure.description) }
            // The document model's examples (documents.yml) run with the whole rule book.
            let documents = ids.isEmpty ? DocumentExampleRunner(checker: checker).run() : (passed: 0, failures: [])
            for failure in documents.failures { print(failure.description) }
            let failed = outcome.failures.count + documents.failures.count
            print("\(outcome.passed + documents.passed) passed, \(failed) failed")
            if failed > 0 { throw ExitCode(2) }
        }
    }

    struct List: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "List the rules with their summaries.",
            discussion: "A rule marked (off by default) has not yet reached the precision the shipped rules keep; turn it on with `enable: [id]` in .claimcheck.yml.")
        @OptionGroup var location: RulesLocation

        /// The list reads the rule files alone (no config), so a rule that is off is off by default.
        func state(of rule: Rule) -> String {
            rule.enabled ? "" : " (off by default: turn it on with `enable: [\(rule.id)]` in .claimcheck.yml)"
        }

        func run() throws {
            let checker = try location.loadChecker()
            for rule in checker.book.rules {
                print("\(rule.id)\(state(of: rule))  [\(rule.kind.rawValue)]  \(rule.summary)")
            }
        }
    }
}

struct RegistryCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "registry",
        abstract: "Validate the evidence registry, list its domain packs and interventions, or show one entry.",
        subcommands: [Lint.self, Show.self, List.self, Domains.self]
    )

    /// The registry of the rules folder and the config's `registry:` folders.
    static func load(_ location: RulesLocation) throws -> EvidenceRegistry {
        do {
            // The packs a config in the working folder adds (`registry:`) are listed and linted too.
            let extra = try Configuration.find(forInput: ".").map { path throws(ConfigurationError) in try Configuration.load(path: path) }?.registryFolders ?? []
            return try RegistryLoader().load(rulesFolder: location.resolve(), extraFolders: extra)
        } catch let error as ConfigurationErrors {
            FileHandle.standardError.write(Data((error.description + "\n").utf8)); throw ExitCode(2)
        } catch let error as ConfigurationError {
            FileHandle.standardError.write(Data((error.description + "\n").utf8)); throw ExitCode(2)
        }
    }

    struct Domains: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "List the domain packs: id, interventions, conditions and name, one a line.",
            discussion: """
            A pack is a folder of Rules/domains/ (or of a config's `registry:`); its
            evidence is weighed in documents that name its conditions or topic words.
            Turn one off in .claimcheck.yml with `disable-packs: [<id>]`.

            Examples:
              claimcheck registry domains
              claimcheck registry list --domain supplements
            """)
        @OptionGroup var location: RulesLocation

        func run() throws {
            let registry = try RegistryCommand.load(location)
            for domain in registry.domains {
                let interventions = registry.interventions.filter { $0.domain == domain.id }.count
                let conditions = registry.conditions.filter { $0.domain == domain.id }.count
                print("\(domain.id)  \(interventions) interventions, \(conditions) conditions  \(domain.name)")
            }
        }
    }

    struct List: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "List the registry's interventions: domain, id and name, one a line.",
            discussion: """
            JSON output is an array of objects, one per intervention in file order:
              [{"conditions": ["androgenetic-alopecia", …, "hair-loss"],
                "domain": "hair-loss", "id": "rosemary-oil", "name": "Rosemary oil"}, …]
            conditions are the ids the intervention has evidence for, in the order the
            entry gives them.

            Examples:
              claimcheck registry list
              claimcheck registry list --domain hair-loss
              claimcheck registry list --format json | jq -r '.[].id'
            """)

        enum Format: String, ExpressibleByArgument, CaseIterable { case text, json }

        @Option(help: "Only the interventions of this domain.") var domain: String?
        @Option(help: "Output format: text or json.") var format: Format = .text
        @OptionGroup var location: RulesLocation

        /// One intervention as listed.
        struct Entry: Encodable {
            var domain: String
            var id: String
            var name: String
            var conditions: [String]
        }

        func run() throws {
            let registry = try RegistryCommand.load(location)
            var entries: [Entry] = registry.interventions.map { intervention in
                var seen = Set<String>()
                return Entry(domain: registry.domain(of: intervention), id: intervention.id, name: intervention.name,
                             conditions: intervention.evidence.map(\.condition).filter { seen.insert($0).inserted })
            }
            if let domain {
                let known = Set(registry.domains.map(\.id))
                guard known.contains(domain) else {
                    FileHandle.standardError.write(Data("claimcheck: no domain '\(domain)' in the registry; known: \(known.sorted().joined(separator: ", "))\n".utf8))
                    throw ExitCode(2)
                }
                entries = entries.filter { $0.domain == domain }
            }
            switch format {
            case .text:
                for entry in entries { print("\(entry.domain)  \(entry.id)  \(entry.name)") }
            case .json:
                let encoder = JSONEncoder()
                encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
                print(String(decoding: try encoder.encode(entries), as: UTF8.self))
            }
        }
    }

    struct Lint: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Validate the registry across every pack: ids and aliases, conditions and their parents, grades and citations, organisation kinds.",
            discussion: """
            Every problem is printed as path:line:column with its fix. `claimcheck check`
            refuses to run with a registry that has any. The config's `registry:` folders
            are linted with the rules folder's packs, so an alias two packs share is found.

            Examples:
              claimcheck registry lint
              claimcheck registry lint --rules my-rules
            """)
        @OptionGroup var location: RulesLocation

        func run() throws {
            let folder = location.resolve()
            let registry = try RegistryCommand.load(location)
            // The same problems make `claimcheck check` refuse the registry.
            let problems = RegistryLinter().lint(registry, conditionsFile: folder + "/domains",
                                                 organisationsFile: folder + "/registry/organisations.yml")
            for problem in problems { print(problem.description) }
            print("\(registry.domains.count) domain packs, \(registry.interventions.count) interventions, \(registry.conditions.count) conditions, "
                  + "\(registry.organisations.count) organisations, \(registry.experts.count) experts; \(problems.count) problems")
            if !problems.isEmpty { throw ExitCode(2) }
        }
    }

    struct Show: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Print one registry entry by id, name or alias.",
            discussion: "Examples:\n  claimcheck registry show minoxidil\n  claimcheck registry show \"Mayo Clinic\"")
        @Argument(help: "An id, name or alias.") var name: String
        @OptionGroup var location: RulesLocation

        func run() throws {
            let registry = try RegistryCommand.load(location)
            let found = registry.lookup(name)
            if let intervention = found.intervention {
                print("\(intervention.name) (\(intervention.id), \(intervention.kind), pack \(intervention.domain))")
                print("file: \(intervention.file)")
                print("aliases: \(intervention.aliases.joined(separator: ", "))")
                print("regulatory: \(intervention.regulatory.trimmingCharacters(in: .whitespacesAndNewlines))")
                print("evidence:")
                for entry in intervention.evidence {
                    let condition = registry.condition(entry.condition)?.name ?? entry.condition
                    print("  \(condition)\(entry.population.map { " (\($0))" } ?? ""): \(entry.grade.rawValue): \(entry.summary.trimmingCharacters(in: .whitespacesAndNewlines))")
                }
                if !intervention.harmClaims.isEmpty {
                    print("harm claims (what good studies show about \"it causes …\"):")
                    for harm in intervention.harmClaims {
                        let effect = registry.condition(harm.effect)?.name ?? harm.effect
                        print("  causes \(effect): \(harm.grade.rawValue): \(harm.summary.trimmingCharacters(in: .whitespacesAndNewlines))")
                    }
                }
                print("harms:")
                for harm in intervention.harms { print("  - \(harm)") }
                print("citations:")
                for citation in intervention.citations { print("  [\(citation.id)] \(citation.formatted)") }
            } else if let organisation = found.organisation {
                print("\(organisation.name) (\(organisation.id), \(organisation.kind)\(organisation.domain.isEmpty ? "" : ", pack \(organisation.domain)"))")
                if let url = organisation.url { print("url: \(url)") }
                if let note = organisation.note { print("note: \(note.trimmingCharacters(in: .whitespacesAndNewlines))") }
                print("vouches for treatments: \(organisation.vouchesForTreatments ? "yes" : "no")")
            } else if let condition = found.condition {
                print("\(condition.name) (\(condition.id), pack \(condition.domain))")
                print("aliases: \(condition.aliases.joined(separator: ", "))")
                let lineage = registry.lineage(of: condition.id).dropFirst().compactMap { registry.condition($0)?.name }
                print(lineage.isEmpty ? "general: the top of its pack's tree" : "a kind of: " + lineage.joined(separator: " < "))
                let graded = registry.interventionsGraded(for: condition.id).map { "  \($0.intervention.name): \($0.grade.rawValue)" }
                if !graded.isEmpty { print("graded for it:"); graded.forEach { print($0) } }
            } else {
                let suggestion = registry.closestName(to: name).map { "did you mean '\($0)'? " } ?? ""
                FileHandle.standardError.write(Data("claimcheck: no registry entry named '\(name)'; \(suggestion)try `claimcheck registry list` for the interventions, or see Rules/domains/\n".utf8))
                throw ExitCode(2)
            }
        }
    }
}
