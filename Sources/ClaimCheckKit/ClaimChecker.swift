import Foundation

/// The whole pipeline: bytes → `Document` → claims → signals → verdicts → `Report`.
/// Built once (rules compiled, registry loaded) and shared across threads.
public struct ClaimChecker: Sendable {
    public private(set) var rules: RuleSet
    public var gate: GatePolicy
    public var extractor = DocumentExtractor()
    /// Severities a config sets for rules (by deciding rule id or `namespace.*`).
    public var severities: [String: Severity] = [:]
    /// Keep the article's text in the report (for the HTML report; costs memory and time).
    public var keepsArticleText = false

    public init(rules: RuleSet, gate: GatePolicy = GatePolicy()) {
        self.rules = rules
        self.gate = gate
    }

    /// A checker with its own compiled rule set, sharing no memory with this one:
    /// threads that check in parallel then never touch the same reference counts.
    public func independentCopy() -> ClaimChecker {
        var copy = self
        copy.rules = RuleSet(rules: rules.rules, lists: rules.lists, registry: rules.registry, policy: rules.policy)
        return copy
    }

    /// Loads the rules folder with a config's extra rule and registry folders,
    /// disabled rules, severities and gate settings.
    public static func load(rulesFolder: String, configuration: Configuration, gate: GatePolicy) throws(ConfigurationErrors) -> ClaimChecker {
        var checker = try load(rulesFolder: rulesFolder, gate: gate, extraRuleFolders: configuration.ruleFolders,
                               extraRegistryFolders: configuration.registryFolders, disabled: configuration.disabled)
        checker.severities = configuration.severities
        return checker
    }

    /// Loads rules, lexicon, verdict policy and registry from a rules folder
    /// (`Rules/` with `evidence/` inside), reporting every mistake found.
    public static func load(rulesFolder: String, gate: GatePolicy = GatePolicy(), extraRuleFolders: [String] = [],
                            extraRegistryFolders: [String] = [], disabled: [String] = []) throws(ConfigurationErrors) -> ClaimChecker {
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
        for folder in extraRuleFolders {
            guard FileManager.default.fileExists(atPath: folder) else {
                errors.append(ConfigurationError(file: folder, message: "rule folder named in the config not found", fix: "fix the `rules:` path in .claimcheck.yml"))
                continue
            }
            do { rules += try RuleLoader().load(folder: folder) } catch { errors += error.errors }
        }
        for pattern in disabled {
            let matched = rules.indices.filter { SuppressionApplier.rule(rules[$0].id, matches: pattern) }
            if matched.isEmpty {
                errors.append(ConfigurationError(file: Configuration.fileName, message: "`disable` names unknown rule `\(pattern)`",
                                                 fix: "see `claimcheck rules list` for the ids"))
            }
            for index in matched { rules[index].enabled = false }
        }
        do { lists = try LexiconLoader().load(path: rulesFolder + "/lexicon.yml") } catch { errors.append(error) }
        do { policy = try VerdictPolicy.load(path: rulesFolder + "/verdicts.yml") } catch { errors.append(error) }
        do { registry = try RegistryLoader().load(folder: rulesFolder + "/evidence") } catch { errors += error.errors }
        for folder in extraRegistryFolders {
            guard FileManager.default.fileExists(atPath: folder) else {
                errors.append(ConfigurationError(file: folder, message: "registry folder named in the config not found", fix: "fix the `registry:` path in .claimcheck.yml"))
                continue
            }
            do { registry.merge(try RegistryLoader().load(folder: folder)) } catch { errors += error.errors }
        }
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
            if var verdict = resolver.verdict(for: claim, signals: signals, analysis: block, lines: document.lines) {
                if let severity = severities.first(where: { SuppressionApplier.rule(verdict.rule, matches: $0.key) })?.value {
                    verdict.severity = severity
                }
                verdicts.append(verdict)
            }
        }
        let checklist = Checklist(rules: rules).evaluate(analysis)
        var report = Report(source: source, format: document.format, verdicts: verdicts, checklist: checklist,
                            blocks: document.blocks.count, gate: gate, notes: document.notes)
        report.url = document.canonicalURL
        if keepsArticleText {
            report.blocks = document.blocks.map { ReportBlock(kind: $0.kind, region: $0.region, text: $0.string) }
        }
        SuppressionApplier(knownRules: Set(rules.rules.map(\.id))).apply(document.comments, lines: document.lines, to: &report)
        report.reevaluateGate()
        return report
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
