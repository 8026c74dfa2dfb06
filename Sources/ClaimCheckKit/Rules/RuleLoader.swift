import Foundation

/// Reads rule files (`Rules/*.yml` except `verdicts.yml` and `lexicon.yml`).
///
/// A rule file is a list under `rules:`. Every key is checked against the rule's
/// kind, so a misspelt key is an error with its line, not a silently ignored line.
public struct RuleLoader: Sendable {
    public static let namespaces: Set<String> = ["certainty", "safety", "attribution", "source", "statistic", "table", "evidence", "checklist"]

    static let commonKeys: Set<String> = ["id", "kind", "summary", "description", "message", "enabled", "examples", "help-uri"]
    static let keysByKind: [RuleKind: Set<String>] = [
        .phrase: ["phrases", "unless", "asserts", "defer-to-evidence"],
        .pattern: ["pattern", "prefilter", "unless", "asserts", "defer-to-evidence"],
        .attribution: ["check"],
        .statistic: ["check"],
        .table: ["check"],
        .evidence: ["strengths"],
        .checklist: ["check", "phrases"],
    ]
    static let checks: [RuleKind: Set<String>] = [
        .attribution: ["vague-credential", "no-affiliation", "unknown-organisation", "uncited-organisation"],
        .statistic: ["unsourced"],
        .table: ["unsourced"],
        .checklist: ["names-sources", "mentions"],
    ]

    public init() {}

    /// Loads every rule file in a folder, collecting all errors.
    public func load(folder: String) throws(ConfigurationErrors) -> [Rule] {
        let files = ((try? FileManager.default.contentsOfDirectory(atPath: folder)) ?? [])
            .filter { ($0.hasSuffix(".yml") || $0.hasSuffix(".yaml")) && !["verdicts.yml", "lexicon.yml"].contains($0) }
            .sorted()
        var rules: [Rule] = []
        var errors: [ConfigurationError] = []
        for file in files {
            let path = folder + "/" + file
            do {
                rules += try load(text: try FileLoader.readText(path), file: path)
            } catch {
                errors.append(error)
            }
        }
        var seen: [String: Rule] = [:]
        for rule in rules {
            if let previous = seen[rule.id] {
                errors.append(ConfigurationError(file: rule.file, line: rule.line, column: 1,
                    message: "rule id `\(rule.id)` is already defined at \(previous.file):\(previous.line)",
                    fix: "give each rule its own id"))
            }
            seen[rule.id] = rule
        }
        if !errors.isEmpty { throw ConfigurationErrors(errors) }
        return rules
    }

    public func load(text: String, file: String) throws(ConfigurationError) -> [Rule] {
        guard let root = try YAMLNode.parse(text, file: file) else { return [] }
        let top = try root.mapping(allowed: ["rules"], context: "a rule file")
        var rules: [Rule] = []
        for item in try top["rules"]?.sequence(context: "rules") ?? [] {
            rules.append(try rule(item))
        }
        return rules
    }

    private func rule(_ node: YAMLNode) throws(ConfigurationError) -> Rule {
        guard case .mapping = node.node else { throw node.error("each rule must be a mapping with `id:` and `kind:`") }
        let preview = try node.entries(context: "a rule")
        guard let kindNode = preview.first(where: { $0.0 == "kind" })?.1 else {
            throw node.error("rule has no `kind`", fix: "add `kind:` with one of: " + RuleKind.allCases.map(\.rawValue).joined(separator: ", "))
        }
        let kindText = try kindNode.string(context: "kind")
        guard let kind = RuleKind(rawValue: kindText) else {
            throw kindNode.error("unknown rule kind `\(kindText)`", fix: "use one of: " + RuleKind.allCases.map(\.rawValue).joined(separator: ", "))
        }
        let fields = try node.mapping(allowed: Self.commonKeys.union(Self.keysByKind[kind] ?? []), context: "a \(kind.rawValue) rule")
        let id = try RegistryLoader.required(fields, "id", node)
        let namespace = String(id.prefix { $0 != "." })
        guard id.contains("."), Self.namespaces.contains(namespace) else {
            throw (fields["id"] ?? node).error("rule id `\(id)` must be namespaced by what it catches",
                fix: "start it with one of: " + Self.namespaces.sorted().map { $0 + "." }.joined(separator: ", "))
        }
        var rule = Rule(id: id, kind: kind, summary: try fields["summary"]?.string(context: "summary") ?? "",
                        description: try fields["description"]?.string(context: "description") ?? "",
                        message: try RegistryLoader.required(fields, "message", node),
                        enabled: try fields["enabled"]?.bool(context: "enabled") ?? true,
                        asserts: nil, defersToEvidence: try fields["defer-to-evidence"]?.bool(context: "defer-to-evidence") ?? false,
                        phrases: try fields["phrases"]?.strings(context: "phrases") ?? [],
                        pattern: try fields["pattern"]?.string(context: "pattern"),
                        check: try fields["check"]?.string(context: "check"), unless: RuleExceptions(), strengths: [:],
                        examples: RuleExamples(), helpURI: try fields["help-uri"]?.string(context: "help-uri"),
                        file: node.file, line: node.line)
        rule.prefilter = try (fields["prefilter"]?.strings(context: "prefilter") ?? []).map { Array($0.lowercased().utf8) }
        if let assertsNode = fields["asserts"] {
            let text = try assertsNode.string(context: "asserts")
            guard let strength = AssertedStrength(rawValue: text) else {
                throw assertsNode.error("unknown strength `\(text)`", fix: "use one of: " + AssertedStrength.allCases.map(\.rawValue).joined(separator: ", "))
            }
            rule.asserts = strength
        }
        if let allowed = Self.checks[kind] {
            guard let check = rule.check else {
                throw node.error("a \(kind.rawValue) rule needs `check:`", fix: "use one of: " + allowed.sorted().joined(separator: ", "))
            }
            guard allowed.contains(check) else {
                throw (fields["check"] ?? node).error("unknown check `\(check)` for a \(kind.rawValue) rule",
                                                      fix: "use one of: " + allowed.sorted().joined(separator: ", "))
            }
        }
        if kind == .phrase && rule.phrases.isEmpty { throw node.error("a phrase rule needs `phrases:`", fix: "list the phrases it matches") }
        if kind == .pattern {
            guard let pattern = rule.pattern else { throw node.error("a pattern rule needs `pattern:`") }
            do { _ = try NSRegularExpression(pattern: pattern, options: [.caseInsensitive]) } catch {
                throw (fields["pattern"] ?? node).error("invalid regular expression: \(pattern)",
                    fix: "check brackets and escapes; the syntax is ICU's (NSRegularExpression)")
            }
        }
        if let unlessNode = fields["unless"] {
            let unless = try unlessNode.mapping(allowed: ["negated", "question", "cited", "named", "sentence"], context: "unless")
            rule.unless.named = try unless["named"]?.bool(context: "named") ?? false
            rule.unless.negated = try unless["negated"]?.bool(context: "negated") ?? false
            rule.unless.question = try unless["question"]?.bool(context: "question") ?? false
            rule.unless.cited = try unless["cited"]?.bool(context: "cited") ?? false
            rule.unless.sentence = try unless["sentence"]?.strings(context: "sentence") ?? []
        }
        if let strengthsNode = fields["strengths"] {
            for (name, list) in try strengthsNode.entries(context: "strengths") {
                guard let strength = AssertedStrength(rawValue: name) else {
                    throw strengthsNode.error("unknown strength `\(name)`", fix: "use: " + AssertedStrength.allCases.map(\.rawValue).joined(separator: ", "))
                }
                rule.strengths[strength] = try list.strings(context: "strengths.\(name)")
            }
        }
        if let examplesNode = fields["examples"] {
            let examples = try examplesNode.mapping(allowed: ["flag", "pass"], context: "examples")
            rule.examples.flag = try examples["flag"]?.strings(context: "examples.flag") ?? []
            rule.examples.pass = try examples["pass"]?.strings(context: "examples.pass") ?? []
        }
        if rule.examples.flag.isEmpty || rule.examples.pass.isEmpty {
            throw node.error("rule `\(id)` needs examples that flag and examples that pass",
                             fix: "add `examples: {flag: [\"… {span} …\"], pass: [\"…\"]}`; braces mark the span it must flag")
        }
        return rule
    }
}
