import ClaimCheckKit

/// The hover over a flagged claim, in Markdown: the verdict, severity and
/// deciding rule, the claim, every reason with its rule, where the support is
/// named, and the evidence with its citation.
public struct HoverContent: Sendable {
    public let verdicts: [Verdict]

    /// The verdicts whose claim holds the byte at `offset` (its end included, so
    /// a cursor just after the last character still shows it).
    public init(report: Report, byte offset: Int) {
        verdicts = report.verdicts.filter { verdict in
            verdict.location.offset <= offset && offset <= verdict.location.offset + verdict.location.length
        }
    }

    public var markdown: String? {
        guard !verdicts.isEmpty else { return nil }
        return verdicts.map(Self.markdown(for:)).joined(separator: "\n\n---\n\n")
    }

    static func markdown(for verdict: Verdict) -> String {
        let region = verdict.region == .body ? "" : " · \(verdict.region.rawValue)"
        var lines = ["**\(verdict.verdict.rawValue)** · \(verdict.severity.rawValue) · `\(verdict.rule)`\(region)", ""]
        if let suppression = verdict.suppression {
            let how = suppression.kind == .inSource ? "in the source" : "by the baseline"
            lines += ["*Suppressed \(how):* \(escape(suppression.justification))", ""]
        }
        lines += ["> \(escape(clip(verdict.claim.split(whereSeparator: \.isNewline).joined(separator: " "), 300)))", ""]
        lines += ["**Reasons**", ""]
        lines += verdict.reasons.map { "- `\($0.rule)`: \(escape($0.message))" }
        if let attribution = verdict.attribution, attribution.basis != "none", let source = attribution.source {
            lines += ["", "**Attributed** (\(attribution.basis)): \(escape(clip(source, 200)))" + (attribution.line.map { " (line \($0))" } ?? "")]
        }
        if !verdict.evidence.isEmpty {
            lines += ["", "**Evidence**", ""]
            lines += verdict.evidence.map { evidence in
                "- \(escape(evidence.name)), \(escape(evidence.condition)): *\(evidence.grade.rawValue)*. \(escape(evidence.summary))"
                    + " Citation: \(escape(evidence.citation))" + (evidence.link.map { " <\($0)>" } ?? "")
            }
        }
        return lines.joined(separator: "\n")
    }

    /// Text with Markdown's markup characters escaped, so an article's asterisks
    /// and brackets show as written.
    static func escape(_ text: String) -> String {
        var out = ""
        out.reserveCapacity(text.count)
        for character in text {
            if "\\`*_[]<>#|".contains(character) { out.append("\\") }
            out.append(character)
        }
        return out
    }

    static func clip(_ text: String, _ limit: Int) -> String {
        text.count <= limit ? text : String(text.prefix(limit)) + "…"
    }
}
