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
        guard let root = try YAMLNode.parse(try FileLoader.readText(path), file: path) else {
            throw ConfigurationError(file: path, message: "the verdict policy is empty", fix: "restore Rules/verdicts.yml")
        }
        let top = try root.mapping(allowed: ["strength", "signals"], context: "verdicts.yml")
        var strength: [AssertedStrength: [String: PolicyCell?]] = [:]
        let columns = Set(EvidenceGrade.allCases.map(\.rawValue) + [notOnFile])
        if let table = top["strength"] {
            for (row, cells) in try table.entries(context: "strength") {
                guard let asserted = AssertedStrength(rawValue: row) else {
                    throw table.error("unknown strength row `\(row)`", fix: "use: " + AssertedStrength.allCases.map(\.rawValue).joined(separator: ", "))
                }
                var parsed: [String: PolicyCell?] = [:]
                for (column, value) in try cells.mapping(allowed: columns, context: "the `\(row)` row").map({ ($0.key, $0.value) }) {
                    parsed[column] = try parseCell(value)
                }
                for column in columns where parsed[column] == nil {
                    throw cells.error("the `\(row)` row has no `\(column)` column", fix: "add `\(column): <verdict> <severity>` or `\(column): none`")
                }
                strength[asserted] = parsed
            }
        }
        for asserted in AssertedStrength.allCases where strength[asserted] == nil {
            throw root.error("verdicts.yml has no `\(asserted.rawValue)` row under `strength:`")
        }
        var signals: [String: PolicyCell?] = [:]
        if let table = top["signals"] {
            for (rule, value) in try table.entries(context: "signals") { signals[rule] = try parseCell(value) }
        }
        return VerdictPolicy(strength: strength, signals: signals)
    }

    /// "overstated error", "supported info", "none" or "note".
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
