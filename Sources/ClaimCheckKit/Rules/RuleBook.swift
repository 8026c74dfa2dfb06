/// The rules the Rules stage runs, compiled once: each rule with its kind's
/// handler, the regular expressions of `pattern` rules, and the tables made
/// once here rather than per document. The matching layer (`MatchingLayer`)
/// holds their phrases; the registry and the verdict policy are not here.
public final class RuleBook: Sendable {
    public let rules: [Rule]
    /// Each rule's handler, by rule index: the engine asks each whether its rule can
    /// fire on a claim, and reaching it through its `Rule` would copy the rule.
    let handlers: [any RuleKindHandler]
    /// Each enabled rule's gate (`RuleKindHandler.gate`), by rule index; `.never` for a rule that is off.
    let gates: [FireGate]
    /// Compiled regular expressions of `pattern` rules.
    let patterns: PatternCache
    /// Indices of the enabled `checklist` rules, judged once per document.
    let checklistRules: [Int]
    /// The id of every rule, for the suppression comments of each document: made
    /// once here, where making the set per document cost as much as its checklist.
    let ruleIDs: Set<String>

    public init(rules: [Rule]) {
        self.rules = rules
        self.handlers = rules.map(\.handler)
        self.gates = rules.map { $0.enabled ? $0.handler.gate : .never }
        self.patterns = PatternCache(rules)
        self.checklistRules = rules.indices.filter { rules[$0].enabled && rules[$0].kind == .checklist }
        self.ruleIDs = Set(rules.map(\.id))
    }

    public func rule(_ id: String) -> Rule? { rules.first { $0.id == id } }
}
