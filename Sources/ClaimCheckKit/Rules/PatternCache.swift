import Foundation

/// Compiled regular expressions of `pattern` rules, built once per rule set.
final class PatternCache: @unchecked Sendable {
    private let expressions: [String: NSRegularExpression]

    init(_ rules: [Rule]) {
        var built: [String: NSRegularExpression] = [:]
        for rule in rules where rule.kind == .pattern {
            if let pattern = rule.pattern, let expression = try? NSRegularExpression(pattern: pattern, options: [.caseInsensitive]) {
                built[rule.id] = expression
            }
        }
        expressions = built
    }

    func expression(for id: String) -> NSRegularExpression? { expressions[id] }
}
