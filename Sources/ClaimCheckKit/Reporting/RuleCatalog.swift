/// What reporters need to know about the rules (SARIF's `tool.driver.rules`):
/// taken from the rule book and the verdict policy, plus the checks ClaimCheck makes of itself.
public struct RuleCatalog: Sendable {
    public struct Entry: Sendable, Equatable {
        public var id: String
        public var summary: String
        public var description: String
        public var help: String
        public var helpURI: String?
        public var level: Severity?
    }

    public var entries: [Entry]

    public init(entries: [Entry]) { self.entries = entries }

    public init(book: RuleBook, policy: VerdictPolicy) {
        var entries: [Entry] = book.rules.map { rule in
            let level: Severity?
            switch rule.kind {
            case .evidence: level = .warning
            case .checklist: level = .info
            default: level = (policy.cell(forRule: rule.id) ?? nil)?.severity
            }
            let help = [rule.description.trimmingCharacters(in: .whitespacesAndNewlines),
                        rule.examples.flag.first.map { "Flagged, for example: " + RuleExampleRunner.unmark($0).0 } ?? ""]
                .filter { !$0.isEmpty }.joined(separator: "\n\n")
            return Entry(id: rule.id, summary: rule.summary.isEmpty ? rule.id : rule.summary,
                         description: rule.description.isEmpty ? rule.summary : rule.description.trimmingCharacters(in: .whitespacesAndNewlines),
                         help: help.isEmpty ? rule.summary : help, helpURI: rule.helpURI, level: level)
        }
        entries += Self.builtIn
        self.entries = entries
    }

    public func index(of id: String) -> Int? { entries.firstIndex { $0.id == id } }

    /// Checks of suppressions and baselines, reported like rules.
    public static let builtIn: [Entry] = [
        Entry(id: "suppression.missing-reason", summary: "A suppression gives no reason.",
              description: "Every claimcheck-disable comment must say why, after `--`.",
              help: "Write <!-- claimcheck-disable-next-line RULE -- why this claim stands -->.", helpURI: nil, level: .error),
        Entry(id: "suppression.missing-rule", summary: "A suppression names no rule.",
              description: "A suppression must name the rules it silences.",
              help: "Write <!-- claimcheck-disable-next-line RULE -- reason -->; `claimcheck rules list` lists the ids.", helpURI: nil, level: .error),
        Entry(id: "suppression.unknown-rule", summary: "A suppression names an unknown rule.",
              description: "The rule id in a suppression is not a rule of this rule set.",
              help: "Check the id with `claimcheck rules list`.", helpURI: nil, level: .error),
        Entry(id: "suppression.unused", summary: "A suppression suppresses nothing.",
              description: "No finding on the lines it covers has the rules it names; it can be removed.",
              help: "Remove the comment, or move it to the line before the claim.", helpURI: nil, level: .warning),
        Entry(id: "suppression.too-many", summary: "A file has more suppressions than are read.",
              description: "Only the first \(SuppressionApplier.maximumDirectives) claimcheck suppression comments of a file are applied.",
              help: "Record accepted findings in a baseline (`claimcheck baseline create`) or disable the rule in .claimcheck.yml.", helpURI: nil, level: .error),
        Entry(id: "baseline.resolved", summary: "Baselined findings are gone.",
              description: "With --strict-baseline, findings in the baseline that no longer occur fail the gate so the baseline shrinks.",
              help: "Run `claimcheck baseline create` again and commit the smaller baseline.", helpURI: nil, level: .error),
        Entry(id: "input-error", summary: "The input could not be read.",
              description: "A file that could not be read or parsed.", help: "Check the path and the file's format.",
              helpURI: nil, level: .error),
    ]
}

extension ClaimChecker {
    /// The checker's rules as reporters list them.
    public var catalog: RuleCatalog { RuleCatalog(book: book, policy: policy) }
}
