/// Reads `Rules/lexicon.yml`: named word lists shared by recognisers and rules
/// (negations, hedges, speech verbs, vague credentials, ...).
public struct LexiconLoader: Sendable {
    /// Lists the recognisers need; a lexicon missing one is an error.
    public static let requiredLists = LexiconList.allCases.map(\.rawValue) + AssertionScope.lists + HealthStatisticFilter.lists
        + RuleEngine.organisationFindingLists

    public init() {}

    public func load(path: String) throws(ConfigurationError) -> [String: [String]] {
        guard let root = try YAMLNode.load(path: path) else {
            throw ConfigurationError(file: path, message: "the lexicon is empty", fix: "restore Rules/lexicon.yml")
        }
        let top = try root.mapping(allowed: ["lists"], context: "lexicon.yml")
        guard let listsNode = top["lists"] else {
            throw (top.keys["lists"] ?? root).error("lexicon.yml has no `lists:`", fix: "put the word lists under `lists:`")
        }
        var lists: [String: [String]] = [:]
        for (name, node) in try listsNode.entries(context: "lists") {
            lists[name] = try node.strings(context: "lists.\(name)")
        }
        for name in Self.requiredLists where lists[name] == nil {
            throw listsNode.error("lexicon.yml has no list `\(name)`", fix: "add `\(name): [...]` under `lists:`")
        }
        return lists
    }
}
