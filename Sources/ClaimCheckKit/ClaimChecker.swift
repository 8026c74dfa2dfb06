import Foundation

/// The whole pipeline: bytes → `Document` → claims → signals → verdicts → `Report`.
/// Built once (rules compiled, registry loaded) and shared across threads.
public struct ClaimChecker: Sendable {
    public let rules: RuleSet
    public var gate: GatePolicy
    public var extractor = DocumentExtractor()

    public init(rules: RuleSet, gate: GatePolicy = GatePolicy()) {
        self.rules = rules
        self.gate = gate
    }

    /// Loads rules, lexicon, verdict policy and registry from a rules folder
    /// (`Rules/` with `evidence/` inside), reporting every mistake found.
    public static func load(rulesFolder: String, gate: GatePolicy = GatePolicy()) throws(ConfigurationErrors) -> ClaimChecker {
        var errors: [ConfigurationError] = []
        var rules: [Rule] = []
        var lists: [String: [String]] = [:]
        var policy: VerdictPolicy?
        var registry = EvidenceRegistry()
        guard FileManager.default.fileExists(atPath: rulesFolder) else {
            throw ConfigurationErrors([ConfigurationError(file: rulesFolder, message: "rules folder not found",
                fix: "pass --rules PATH, or set CLAIMCHECK_RULES to the folder holding verdicts.yml and lexicon.yml")])
        }
        do { rules = try RuleLoader().load(folder: rulesFolder) } catch { errors += error.errors }
        do { lists = try LexiconLoader().load(path: rulesFolder + "/lexicon.yml") } catch { errors.append(error) }
        do { policy = try VerdictPolicy.load(path: rulesFolder + "/verdicts.yml") } catch { errors.append(error) }
        do { registry = try RegistryLoader().load(folder: rulesFolder + "/evidence") } catch { errors += error.errors }
        for rule in rules {
            for entry in rule.unless.sentence where entry.hasPrefix("@") && lists[String(entry.dropFirst())] == nil && !lists.isEmpty {
                errors.append(ConfigurationError(file: rule.file, line: rule.line, column: 1,
                    message: "rule `\(rule.id)` names list `\(entry)`, which lexicon.yml does not define",
                    fix: "add it to lexicon.yml or fix the name"))
            }
        }
        if let policy {
            for rule in rules where rule.kind != .evidence && rule.kind != .checklist && policy.cell(forRule: rule.id) == nil {
                errors.append(ConfigurationError(file: rule.file, line: rule.line, column: 1,
                    message: "rule `\(rule.id)` has no entry under `signals:` in verdicts.yml",
                    fix: "add `\(rule.id): <verdict> <severity>` (or `note`) to verdicts.yml"))
            }
        }
        guard errors.isEmpty, let policy else { throw ConfigurationErrors(errors) }
        return ClaimChecker(rules: RuleSet(rules: rules, lists: lists, registry: registry, policy: policy), gate: gate)
    }

    /// Checks one document's bytes. Never throws: an unreadable input becomes a
    /// report with `error` set, so a batch goes on.
    public func check(_ bytes: [UInt8], source: String, format: InputFormat? = nil) -> Report {
        let document: Document
        do {
            document = try extractor.extract(bytes, path: source, format: format)
        } catch {
            return Report.inputError(error, format: format)
        }
        return check(document, source: source)
    }

    public func check(_ document: Document, source: String) -> Report {
        let analysis = ClaimAnalyzer(rules: rules).analyze(document)
        let engine = RuleEngine(rules: rules)
        let resolver = VerdictResolver(rules: rules)
        var verdicts: [Verdict] = []
        for claim in analysis.claims {
            let block = analysis.blocks[claim.blockIndex]
            let signals = engine.signals(for: claim, in: block, bodyNamesSource: analysis.bodyNamesSource,
                                         onTopic: analysis.bodyMentionsCondition)
            if let verdict = resolver.verdict(for: claim, signals: signals, analysis: block, lines: document.lines) {
                verdicts.append(verdict)
            }
        }
        let checklist = Checklist(rules: rules).evaluate(analysis)
        return Report(source: source, format: document.format, verdicts: verdicts, checklist: checklist,
                      blocks: document.blocks.count, gate: gate, notes: document.notes)
    }
}

/// Document-level criteria from `checklist` rules, judged on the body.
struct Checklist {
    let rules: RuleSet

    func evaluate(_ analysis: ClaimAnalyzer.Result) -> [ChecklistItem] {
        var items: [ChecklistItem] = []
        for (index, rule) in rules.rules.enumerated() where rule.enabled && rule.kind == .checklist {
            let passed: Bool
            switch rule.check {
            case "names-sources":
                passed = analysis.bodyNamesSource
            default:
                passed = analysis.blocks.contains { block in
                    block.block.region == .body && block.matches.contains { rules.tags[Int($0.tag)] == .rulePhrase(rule: index) }
                }
            }
            items.append(ChecklistItem(rule: rule.id, passed: passed, message: passed ? rule.summary : rule.message))
        }
        return items
    }
}
