import Foundation

/// Reads rule files (`Rules/*.yml` except `verdicts.yml`, `lexicon.yml`, `strength.yml` and `documents.yml`).
///
/// A rule file is a list under `rules:`. Every key is checked against the keys
/// the rule's kind declares (`RuleKindHandler.keys`), so a misspelt key is an
/// error with its line, not a silently ignored line; the kind's handler checks
/// and compiles its own part (`check:`, phrases, pattern).
public struct RuleLoader: Sendable {
    public static let namespaces: Set<String> = ["certainty", "safety", "attribution", "source", "statistic", "table", "evidence", "checklist", "study"]

    static let commonKeys: Set<String> = ["id", "kind", "summary", "description", "message", "enabled", "examples", "help-uri"]
    /// Files of a rules folder that are not rule files.
    static let otherFiles: Set<String> = ["verdicts.yml", "lexicon.yml", "strength.yml", "documents.yml"]
    static let patternFix = "rewrite without a quantifier inside a quantified group, or use a phrase rule"

    /// Namespaces allowed besides the core ones: a domain pack's rules may also be
    /// namespaced by the pack's id (`hair-loss.cure`).
    public var packNamespaces: Set<String> = []

    public init(packNamespaces: Set<String> = []) { self.packNamespaces = packNamespaces }

    /// Loads every rule file in a folder, collecting all errors.
    public func load(folder: String) throws(ConfigurationErrors) -> [Rule] {
        guard FileLoader.isFolder(folder) else {
            let what = FileLoader.exists(folder) ? "is a file, where a folder of rule files is expected" : "rule folder not found"
            throw ConfigurationErrors([ConfigurationError(file: folder, message: what,
                fix: "name the folder that holds the rule files (*.yml)")])
        }
        var rules: [Rule] = []
        var errors: [ConfigurationError] = []
        for file in FileLoader.yamlFiles(in: folder) where !Self.otherFiles.contains(file) {
            let path = (folder as NSString).appendingPathComponent(file)
            do {
                rules += try load(text: try FileLoader.readText(path), file: path)
            } catch {
                errors.append(error)
            }
        }
        errors += Self.duplicateIDs(rules)
        if !errors.isEmpty { throw ConfigurationErrors(errors) }
        return rules
    }

    /// A rule id defined twice (in one folder, or across the folders of a config).
    static func duplicateIDs(_ rules: [Rule]) -> [ConfigurationError] {
        var errors: [ConfigurationError] = []
        var seen: [String: Rule] = [:]
        for rule in rules {
            if let previous = seen[rule.id] {
                let first = previous.locations.id ?? previous.location
                errors.append(ConfigurationError(at: rule.locations.id ?? rule.location,
                    message: "rule id `\(rule.id)` is already defined at \(first)",
                    fix: "give each rule its own id (to change a shipped rule, disable it in .claimcheck.yml and add yours under a new id)"))
            } else {
                seen[rule.id] = rule
            }
        }
        return errors
    }

    public func load(text: String, file: String) throws(ConfigurationError) -> [Rule] {
        guard let root = try YAMLNode.parse(text, file: file) else { return [] }
        if case .sequence = root.value.content {
            throw root.error("a rule file must be a mapping with a `rules:` list, not a list",
                             fix: "put `rules:` on the first line and indent the list under it")
        }
        let top = try root.mapping(allowed: ["rules"], context: "a rule file")
        let lines = SourceLines(text)
        var rules: [Rule] = []
        for item in try top["rules"]?.sequence(context: "rules") ?? [] {
            rules.append(try rule(item, lines: lines))
        }
        return rules
    }

    private func rule(_ node: YAMLNode, lines: SourceLines) throws(ConfigurationError) -> Rule {
        guard case .mapping = node.value.content else {
            throw node.error("each rule must be a mapping with `id:` and `kind:`, not \(node.kindName)",
                             fix: "write each rule as `- id: …` followed by its keys, indented under it")
        }
        let preview = try node.entries(context: "a rule")
        guard let kindNode = preview.first(where: { $0.0 == "kind" })?.1, !kindNode.isNull else {
            throw node.error("rule has no `kind`", fix: "add `kind:` with one of: " + RuleKind.allCases.map(\.rawValue).joined(separator: ", "))
        }
        let kindText = try kindNode.string(context: "kind")
        guard let handler = RuleKinds.handler(for: kindText) else {
            throw kindNode.error("unknown rule kind `\(kindText)`", fix: "use one of: " + RuleKind.allCases.map(\.rawValue).joined(separator: ", "))
        }
        let kind = handler.kind
        let fields = try node.mapping(allowed: Self.commonKeys.union(handler.keys), context: "a \(kind.rawValue) rule")
        let id = try fields.required("id", in: node)
        let namespace = String(id.prefix { $0 != "." })
        let allowed = Self.namespaces.union(packNamespaces)
        guard id.contains("."), allowed.contains(namespace) else {
            throw (fields["id"] ?? node).error("rule id `\(id)` must be namespaced by what it catches",
                fix: "start it with one of: " + allowed.sorted().map { $0 + "." }.joined(separator: ", "))
        }
        let summary = try fields["summary"]?.string(context: "summary") ?? ""
        let description = try fields["description"]?.string(context: "description") ?? ""
        let message = try fields.required("message", in: node)
        let enabled = try fields["enabled"]?.bool(context: "enabled") ?? true
        let defersToEvidence = try fields["defer-to-evidence"]?.bool(context: "defer-to-evidence") ?? false
        let phrases = try fields["phrases"]?.strings(context: "phrases") ?? []
        let pattern = try fields["pattern"]?.string(context: "pattern")
        let helpURI = try fields["help-uri"]?.string(context: "help-uri")
        let afterOrganisation = try fields["after-organisation"]?.bool(context: "after-organisation") ?? false
        let prefilter = try (fields["prefilter"]?.strings(context: "prefilter") ?? []).map { Array($0.lowercased().utf8) }
        var rule = Rule(id: id, kind: kind, handler: try handler.compile(fields, node: node, lines: lines), summary: summary,
                        description: description, message: message, enabled: enabled, defersToEvidence: defersToEvidence,
                        phrases: phrases, pattern: pattern, unless: RuleExceptions(), examples: RuleExamples(), helpURI: helpURI,
                        file: node.file, line: node.line)
        rule.column = node.column
        rule.locations.id = fields["id"]?.location
        rule.locations.pattern = fields["pattern"]?.location
        rule.afterOrganisation = afterOrganisation
        rule.prefilter = prefilter
        if let unlessNode = fields["unless"] {
            let unless = try unlessNode.mapping(allowed: ["negated", "question", "cited", "named", "unasserted", "attributed", "quoted", "reported-study", "strong-study", "testimony", "boilerplate", "sentence"], context: "unless")
            rule.unless.strongStudy = try unless["strong-study"]?.bool(context: "strong-study") ?? false
            rule.unless.quoted = try unless["quoted"]?.bool(context: "quoted") ?? false
            rule.unless.testimony = try unless["testimony"]?.bool(context: "testimony") ?? false
            rule.unless.boilerplate = try unless["boilerplate"]?.bool(context: "boilerplate") ?? false
            rule.unless.reportedStudy = try unless["reported-study"]?.bool(context: "reported-study") ?? false
            rule.unless.attributed = try unless["attributed"]?.bool(context: "attributed") ?? false
            rule.unless.named = try unless["named"]?.bool(context: "named") ?? false
            rule.unless.unasserted = try unless["unasserted"]?.bool(context: "unasserted") ?? false
            rule.unless.negated = try unless["negated"]?.bool(context: "negated") ?? false
            rule.unless.question = try unless["question"]?.bool(context: "question") ?? false
            rule.unless.cited = try unless["cited"]?.bool(context: "cited") ?? false
            let sentence = try unless["sentence"]?.locatedStrings(context: "sentence") ?? []
            rule.unless.sentence = sentence.map(\.0)
            rule.locations.unlessSentence = sentence.map(\.1.location)
        }
        if let examplesNode = fields["examples"] {
            let examples = try examplesNode.mapping(allowed: ["flag", "pass"], context: "examples")
            let flag = try examples["flag"]?.locatedStrings(context: "examples.flag") ?? []
            let pass = try examples["pass"]?.locatedStrings(context: "examples.pass") ?? []
            if kind != .checklist {
                for (example, exampleNode) in flag where RuleExampleRunner.unmark(example).1 == nil {
                    throw exampleNode.error("a flag example must mark the span the rule flags with {braces}",
                                            fix: "write it like \"This serum is {clinically proven} to work.\"")
                }
            }
            rule.examples.flag = flag.map(\.0)
            rule.examples.pass = pass.map(\.0)
            rule.locations.flagExamples = flag.map(\.1.location)
            rule.locations.passExamples = pass.map(\.1.location)
        }
        if rule.examples.flag.isEmpty || rule.examples.pass.isEmpty {
            throw node.error("rule `\(id)` needs examples that flag and examples that pass",
                             fix: "add `examples: {flag: [\"… {span} …\"], pass: [\"…\"]}`; braces mark the span it must flag")
        }
        return rule
    }

    /// A pattern must compile, and must not be able to backtrack catastrophically.
    static func checkPattern(_ pattern: String, node: YAMLNode, lines: SourceLines) throws(ConfigurationError) {
        do { _ = try NSRegularExpression(pattern: pattern, options: [.caseInsensitive]) } catch {
            throw node.error("invalid regular expression: \(pattern)",
                fix: "check brackets and escapes; the syntax is ICU's (NSRegularExpression)")
        }
        if let finding = PatternSafety.check(pattern) {
            let column = patternColumn(offset: finding.offset, pattern: pattern, node: node, lines: lines) ?? node.column
            throw ConfigurationError(file: node.file, line: node.line, column: column,
                                     message: "pattern can hang on long texts: \(finding.message)", fix: patternFix)
        }
    }

    /// The column of a pattern's character in the file, when the pattern is written
    /// on one line, plain or in single quotes (checked against the source text).
    static func patternColumn(offset: Int, pattern: String, node: YAMLNode, lines: SourceLines) -> Int? {
        guard case .scalar(_, let style) = node.value.content, let start = lines.scalarOffset(line: node.line, column: node.column) else { return nil }
        let characters = Array(pattern.unicodeScalars)
        var source = start
        switch style {
        case .singleQuoted: source += 1
        case .plain: break
        default: return nil
        }
        for index in 0..<offset {
            guard source < lines.scalars.count, lines.scalars[source] == characters[index] else { return nil }
            source += (style == .singleQuoted && characters[index] == "'") ? 2 : 1
        }
        guard source < lines.scalars.count, offset < characters.count, lines.scalars[source] == characters[offset] else { return nil }
        return node.column + (source - start)
    }
}
