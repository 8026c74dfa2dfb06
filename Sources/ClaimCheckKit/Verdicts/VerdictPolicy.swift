import Foundation

/// The policy table of `Rules/verdicts.yml`: asserted strength × evidence grade,
/// and the verdict each other signal makes on its own.
public struct VerdictPolicy: Sendable {
    /// Column for an intervention the registry has no entry for.
    public static let notOnFile = "not-on-file"

    public var strength: [AssertedStrength: [String: PolicyCell?]]
    /// Keyed by rule id or `namespace.*`; nil means a note (a reason, not a verdict).
    public var signals: [String: PolicyCell?]

    public init(strength: [AssertedStrength: [String: PolicyCell?]], signals: [String: PolicyCell?]) {
        self.strength = strength
        self.signals = signals
    }

    public func cell(strength asserted: AssertedStrength, grade: EvidenceGrade?) -> PolicyCell? {
        strength[asserted]?[grade?.rawValue ?? Self.notOnFile] ?? nil
    }

    /// The cell for a signal of `rule`: exact id first, then `namespace.*`.
    public func cell(forRule rule: String) -> PolicyCell?? {
        if let exact = signals[rule] { return .some(exact) }
        let namespace = String(rule.prefix { $0 != "." })
        if let wildcard = signals[namespace + ".*"] { return .some(wildcard) }
        return .none
    }

    public static func load(path: String) throws(ConfigurationError) -> VerdictPolicy {
        guard let root = try YAMLNode.load(path: path) else {
            throw ConfigurationError(file: path, message: "the verdict policy is empty", fix: "restore Rules/verdicts.yml")
        }
        let top = try root.mapping(allowed: ["strength", "signals"], context: "verdicts.yml")
        var strength: [AssertedStrength: [String: PolicyCell?]] = [:]
        let columns = Set(EvidenceGrade.allCases.map(\.rawValue) + [notOnFile])
        if let table = top["strength"] {
            for (row, key, cells) in try table.keyedEntries(context: "strength") {
                guard let asserted = AssertedStrength(rawValue: row) else {
                    throw key.error("unknown strength row `\(row)`", fix: "use: " + AssertedStrength.allCases.map(\.rawValue).joined(separator: ", "))
                }
                var parsed: [String: PolicyCell?] = [:]
                let fields = try cells.mapping(allowed: columns, context: "the `\(row)` row")
                for column in columns.sorted() {
                    guard let value = fields[column] else {
                        throw (fields.keys[column] ?? cells).error("the `\(row)` row has no `\(column)` column",
                            fix: "add `\(column): <verdict> <severity>` or `\(column): none`")
                    }
                    parsed[column] = try parseCell(value)
                }
                strength[asserted] = parsed
            }
        }
        for asserted in AssertedStrength.allCases where strength[asserted] == nil {
            throw (top["strength"] ?? root).error("verdicts.yml has no `\(asserted.rawValue)` row under `strength:`",
                fix: "add a `\(asserted.rawValue):` row with a cell for every grade and `\(notOnFile)`")
        }
        var signals: [String: PolicyCell?] = [:]
        if let table = top["signals"] {
            for (rule, value) in try table.entries(context: "signals") { signals[rule] = try parseCell(value) }
        }
        return VerdictPolicy(strength: strength, signals: signals)
    }

    /// "overstated error", "supported info", "none" or "note".
    /// The `signals:` of a domain pack's own `verdicts.yml`: the verdicts of the pack's rules.
    /// A pack adds cells; one for a rule that already has a verdict (`taken`) is an error,
    /// returned beside the others so that they still count.
    public static func loadPackSignals(path: String, taken: Set<String>) throws(ConfigurationError)
        -> (signals: [String: PolicyCell?], errors: [ConfigurationError]) {
        guard let root = try YAMLNode.load(path: path) else { return ([:], []) }
        let top = try root.mapping(allowed: ["signals"], context: "a pack's verdicts.yml")
        var signals: [String: PolicyCell?] = [:]
        var errors: [ConfigurationError] = []
        for (rule, key, value) in try top["signals"]?.keyedEntries(context: "signals") ?? [] {
            guard !taken.contains(rule) else {
                errors.append(key.error("`\(rule)` already has a verdict in Rules/verdicts.yml",
                                        fix: "give the pack's rule an id of its own, or change the verdict in Rules/verdicts.yml"))
                continue
            }
            signals[rule] = try parseCell(value)
        }
        return (signals, errors)
    }

    static func parseCell(_ node: YAMLNode) throws(ConfigurationError) -> PolicyCell? {
        let text = try node.string(context: "a policy cell").trimmingCharacters(in: .whitespaces)
        if text == "none" || text == "note" { return nil }
        let parts = text.split(separator: " ").map(String.init)
        guard parts.count == 2, let verdict = VerdictKind(rawValue: parts[0]), let severity = Severity(rawValue: parts[1]) else {
            throw node.error("`\(text)` is not `<verdict> <severity>`",
                fix: "verdict: " + VerdictKind.allCases.map(\.rawValue).joined(separator: "|") + "; severity: info|warning|error; or `none`")
        }
        return PolicyCell(verdict: verdict, severity: severity)
    }
}
