import Foundation
import Testing
@testable import ClaimCheckKit

/// The rule files test themselves: every example, and mutations of each flag
/// example that must flag the same span.
struct RuleFileTests {
    @Test func everyRuleExamplePasses() {
        let outcome = RuleExampleRunner(checker: sharedChecker).run()
        #expect(outcome.failures.isEmpty, "\(outcome.failures.map(\.description).joined(separator: "\n"))")
        #expect(outcome.passed >= 50)
    }

    /// Each flag example, mutated the ways real pages mangle text: its span in
    /// `<em>` after an entity, a letter of the span written as a character
    /// reference, the span hard-wrapped across two lines. The rule must flag the
    /// same words, and the claim must start where the sentence starts in the source.
    @Test(arguments: sharedChecker.book.rules.filter { $0.kind == .phrase })
    func phraseExamplesSurviveMarkup(_ rule: Rule) throws {
        for example in rule.examples.flag {
            let (text, span) = RuleExampleRunner.unmark(example)
            guard let span, let range = text.range(of: span) else { continue }
            let before = String(text[..<range.lowerBound]), after = String(text[range.upperBound...])
            let entity = span.replacingOccurrences(of: "e", with: "&#101;")
            let wrapped = span.replacingOccurrences(of: " ", with: "\n")
            let mutations = [
                "<p>Notes &amp; more.\n" + before + "<em>" + span + "</em>" + after + "</p>",
                "<p>Notes &amp; more.\n" + before + entity + after + "</p>",
                "<p>Notes &amp; more.\n" + before + wrapped + after + "</p>",
            ]
            for (number, html) in mutations.enumerated() {
                // The sentence starts on line 2: at column 1, or just after "<em>" when the span opens it.
                let column = number == 0 && before.isEmpty ? 5 : 1
                let report = check(html, format: .html, checker: rule.enabled ? sharedChecker : everyRuleChecker)
                let verdict = report.verdicts.first { $0.reasons.contains { $0.rule == rule.id } }
                #expect(verdict != nil, "\(rule.id): not flagged in \(html)")
                #expect(verdict.map { ($0.location.line, $0.location.column) } ?? (0, 0) == (2, column), "\(rule.id): \(html)")
                let message = verdict?.reasons.first { $0.rule == rule.id }?.message ?? ""
                #expect(message.contains(span) || rule.message.contains("{phrase}") == false, "\(rule.id): message “\(message)” lacks “\(span)”")
            }
        }
    }

    @Test func unknownKeyIsAnErrorWithItsLine() {
        let yaml = """
        rules:
          - id: certainty.test
            kind: phrase
            message: m
            phrasess: [a]
        """
        #expect(throws: ConfigurationError.self) { try RuleLoader().load(text: yaml, file: "bad.yml") }
        do { _ = try RuleLoader().load(text: yaml, file: "bad.yml") } catch {
            #expect(error.line == 5)
            #expect(error.message == "unknown key `phrasess` in a phrase rule")
            #expect(error.fix?.hasPrefix("did you mean `phrases`?") == true)
        }
    }

    @Test func badPatternIsAnError() {
        let yaml = """
        rules:
          - id: certainty.bad
            kind: pattern
            message: m
            pattern: '(unclosed'
            examples: {flag: ["{x}"], pass: ["y"]}
        """
        do { _ = try RuleLoader().load(text: yaml, file: "bad.yml"); Issue.record("no error") } catch {
            #expect(error.line == 5)
            #expect(error.message.contains("invalid regular expression"))
        }
    }

    @Test func ruleWithoutExamplesIsAnError() {
        let yaml = "rules:\n  - id: safety.x\n    kind: phrase\n    message: m\n    phrases: [x]\n"
        do { _ = try RuleLoader().load(text: yaml, file: "bad.yml"); Issue.record("no error") } catch {
            #expect(error.line == 2)
            #expect(error.message.contains("needs examples"))
        }
    }

    @Test func failingExampleIsReportedWithItsRule() throws {
        let yaml = """
        rules:
          - id: certainty.wrong
            kind: phrase
            message: "{phrase}"
            phrases: [miracle cure]
            examples: {flag: ["This is a {wonder drug}."], pass: ["Nothing here."]}
        """
        let rules = try RuleLoader().load(text: yaml, file: "wrong.yml")
        let base = sharedChecker
        let checker = ClaimChecker(rules: rules, lists: base.matching.lists, registry: base.registry, policy: base.policy,
                                   strength: StrengthCues())
        let outcome = RuleExampleRunner(checker: checker).run()
        #expect(outcome.passed == 1)
        #expect(outcome.failures.map(\.problem) == ["expected it to flag “wonder drug”, got nothing"])
        // Reported at the example itself, so an editor jumps to the sentence that failed.
        #expect(outcome.failures.map(\.location) == [FilePosition(file: "wrong.yml", line: 6, column: 23)])
        #expect(outcome.failures.first?.description.hasPrefix("wrong.yml:6:23: error: certainty.wrong: expected it to flag") == true)
    }

    /// The vocabulary looks words up by 64-bit hash alone and traps on two words
    /// with one hash; loading reports such a pair instead (a weak hash stands in
    /// for a real FNV-1a collision, which no test can afford to search for).
    @Test func aHashCollisionBetweenPhraseWordsIsAnErrorNotACrash() throws {
        let yaml = """
        rules:
          - id: certainty.pair
            kind: phrase
            message: m
            phrases: [miracle cure, wonder drug]
            examples: {flag: ["A {miracle cure}."], pass: ["x"]}
        """
        let rules = try RuleLoader().load(text: yaml, file: "pair.yml")
        let weak: ([UInt8]) -> UInt64 = { ["miracle", "wonder"].contains(String(decoding: $0, as: UTF8.self)) ? 7 : Vocabulary.hash($0) }
        #expect(MatchingLayer.hashCollision(rules: rules, lists: [:], registry: EvidenceRegistry()) == nil)
        let collision = try #require(MatchingLayer.hashCollision(rules: rules, lists: [:], registry: EvidenceRegistry(), hash: weak))
        #expect(MatchingLayer.error(for: collision, rules: rules, registry: EvidenceRegistry(), lexicon: "lexicon.yml") == ConfigurationError(
            file: "pair.yml", line: 2, column: 5,
            message: "the word `wonder` (in “wonder drug” of rule `certainty.pair`) has the same 64-bit hash as `miracle` (in “miracle cure” of rule `certainty.pair`); the phrase matcher cannot tell them apart",
            fix: "rephrase one of the two phrases (a different spelling or word order is enough)"))
        #expect(MatchingLayer.hashCollision(rules: sharedChecker.book.rules, lists: sharedChecker.matching.lists, registry: sharedChecker.registry,
                                            strength: sharedChecker.matching.strength) == nil)
    }

    // MARK: Malformed rule files

    func ruleError(_ yaml: String) -> ConfigurationError? {
        loadError { () throws(ConfigurationError) in try RuleLoader().load(text: yaml, file: "rules.yml") }
    }

    @Test func aDuplicateKeyInARuleIsReportedAtItsSecondOccurrence() {
        let yaml = "rules:\n  - id: certainty.x\n    kind: phrase\n    message: m\n    phrases: [a]\n    kind: pattern\n"
        #expect(ruleError(yaml) == ConfigurationError(file: "rules.yml", line: 6, column: 5,
            message: "duplicate key `kind`: this mapping already has it at line 3, column 5",
            fix: "keep one `kind:` (YAML would silently use only one of them)"))
    }

    @Test func aRuleFileThatIsAListSaysWhereRulesGo() {
        #expect(ruleError("- id: certainty.x\n  kind: phrase\n") == ConfigurationError(file: "rules.yml", line: 1, column: 1,
            message: "a rule file must be a mapping with a `rules:` list, not a list",
            fix: "put `rules:` on the first line and indent the list under it"))
        #expect(ruleError("rules:\n  - certainty.x\n")?.message == "each rule must be a mapping with `id:` and `kind:`, not text")
        #expect(ruleError("rules: certainty.x\n").map { "\($0.line):\($0.column) \($0.message)" } == "1:8 rules must be a list, not text")
    }

    @Test func everyKindIsOneHandlerAndItsChecksAreTyped() throws {
        #expect(RuleKind.allCases.map(\.rawValue) == ["phrase", "pattern", "attribution", "statistic", "table", "evidence", "checklist", "study"])
        #expect(Set(RuleKind.allCases).count == RuleKinds.all.count)
        let missing = "rules:\n  - id: attribution.x\n    kind: attribution\n    message: m\n"
        #expect(ruleError(missing) == ConfigurationError(file: "rules.yml", line: 2, column: 5,
            message: "a attribution rule needs `check:`",
            fix: "use one of: no-affiliation, uncited-organisation, unknown-organisation, vague-credential"))
        #expect(ruleError(missing + "    check: vague\n") == ConfigurationError(file: "rules.yml", line: 5, column: 12,
            message: "unknown check `vague` for a attribution rule",
            fix: "use one of: no-affiliation, uncited-organisation, unknown-organisation, vague-credential"))
        #expect(ruleError("rules:\n  - id: study.x\n    kind: study\n    message: m\n    check: causal\n")?.fix
            == "use one of: animal-as-human, causal-from-observational, early-trial-overclaim")
        #expect(ruleError("rules:\n  - id: statistic.x\n    kind: statistic\n    message: m\n    phrases: [a]\n") == ConfigurationError(
            file: "rules.yml", line: 5, column: 5, message: "unknown key `phrases` in a statistic rule",
            fix: "known keys: check, description, enabled, examples, help-uri, id, kind, message, summary"))
        let rule = try #require(sharedChecker.book.rule("attribution.vague-credential"))
        #expect((rule.handler as? AttributionHandler)?.check == .vagueCredential)
    }

    @Test func aTabInARuleFileIsNamed() {
        #expect(ruleError("rules:\n  - id: certainty.x\n\tkind: phrase\n") == ConfigurationError(file: "rules.yml", line: 3, column: 1,
            message: "a tab indents this line; YAML indents with spaces only",
            fix: "replace the tab with spaces (set your editor to insert spaces in .yml files)"))
    }

    @Test func aFlagExampleWithoutBracesIsReportedAtTheExample() {
        let yaml = """
        rules:
          - id: certainty.x
            kind: phrase
            message: m
            phrases: [no braces]
            examples: {flag: ["no braces here"], pass: ["x"]}
        """
        #expect(ruleError(yaml) == ConfigurationError(file: "rules.yml", line: 6, column: 23,
            message: "a flag example must mark the span the rule flags with {braces}",
            fix: "write it like \"This serum is {clinically proven} to work.\""))
    }

    @Test func anEmptyRequiredValueIsReportedAtItsKey() {
        let yaml = "rules:\n  - id: certainty.x\n    kind: phrase\n    message:\n    phrases: [a]\n    examples: {flag: [\"{a}\"], pass: [b]}\n"
        #expect(ruleError(yaml) == ConfigurationError(file: "rules.yml", line: 4, column: 5,
            message: "`message` has no value", fix: "write the value after `message:`"))
    }

    /// Invalid UTF-8 in each kind of file the rules folder holds, appended as a
    /// last line: `check` reports its line and column.
    @Test(arguments: ["certainty.yml", "lexicon.yml", "documents.yml", "verdicts.yml", "strength.yml", "domains/hair-loss/conditions.yml",
                      "registry/organisations.yml", "domains/hair-loss/domain.yml", "domains/hair-loss/interventions/biotin.yml"])
    func invalidUTF8InARulesFolderFileIsReportedAtTheByte(_ name: String) throws {
        let folder = try TemporaryFolder("rules")
        let rules = try folder.copyOfTheRules()
        let original = try folder.read("Rules/" + name)
        #expect(original.hasSuffix("\n"))
        try folder.write("Rules/" + name, bytes: Array(original.utf8) + Array("# caf".utf8) + [0xE9, 0x0A])
        let line = original.filter { $0 == "\n" }.count + 1
        #expect(loadErrors(rulesFolder: rules) == [ConfigurationError(file: rules + "/" + name, line: line, column: 6,
            message: "byte 0xE9 is not UTF-8 (the file looks like Latin-1 or Windows-1252 text)", fix: "save the file as UTF-8")])
    }

    @Test func aTenMegabyteRuleFileIsRefusedBeforeParsing() throws {
        let folder = try TemporaryFolder("rules")
        let rules = try folder.copyOfTheRules()
        let entry = "  - id: certainty.generated\n    kind: phrase\n    message: m\n    phrases: [a]\n"
        var text = "rules:\n" + String(repeating: entry, count: (10 << 20) / entry.utf8.count)
        text += String(repeating: "#", count: (10 << 20) - text.utf8.count)
        let path = try folder.write("Rules/generated.yml", text)
        #expect(loadErrors(rulesFolder: rules) == [ConfigurationError(file: path,
            message: "is 10.0 MB; ClaimCheck reads YAML files of at most 1 MB",
            fix: "split it into smaller files (rule files: several files in the rules folder; registry: one file per intervention)")])
    }

    @Test func aFolderWhereARuleFileShouldBeIsReported() throws {
        let folder = try TemporaryFolder("rules")
        let rules = try folder.copyOfTheRules()
        try FileManager.default.createDirectory(atPath: rules + "/extra.yml", withIntermediateDirectories: true)
        try folder.remove("Rules/lexicon.yml")
        try FileManager.default.createDirectory(atPath: rules + "/lexicon.yml", withIntermediateDirectories: true)
        #expect(loadErrors(rulesFolder: rules).map(\.description) == [
            "\(rules)/extra.yml: error: is a folder, where a file is expected\n  fix: name the YAML file itself, or rename the folder",
            "\(rules)/lexicon.yml: error: is a folder, where a file is expected\n  fix: name the YAML file itself, or rename the folder",
        ])
        let file = try folder.write("notes.txt", "not a folder\n")
        #expect(loadErrors(rulesFolder: file).map(\.message) == ["is a file, where the rules folder is expected"])
    }

    @Test func anUnknownListAndADuplicateIdArePlacedAtTheirEntries() throws {
        let folder = try TemporaryFolder("rules")
        let rules = try folder.copyOfTheRules()
        let file = try folder.write("Rules/zz-extra.yml", """
        rules:
          - id: certainty.miracle
            kind: phrase
            message: m
            phrases: [wonder drug]
            unless:
              sentence: ["@hedgez"]
            examples: {flag: ["A {wonder drug}."], pass: ["x"]}

        """)
        let shipped = try #require(sharedChecker.book.rule("certainty.miracle")?.locations.id)
        #expect(loadErrors(rulesFolder: rules).map(\.description) == [
            "\(file):2:9: error: rule id `certainty.miracle` is already defined at \(rules)/certainty.yml:\(shipped.line):\(shipped.column)\n  fix: give each rule its own id (to change a shipped rule, disable it in .claimcheck.yml and add yours under a new id)",
        ])
        try folder.write("Rules/zz-extra.yml", try folder.read("Rules/zz-extra.yml").replacingOccurrences(of: "certainty.miracle", with: "certainty.wonder"))
        let errors = loadErrors(rulesFolder: rules)
        #expect(errors.map(\.description) == [
            "\(file):7:18: error: rule `certainty.wonder` names list `@hedgez`, which lexicon.yml does not define\n  fix: did you mean `@hedges`? add it to lexicon.yml or fix the name",
            "\(file):2:9: error: rule `certainty.wonder` has no entry under `signals:` in verdicts.yml\n  fix: add `certainty.wonder: <verdict> <severity>` (or `note`) under `signals:` in verdicts.yml",
        ])
    }
}

struct RegistryTests {
    @Test func theShippedRegistryLintsClean() throws {
        let registry = try RegistryLoader().load(rulesFolder: repositoryRoot + "/Rules")
        #expect(RegistryLinter().lint(registry).map(\.description) == [])
        #expect(registry.interventions.count >= 22)
        #expect(registry.organisation("mayo-clinic")?.name == "Mayo Clinic")
        #expect(registry.intervention("cyclosporine")?.entry(for: nil, general: registry.generalConditions)?.grade == .limited)
        #expect(registry.intervention("topical-minoxidil")?.entry(for: "androgenetic-alopecia")?.grade == .established)
    }

    @Test func everyCitationIdentifierIsInTheFactSheetForm() throws {
        let registry = try RegistryLoader().load(rulesFolder: repositoryRoot + "/Rules")
        for citation in registry.interventions.flatMap(\.citations) {
            #expect(!citation.title.isEmpty && !citation.source.isEmpty)
            if let doi = citation.doi { #expect(doi.hasPrefix("10.")) }
        }
    }

    @Test func linterFindsDuplicateAliasesUnknownGradesAndMissingCitations() throws {
        let folder = NSTemporaryDirectory() + "registry-\(UUID().uuidString)"
        try FileManager.default.createDirectory(atPath: folder + "/interventions", withIntermediateDirectories: true)
        try "name: Test pack\n".write(toFile: folder + "/domain.yml", atomically: true, encoding: .utf8)
        try "conditions:\n  - id: hair-loss\n    name: hair loss\n    general: true\n    aliases: [hair loss]\n".write(toFile: folder + "/conditions.yml", atomically: true, encoding: .utf8)
        try "id: a\nname: A\naliases: [shared]\nevidence:\n  - {condition: hair-loss, grade: limited, cites: [x]}\n"
            .write(toFile: folder + "/interventions/a.yml", atomically: true, encoding: .utf8)
        try "id: b\nname: B\naliases: [Shared]\nevidence: []\ncitations: [{id: x, title: T, source: S, year: 2020}]\n"
            .write(toFile: folder + "/interventions/b.yml", atomically: true, encoding: .utf8)
        let registry = try RegistryLoader().load(folder: folder)
        let problems = RegistryLinter().lint(registry).map { "\($0.location): \($0.message)" }
        let a = folder + "/interventions/a.yml", b = folder + "/interventions/b.yml"
        #expect(problems == [
            "\(a):1:1: a has no citation; every entry must cite its sources (title, source, year)",
            "\(a):5:52: the hair-loss entry cites `x`, which is not among this file's citations",
            "\(b):3:11: alias `Shared` of intervention b is also an alias of intervention a (\(a):3:11); an alias must name one entry",
            "\(b):4:1: b grades no condition; add an `evidence:` entry",
        ])

        try "id: c\nname: C\nevidence:\n  - {condition: hair-loss, grade: strong, cites: [x]}\n"
            .write(toFile: folder + "/interventions/c.yml", atomically: true, encoding: .utf8)
        do { _ = try RegistryLoader().load(folder: folder); Issue.record("no error") } catch {
            #expect(error.errors.first?.message == "unknown grade `strong`")
            #expect(error.errors.first?.line == 4)
        }
    }

    /// What only packs can get wrong: a condition outside its tree, an organisation
    /// of no known kind, a harm claim about no condition, an alias two packs share.
    @Test func linterFindsPackProblemsAtTheirPlaces() throws {
        let folder = try TemporaryFolder("packs")
        try folder.write("packs/first/domain.yml", "name: First\n")
        let conditions = try folder.write("packs/first/conditions.yml", """
        conditions:
          - {id: root, name: root, general: true, aliases: [root trouble]}
          - {id: leaf, name: leaf, parent: roots, aliases: [leaf trouble]}
          - {id: orphan, name: orphan, aliases: [orphan trouble]}

        """)
        let first = try folder.write("packs/first/interventions/pill.yml", """
        id: pill
        name: Pill
        aliases: [green pill]
        evidence:
          - {condition: root, grade: limited, summary: s, cites: [c]}
        harm-claims:
          - {effect: rash, grade: contradicted, summary: s, cites: [c, d]}
        citations:
          - {id: c, title: T, source: S, year: 2020}

        """)
        let organisations = try folder.write("packs/first/organisations.yml", """
        organisations:
          - {id: board, name: Pill Board, kind: regulatory, aliases: [Pill Board]}

        """)
        try folder.write("packs/second/domain.yml", "name: Second\n")
        try folder.write("packs/second/conditions.yml", "conditions:\n  - {id: other, name: other, general: true}\n")
        let second = try folder.write("packs/second/interventions/tonic.yml", """
        id: tonic
        name: Tonic
        aliases: [Green Pill]
        evidence:
          - {condition: other, grade: limited, summary: s, cites: [c]}
        citations:
          - {id: c, title: T, source: S, year: 2020}

        """)
        let registry = try RegistryLoader().load(folder: folder.path + "/packs")
        #expect(registry.domains.map(\.id) == ["first", "second"])
        #expect(registry.intervention("tonic")?.domain == "second")
        let problems = RegistryLinter().lint(registry).map { "\($0.location): \($0.message)" }
        #expect(problems == [
            "\(conditions):3:36: condition leaf has unknown parent `roots`",
            "\(conditions):4:5: condition orphan has no parent; every condition is a kind of a broader one, up to its pack's general condition",
            "\(organisations):2:41: organisation board has unknown kind `regulatory`",
            "\(first):7:14: harm claim for unknown condition `rash`; the effect must be a condition id",
            "\(first):7:64: the harm claim of rash cites `d`, which is not among this file's citations",
            "\(second):3:11: alias `Green Pill` of intervention tonic is also an alias of intervention pill (\(first):3:11); an alias must name one entry",
        ])
        let fixes = RegistryLinter().lint(registry).compactMap(\.fix)
        #expect(fixes[0] == "did you mean `root`? name a condition id of any pack")
        #expect(fixes[1] == "add `parent: root` (or the broader condition it is a kind of), or `general: true`")
        #expect(fixes[2].hasPrefix("did you mean `regulator`? use one of: regulator, public-health-agency"))
    }
}
