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
    @Test(arguments: sharedChecker.rules.rules.filter { $0.kind == .phrase })
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
                let report = check(html, format: .html)
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
        let base = sharedChecker.rules
        let checker = ClaimChecker(rules: RuleSet(rules: rules, lists: base.lists, registry: base.registry, policy: base.policy))
        let outcome = RuleExampleRunner(checker: checker).run()
        #expect(outcome.passed == 1)
        #expect(outcome.failures.map(\.problem) == ["expected it to flag “wonder drug”, got nothing"])
    }
}

struct RegistryTests {
    @Test func theShippedRegistryLintsClean() throws {
        let registry = try RegistryLoader().load(folder: repositoryRoot + "/Rules/evidence")
        #expect(RegistryLinter().lint(registry).map(\.description) == [])
        #expect(registry.interventions.count >= 22)
        #expect(registry.organisation("mayo-clinic")?.name == "Mayo Clinic")
        #expect(registry.intervention("cyclosporine")?.entry(for: nil)?.grade == .limited)
        #expect(registry.intervention("topical-minoxidil")?.entry(for: "androgenetic-alopecia")?.grade == .established)
    }

    @Test func everyCitationIdentifierIsInTheFactSheetForm() throws {
        let registry = try RegistryLoader().load(folder: repositoryRoot + "/Rules/evidence")
        for citation in registry.interventions.flatMap(\.citations) {
            #expect(!citation.title.isEmpty && !citation.source.isEmpty)
            if let doi = citation.doi { #expect(doi.hasPrefix("10.")) }
        }
    }

    @Test func linterFindsDuplicateAliasesUnknownGradesAndMissingCitations() throws {
        let folder = NSTemporaryDirectory() + "registry-\(UUID().uuidString)"
        try FileManager.default.createDirectory(atPath: folder + "/interventions", withIntermediateDirectories: true)
        try "conditions:\n  - id: hair-loss\n    name: hair loss\n    aliases: [hair loss]\n".write(toFile: folder + "/conditions.yml", atomically: true, encoding: .utf8)
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
}
