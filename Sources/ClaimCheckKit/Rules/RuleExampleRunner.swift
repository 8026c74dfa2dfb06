import Foundation

/// Runs every rule's own examples: each `flag` example must raise the rule with
/// exactly the span in braces; each `pass` example must not raise it. Then the
/// examples of strength.yml: each sentence must read as the strength it is listed under.
public struct RuleExampleRunner: Sendable {
    public let checker: ClaimChecker

    public init(checker: ClaimChecker) { self.checker = checker }

    public struct Failure: Sendable, CustomStringConvertible {
        /// The rule whose example failed (nil for an example of strength.yml).
        public var rule: Rule?
        /// The rule's id, or `strength` for an example of strength.yml.
        public var id: String
        public var example: String
        public var problem: String
        /// Where the example is written (the rule's position when not known).
        public var location: FilePosition

        public init(rule: Rule, example: String, problem: String, location: FilePosition? = nil) {
            self.rule = rule
            self.id = rule.id
            self.example = example
            self.problem = problem
            self.location = location ?? rule.location
        }

        /// A failed example of strength.yml.
        public init(strengthExample: StrengthExample, problem: String) {
            self.id = Self.strengthID
            self.example = strengthExample.sentence
            self.problem = problem
            self.location = strengthExample.location
        }

        /// A failed example of a domain pack's domain.yml.
        public init(pack: Domain, example: String, problem: String, location: FilePosition?) {
            self.id = "pack \(pack.id)"
            self.example = example
            self.problem = problem
            self.location = location ?? FilePosition(file: (pack.folder as NSString).appendingPathComponent("domain.yml"))
        }

        /// What `claimcheck rules test` calls the examples of strength.yml.
        public static let strengthID = "strength"

        public var description: String { "\(location): error: \(id): \(problem)\n  example: \(example)" }
    }

    public struct Outcome: Sendable {
        public var passed: Int
        public var failures: [Failure]
    }

    /// Runs the examples of every rule, those off by default included: their
    /// examples must hold for the day an editor turns them on.
    public func run(only ids: Set<String> = []) -> Outcome {
        if checker.book.rules.contains(where: { !$0.enabled }) {
            return RuleExampleRunner(checker: checker.withEveryRuleEnabled()).run(only: ids)
        }
        var passed = 0
        var failures: [Failure] = []
        for rule in checker.book.rules where ids.isEmpty || ids.contains(rule.id) {
            func failure(_ example: String, _ problem: String, flag: Bool, _ index: Int) -> Failure {
                let known = flag ? rule.locations.flagExamples : rule.locations.passExamples
                return Failure(rule: rule, example: example, problem: problem, location: known.indices.contains(index) ? known[index] : nil)
            }
            for (index, example) in rule.examples.flag.enumerated() {
                let (text, span) = Self.unmark(example)
                let found = signals(of: rule, in: text)
                if rule.kind == .checklist {
                    if found.isEmpty { failures.append(failure(example, "the checklist item passed; expected it to fail", flag: true, index)) } else { passed += 1 }
                    continue
                }
                guard let span else {
                    failures.append(failure(example, "a flag example must mark its span with {braces}", flag: true, index))
                    continue
                }
                if found.contains(span) { passed += 1 } else {
                    let got = found.isEmpty ? "nothing" : found.map { "“\($0)”" }.joined(separator: ", ")
                    failures.append(failure(example, "expected it to flag “\(span)”, got \(got)", flag: true, index))
                }
            }
            for (index, example) in rule.examples.pass.enumerated() {
                let (text, _) = Self.unmark(example)
                let found = signals(of: rule, in: text)
                if found.isEmpty { passed += 1 } else {
                    failures.append(failure(example, "expected no finding, got " + found.map { "“\($0)”" }.joined(separator: ", "),
                                            flag: false, index))
                }
            }
        }
        if ids.isEmpty || ids.contains(Failure.strengthID) {
            let classifier = ClaimStrengthClassifier(matching: checker.matching)
            for example in checker.matching.strength.examples {
                let found = classifier.strength(of: example.sentence).strength
                if found == example.strength { passed += 1 } else {
                    failures.append(Failure(strengthExample: example,
                                            problem: "expected it to read as \(example.strength.rawValue), got \(found.rawValue)"))
                }
            }
        }
        if let evidenceRule = checker.book.rules.first(where: { $0.kind == .evidence }) {
            for pack in checker.registry.domains where ids.isEmpty || ids.contains("pack \(pack.id)") {
                let outcome = packExamples(pack, weighedBy: evidenceRule)
                passed += outcome.passed
                failures += outcome.failures
            }
        }
        return Outcome(passed: passed, failures: failures)
    }

    /// A pack's examples: each `flag` sentence weighed at its braced span, citing one
    /// of the pack's interventions; each `pass` sentence not weighed at all.
    func packExamples(_ pack: Domain, weighedBy rule: Rule) -> Outcome {
        var passed = 0
        var failures: [Failure] = []
        let own = Set(checker.registry.interventions.filter { $0.domain == pack.id }.map(\.id))
        for (index, example) in pack.examples.flag.enumerated() {
            let location = pack.flagExampleLocations.indices.contains(index) ? pack.flagExampleLocations[index] : nil
            let (text, span) = Self.unmark(example)
            let found = signals(of: rule, in: text)
            let cited = checker.check(Array(text.utf8), source: "example", format: .text).verdicts
                .filter { $0.reasons.contains { $0.rule == rule.id } }.flatMap(\.evidence).map(\.id)
            if let span, !found.contains(span) {
                let got = found.isEmpty ? "nothing" : found.map { "“\($0)”" }.joined(separator: ", ")
                failures.append(Failure(pack: pack, example: example, problem: "expected the weighing to flag “\(span)”, got \(got)", location: location))
            } else if !cited.contains(where: own.contains) {
                failures.append(Failure(pack: pack, example: example,
                    problem: "expected it to cite an intervention of the pack, got " + (cited.isEmpty ? "none" : cited.joined(separator: ", ")),
                    location: location))
            } else {
                passed += 1
            }
        }
        for (index, example) in pack.examples.pass.enumerated() {
            let found = signals(of: rule, in: Self.unmark(example).0)
            if found.isEmpty { passed += 1 } else {
                failures.append(Failure(pack: pack, example: example,
                    problem: "expected it not to be weighed, got " + found.map { "“\($0)”" }.joined(separator: ", "),
                    location: pack.passExampleLocations.indices.contains(index) ? pack.passExampleLocations[index] : nil))
            }
        }
        return Outcome(passed: passed, failures: failures)
    }

    /// Removes the braces, returning the text and the marked span.
    static func unmark(_ example: String) -> (String, String?) {
        guard let open = example.firstIndex(of: "{"), let close = example[open...].firstIndex(of: "}") else { return (example, nil) }
        let span = String(example[example.index(after: open)..<close])
        return (String(example[..<open]) + span + String(example[example.index(after: close)...]), span)
    }

    /// The texts of the rule's signals in a one-example document (for checklist
    /// rules: one entry if the item fails).
    func signals(of rule: Rule, in text: String) -> [String] {
        let bytes = Array(text.utf8)
        guard let document = try? checker.extractor.extract(bytes, path: nil, format: .text) else { return [] }
        let analysis = ClaimAnalyzer(matching: checker.matching).analyze(document)
        if rule.kind == .checklist {
            return Checklist(book: checker.book).evaluate(analysis).filter { $0.rule == rule.id && !$0.passed }.map(\.rule)
        }
        let engine = RuleEngine(book: checker.book, matching: checker.matching, registry: checker.registry)
        // The evidence rule's signals as the verdict stage keeps them (the worst sentence of a claim).
        let resolver = VerdictResolver(book: checker.book, policy: checker.policy, registry: checker.registry)
        var found: [String] = []
        for claim in analysis.claims {
            let block = analysis.blocks[claim.blockIndex]
            let raised = engine.signals(for: claim, in: block,
                                        onTopic: analysis.bodyMentionsCondition, facts: analysis.facts)
            for (signal, _) in resolver.judgingEvidence(raised) where signal.rule == rule.id {
                found.append(String(decoding: block.block.text[signal.range], as: UTF8.self))
            }
        }
        return found
    }
}

extension ClaimChecker {
    /// The same checker with every rule on, rules off by default included.
    func withEveryRuleEnabled() -> ClaimChecker {
        let rules = book.rules.map { rule -> Rule in var rule = rule; rule.enabled = true; return rule }
        var copy = ClaimChecker(rules: rules, lists: matching.lists, registry: registry, policy: policy, strength: matching.strength,
                                documentExamples: documentExamples, gate: gate)
        copy.extractor = extractor
        copy.severities = severities
        return copy
    }
}
