import Foundation

/// Applies `claimcheck-disable…` comments of a document to its report.
///
///     <!-- claimcheck-disable-next-line certainty.proven -- quoted to rebut it -->
///     <!-- claimcheck-disable source.* -- a literature review; sources are in the appendix -->
///     …
///     <!-- claimcheck-enable source.* -->
///
/// Every suppression names its rules (an id or `namespace.*`) and a reason after
/// `--`. One without a reason or with an unknown rule is an error and suppresses
/// nothing; one that suppresses nothing is reported so it can be removed.
public struct SuppressionApplier: Sendable {
    public let knownRules: Set<String>
    /// Directives read per file; past it one error says the rest were ignored. No
    /// real draft has a thousand suppressions, and the limit keeps matching them
    /// against verdicts bounded whatever a file holds.
    public static let maximumDirectives = 1_000

    public init(knownRules: Set<String>) { self.knownRules = knownRules }

    struct Directive {
        enum Kind { case nextLine, disable, enable }
        var kind: Kind
        var rules: [String]
        var reason: String?
        var line: Int
        var column: Int
        /// Lines the directive covers (filled in once enables are paired).
        var lines: ClosedRange<Int> = 0...0
        var used = false
    }

    static func parse(_ comment: SourceComment, lines: LineIndex) -> Directive? {
        var text = Substring(comment.text.trimmingCharacters(in: .whitespacesAndNewlines))
        let kind: Directive.Kind
        if text.hasPrefix("claimcheck-disable-next-line") {
            kind = .nextLine; text = text.dropFirst("claimcheck-disable-next-line".count)
        } else if text.hasPrefix("claimcheck-disable") {
            kind = .disable; text = text.dropFirst("claimcheck-disable".count)
        } else if text.hasPrefix("claimcheck-enable") {
            kind = .enable; text = text.dropFirst("claimcheck-enable".count)
        } else {
            return nil
        }
        var reason: String?
        if let separator = text.firstRange(of: "--") {
            let value = text[separator.upperBound...].trimmingCharacters(in: .whitespacesAndNewlines)
            reason = value.isEmpty || Self.isPlaceholder(value) ? nil : value
            text = text[..<separator.lowerBound]
        }
        let rules = text.split(whereSeparator: { $0 == "," || $0 == " " || $0 == "\n" || $0 == "\t" }).map(String.init)
        let position = lines.position(ofByte: comment.start)
        return Directive(kind: kind, rules: rules, reason: reason, line: position.line, column: position.column)
    }

    /// The text the editor's page and the language server's quick fix insert for
    /// the reason to be filled in (`reason: …`): left as it is, it is no reason.
    static func isPlaceholder(_ reason: String) -> Bool {
        var text = Substring(reason)
        if text.lowercased().hasPrefix("reason:") { text = text.dropFirst("reason:".count) }
        return ["", "…", "...", "<reason>"].contains(text.trimmingCharacters(in: .whitespaces))
    }

    public func apply(_ comments: [SourceComment], lines: LineIndex, to report: inout Report) {
        var directives: [Directive] = []
        let lastLine = lines.lineStarts.count
        var read = 0
        // The first non-blank line at or after a line, remembered: comments come in order.
        var lastSkip: (from: Int, to: Int)?
        for comment in comments {
            guard var directive = Self.parse(comment, lines: lines) else { continue }
            read += 1
            if read > Self.maximumDirectives {
                report.diagnostics.append(Diagnostic(rule: "suppression.too-many", severity: .error,
                    message: "more than \(Self.maximumDirectives) claimcheck suppression comments in one file; the rest are ignored. Use a baseline (`claimcheck baseline create`) or `disable:` in .claimcheck.yml instead",
                    line: directive.line, column: directive.column))
                break
            }
            let endLine = lines.position(ofByte: max(comment.start, comment.end - 1)).line
            if directive.kind != .enable {
                if directive.rules.isEmpty {
                    report.diagnostics.append(Diagnostic(rule: "suppression.missing-rule", severity: .error,
                        message: "suppression names no rule; write the rule id it silences, e.g. <!-- claimcheck-disable-next-line certainty.proven -- reason -->",
                        line: directive.line, column: directive.column))
                    continue
                }
                if directive.reason == nil {
                    report.diagnostics.append(Diagnostic(rule: "suppression.missing-reason", severity: .error,
                        message: "suppression of \(directive.rules.joined(separator: ", ")) gives no reason (a `reason: …` placeholder left as it is counts as none); add one after `--`, e.g. <!-- claimcheck-disable-next-line \(directive.rules[0]) -- quoted to rebut it -->",
                        line: directive.line, column: directive.column))
                    continue
                }
                let unknown = directive.rules.filter { !matchesKnownRule($0) }
                if !unknown.isEmpty {
                    report.diagnostics.append(Diagnostic(rule: "suppression.unknown-rule", severity: .error,
                        message: "suppression names unknown rule \(unknown.joined(separator: ", ")); see `claimcheck rules list`",
                        line: directive.line, column: directive.column))
                    continue
                }
            }
            switch directive.kind {
            case .nextLine:
                var target = endLine + 1
                if let skip = lastSkip, skip.from <= target, target <= skip.to {
                    target = skip.to
                } else {
                    while target < lastLine, lines.lineText(target).allSatisfy(\.isWhitespace) { target += 1 }
                }
                lastSkip = (endLine + 1, target)
                directive.lines = target...target
            case .disable:
                directive.lines = endLine...lastLine
            case .enable:
                // Close every open block the enable names (or all of them).
                for index in directives.indices where directives[index].kind == .disable && directives[index].lines.upperBound == lastLine {
                    if directive.rules.isEmpty || !Set(directive.rules).isDisjoint(with: directives[index].rules) {
                        directives[index].lines = directives[index].lines.lowerBound...max(directives[index].lines.lowerBound, directive.line)
                    }
                }
                continue
            }
            directives.append(directive)
        }
        for index in report.verdicts.indices where report.verdicts[index].suppression == nil {
            let verdict = report.verdicts[index]
            for directiveIndex in directives.indices {
                let directive = directives[directiveIndex]
                guard directive.lines.contains(verdict.location.line),
                      verdict.reasons.contains(where: { reason in directive.rules.contains { Self.rule(reason.rule, matches: $0) } })
                else { continue }
                report.verdicts[index].suppression = Suppression(kind: .inSource, justification: directive.reason ?? "")
                directives[directiveIndex].used = true
                break
            }
        }
        for directive in directives where !directive.used {
            report.diagnostics.append(Diagnostic(rule: "suppression.unused", severity: .warning,
                message: "suppression of \(directive.rules.joined(separator: ", ")) matches no finding; remove it",
                line: directive.line, column: directive.column))
        }
        report.diagnostics.sort { ($0.line, $0.column) < ($1.line, $1.column) }
    }

    static func rule(_ id: String, matches pattern: String) -> Bool {
        if pattern.hasSuffix(".*") { return id.hasPrefix(pattern.dropLast()) }
        return id == pattern
    }

    private func matchesKnownRule(_ pattern: String) -> Bool {
        knownRules.contains { Self.rule($0, matches: pattern) }
    }
}
