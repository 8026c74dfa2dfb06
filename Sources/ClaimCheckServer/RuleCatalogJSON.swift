import ClaimCheckKit

/// The rules a server checks by, as `GET /v1/rules` lists them: the catalog SARIF
/// reports carry (the rule files' rules with their severity from the verdict
/// policy, and the checks of suppressions and baselines).
struct RuleCatalogJSON: Encodable, Sendable {
    struct Entry: Encodable, Sendable {
        var id: String
        var summary: String
        var description: String
        var help: String
        var helpURI: String?
        /// The severity its findings get when the rule alone decides the verdict (nil: it only adds a reason).
        var level: String?
    }

    var count: Int
    var rules: [Entry]

    init(_ catalog: RuleCatalog) {
        rules = catalog.entries.map {
            Entry(id: $0.id, summary: $0.summary, description: $0.description, help: $0.help, helpURI: $0.helpURI,
                  level: $0.level?.rawValue)
        }
        count = rules.count
    }
}
