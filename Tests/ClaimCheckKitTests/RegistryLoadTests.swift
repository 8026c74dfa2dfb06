import Foundation
import Testing
@testable import ClaimCheckKit

/// `check` (ClaimChecker.load) refuses any registry `claimcheck registry lint`
/// rejects, and both name the path, line and column of every problem.
struct RegistryLoadTests {
    @Test func aRulesFolderWithoutARegistryIsRefused() throws {
        let folder = try TemporaryFolder("registry")
        let rules = try folder.copyOfTheRules()
        try folder.remove("Rules/evidence")
        #expect(loadErrors(rulesFolder: rules) == [ConfigurationError(file: rules + "/evidence",
            message: "the rules folder `\(rules)` has no evidence registry: `\(rules)/evidence` not found",
            fix: "restore evidence/ (conditions.yml, organisations.yml, experts.yml, interventions/) from the ClaimCheck checkout, or pass --rules a folder that has one")])
        try folder.write("Rules/evidence", "not a folder\n")
        #expect(loadErrors(rulesFolder: rules).map(\.message) == ["the rules folder `\(rules)` has no evidence registry: `\(rules)/evidence` is a file, not a folder"])
    }

    @Test func aMainRegistryWithoutItsFilesIsRefused() throws {
        let folder = try TemporaryFolder("registry")
        let rules = try folder.copyOfTheRules()
        try folder.remove("Rules/evidence/conditions.yml")
        try folder.remove("Rules/evidence/interventions")
        let evidence = rules + "/evidence"
        #expect(loadErrors(rulesFolder: rules) == [
            ConfigurationError(file: evidence + "/conditions.yml", message: "the registry has no conditions.yml",
                               fix: "restore it from the ClaimCheck checkout (see Rules/evidence/README.md for its keys)"),
            ConfigurationError(file: evidence + "/interventions", message: "the registry has no interventions/ folder",
                               fix: "restore interventions/ from the ClaimCheck checkout: one <id>.yml per treatment"),
        ])
    }

    @Test func aDuplicateInterventionIdIsRefusedWithBothPlaces() throws {
        let folder = try TemporaryFolder("registry")
        let rules = try folder.copyOfTheRules()
        let copy = try folder.write("Rules/evidence/interventions/zz-biotin-copy.yml", """
        id: biotin
        name: Biotin again
        aliases: [biotin tablets]
        evidence:
          - {condition: hair-loss, grade: insufficient, summary: s, cites: [c]}
        citations:
          - {id: c, title: T, source: S, year: 2020}

        """)
        #expect(loadErrors(rulesFolder: rules) == [ConfigurationError(file: copy, line: 1, column: 5,
            message: "intervention id `biotin` is also used at \(rules)/evidence/interventions/biotin.yml:3:5",
            fix: "give each entry its own id (an extra registry folder cannot redefine an entry of the main one)")])
    }

    /// One generated file with every kind of problem the linter knows: `check`
    /// and `registry lint` report the same list, each at its own line and column.
    @Test func everyLintProblemRefusesCheckAtItsLineAndColumn() throws {
        let folder = try TemporaryFolder("registry")
        let rules = try folder.copyOfTheRules()
        let file = try folder.write("Rules/evidence/interventions/zz-new.yml", """
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
        let conditions = rules + "/evidence/conditions.yml"
        let expected = [
            "\(file):3:22: error: alias `biotin` of intervention zz-new is also an alias of intervention biotin (\(rules)/evidence/interventions/biotin.yml:6:11); an alias must name one entry",
            "\(file):5:16: error: evidence for unknown condition `hair-los`; use an id from \(conditions)",
            "\(file):8:25: error: the hair-los entry cites `jones-2021`, which is not among this file's citations",
            "\(file):9:5: error: the hair-loss entry cites nothing; add `cites: [citation-id]`",
            "\(file):14:10: error: citation smith-2020: DOI `doi:10.1000/xyz` should start with `10.` (no `doi:` prefix)",
            "\(file):15:11: error: citation smith-2020: PMID `PMC123` must be digits only",
            "\(file):16:10: error: citation smith-2020: URL `www.example.org/trial` must start with http:// or https://",
        ]
        let checkErrors = loadErrors(rulesFolder: rules).map { $0.description.components(separatedBy: "\n")[0] }
        #expect(checkErrors == expected)
        let registry = try RegistryLoader().load(folder: rules + "/evidence", main: true)
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

        """)
        let config = try folder.write(".claimcheck.yml", "registry: [style/evidence]\n")
        let errors = loadErrors(rulesFolder: repositoryRoot + "/Rules", configuration: try Configuration.load(path: config))
        let shipped = try RegistryLoader().load(folder: repositoryRoot + "/Rules/evidence")
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
        let path = try folder.write("Rules/evidence/" + bad.path, bytes: bad.bytes)
        let errors = loadErrors(rulesFolder: rules)
        #expect(errors.count == 1)
        #expect(errors.first?.file == path)
        #expect(errors.first.map { [$0.line, $0.column] } == [bad.line, bad.column])
        #expect(errors.first?.message == bad.message)
    }
}
