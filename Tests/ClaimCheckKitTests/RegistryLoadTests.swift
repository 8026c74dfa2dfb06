import Foundation
import Testing
@testable import ClaimCheckKit

/// `check` (ClaimChecker.load) refuses any registry `claimcheck registry lint`
/// rejects, and both name the path, line and column of every problem.
struct RegistryLoadTests {
    @Test func aRulesFolderWithoutDomainPacksIsRefused() throws {
        let folder = try TemporaryFolder("registry")
        let rules = try folder.copyOfTheRules()
        try folder.remove("Rules/domains")
        #expect(loadErrors(rulesFolder: rules) == [ConfigurationError(file: rules + "/domains",
            message: "the domain packs folder is missing",
            fix: "restore Rules/domains/ from the ClaimCheck checkout, or add a pack: <name>/domain.yml, conditions.yml, interventions/")])
        try folder.write("Rules/domains/README.md", "no packs here\n")
        #expect(loadErrors(rulesFolder: rules).map(\.message) == ["no domain pack found (no subfolder has a domain.yml)"])
    }

    /// A rules folder of the layout before packs (`evidence/`) is told how to move.
    @Test func theOldEvidenceLayoutIsToldWhereToMove() throws {
        let folder = try TemporaryFolder("registry")
        let rules = try folder.copyOfTheRules()
        try FileManager.default.moveItem(atPath: rules + "/domains/hair-loss", toPath: rules + "/evidence")
        try folder.remove("Rules/domains")
        let errors = loadErrors(rulesFolder: rules)
        #expect(errors.map(\.file) == [rules + "/evidence"])
        #expect(errors.first?.message == "the rules folder `\(rules)` keeps its registry in evidence/, the layout before domain packs")
    }

    @Test func aPackWithoutItsFilesIsRefused() throws {
        let folder = try TemporaryFolder("registry")
        let rules = try folder.copyOfTheRules()
        try folder.remove("Rules/domains/hair-loss/conditions.yml")
        try folder.remove("Rules/domains/hair-loss/interventions")
        let pack = rules + "/domains/hair-loss"
        #expect(loadErrors(rulesFolder: rules) == [
            ConfigurationError(file: pack + "/conditions.yml", message: "the registry has no conditions.yml",
                               fix: "restore it from the ClaimCheck checkout (see Rules/domains/README.md for its keys)"),
            ConfigurationError(file: pack + "/interventions", message: "the registry has no interventions/ folder",
                               fix: "restore interventions/ from the ClaimCheck checkout: one <id>.yml per treatment"),
        ])
    }

    @Test func aDuplicateInterventionIdIsRefusedWithBothPlaces() throws {
        let folder = try TemporaryFolder("registry")
        let rules = try folder.copyOfTheRules()
        let copy = try folder.write("Rules/domains/hair-loss/interventions/zz-biotin-copy.yml", """
        id: biotin
        name: Biotin again
        aliases: [biotin tablets]
        evidence:
          - {condition: hair-loss, grade: insufficient, summary: s, cites: [c]}
        citations:
          - {id: c, title: T, source: S, year: 2020}

        """)
        #expect(loadErrors(rulesFolder: rules) == [ConfigurationError(file: copy, line: 1, column: 5,
            message: "intervention id `biotin` is also used at \(rules)/domains/hair-loss/interventions/biotin.yml:3:5",
            fix: "give each entry its own id (an extra registry folder cannot redefine an entry of the main one)")])
    }

    /// One generated file with every kind of problem the linter knows: `check`
    /// and `registry lint` report the same list, each at its own line and column.
    @Test func everyLintProblemRefusesCheckAtItsLineAndColumn() throws {
        let folder = try TemporaryFolder("registry")
        let rules = try folder.copyOfTheRules()
        let file = try folder.write("Rules/domains/hair-loss/interventions/zz-new.yml", """
        id: zz-new
        name: New Serum
        aliases: [new serum, biotin]
        evidence:
          - condition: hair-los
            grade: limited
            summary: s
            cites: [smith-2020, jones-2021]
          - {condition: hair-loss, grade: limited, summary: s}
        citations:
          - id: smith-2020
            title: A trial
            source: A journal
            doi: "doi:10.1000/xyz"
            pmid: PMC123
            url: www.example.org/trial

        """)
        let conditions = rules + "/domains"
        let expected = [
            "\(file):3:22: error: alias `biotin` of intervention zz-new is also an alias of intervention biotin (\(rules)/domains/hair-loss/interventions/biotin.yml:6:11); an alias must name one entry",
            "\(file):5:16: error: evidence for unknown condition `hair-los`; use an id from \(conditions)",
            "\(file):8:25: error: the hair-los entry cites `jones-2021`, which is not among this file's citations",
            "\(file):9:5: error: the hair-loss entry cites nothing; add `cites: [citation-id]`",
            "\(file):14:10: error: citation smith-2020: DOI `doi:10.1000/xyz` should start with `10.` (no `doi:` prefix)",
            "\(file):15:11: error: citation smith-2020: PMID `PMC123` must be digits only",
            "\(file):16:10: error: citation smith-2020: URL `www.example.org/trial` must start with http:// or https://",
        ]
        let checkErrors = loadErrors(rulesFolder: rules).map { $0.description.components(separatedBy: "\n")[0] }
        #expect(checkErrors == expected)
        let registry = try RegistryLoader().load(rulesFolder: rules)
        let lint = RegistryLinter().lint(registry, conditionsFile: conditions).map { $0.description.components(separatedBy: "\n")[0] }
        #expect(lint == expected)
        #expect(RegistryLinter().lint(registry, conditionsFile: conditions)[1].fix == "use one of: androgenetic-alopecia, alopecia-areata, telogen-effluvium, hair-loss")
    }

    @Test func anExtraRegistryFolderCannotRedefineAnEntry() throws {
        let folder = try TemporaryFolder("registry")
        let extra = try folder.write("style/evidence/organisations.yml", """
        organisations:
          - id: mayo-clinic
            name: Mayo Clinic (ours)
            kind: clinical

        """)
        let config = try folder.write(".claimcheck.yml", "registry: [style/evidence]\n")
        let errors = loadErrors(rulesFolder: repositoryRoot + "/Rules", configuration: try Configuration.load(path: config))
        let shipped = try RegistryLoader().load(rulesFolder: repositoryRoot + "/Rules")
        let original = try #require(shipped.organisations.firstIndex { $0.id == "mayo-clinic" })
        let at = try #require(shipped.locations.organisations[original].id)
        #expect(errors == [ConfigurationError(file: extra, line: 2, column: 9, message: "organisation id `mayo-clinic` is also used at \(at)",
            fix: "give each entry its own id (an extra registry folder cannot redefine an entry of the main one)")])
    }

    struct BadFile: Sendable, CustomStringConvertible {
        var name: String
        var path: String
        var bytes: [UInt8]
        var line: Int, column: Int
        var message: String
        var description: String { name }
    }

    @Test(arguments: [
        BadFile(name: "an empty intervention file", path: "interventions/new.yml", bytes: [], line: 0, column: 0,
                message: "the intervention file is empty"),
        BadFile(name: "an intervention file that is a list", path: "interventions/new.yml", bytes: Array("- id: new\n  name: New\n".utf8),
                line: 1, column: 1, message: "an intervention file must be a mapping (id, name, evidence, citations…), not a list"),
        BadFile(name: "a duplicate key in an intervention", path: "interventions/new.yml",
                bytes: Array("id: new\nname: New\nid: newer\n".utf8), line: 3, column: 1,
                message: "duplicate key `id`: this mapping already has it at line 1, column 1"),
        BadFile(name: "Latin-1 in experts.yml", path: "experts.yml",
                bytes: Array("experts:\n  - name: Ana Mu".utf8) + [0xF1] + Array("oz\n".utf8), line: 2, column: 17,
                message: "byte 0xF1 is not UTF-8 (the file looks like Latin-1 or Windows-1252 text)"),
        BadFile(name: "an empty required value", path: "conditions.yml",
                bytes: Array("conditions:\n  - id: hair-loss\n    name:\n".utf8), line: 3, column: 5, message: "`name` has no value"),
    ])
    func aBadRegistryFileIsReportedAtItsPlace(_ bad: BadFile) throws {
        let folder = try TemporaryFolder("registry")
        let rules = try folder.copyOfTheRules()
        let path = try folder.write("Rules/domains/hair-loss/" + bad.path, bytes: bad.bytes)
        let errors = loadErrors(rulesFolder: rules)
        #expect(errors.count == 1)
        #expect(errors.first?.file == path)
        #expect(errors.first.map { [$0.line, $0.column] } == [bad.line, bad.column])
        #expect(errors.first?.message == bad.message)
    }
}
