import Foundation

/// Compiler-style text: `path:line:col: severity: verdict: message`, then the
/// claim, the reasons and the evidence with its citation.
public struct TextReporter: Reporter {
    public var identifier: String { "text" }
    public var streams: Bool { true }

    /// Lowest severity shown (supported claims are `info`).
    public var minimumSeverity: Severity

    public init(minimumSeverity: Severity = .info) { self.minimumSeverity = minimumSeverity }

    public func render(_ reports: [Report]) -> String {
        reports.map(render).joined()
    }

    public func render(_ report: Report) -> String {
        var out = ""
        if let error = report.error {
            return "\(report.source): error: input-error: \(error)\n"
        }
        for verdict in report.verdicts where verdict.severity >= minimumSeverity {
            let location = verdict.location
            let region = verdict.region == .body ? "" : " [\(verdict.region.rawValue)]"
            // A suppressed finding is shown as a note, with the reason it was let through.
            let level = verdict.suppression == nil ? verdict.severity.rawValue : "note: suppressed \(verdict.severity.rawValue)"
            out += "\(report.source):\(location.line):\(location.column): \(level): \(verdict.verdict.rawValue)\(region): \(verdict.reasons.first?.message ?? "")\n"
            if let suppression = verdict.suppression {
                out += "    suppressed (\(suppression.kind == .inSource ? "in the source" : "baseline")): \(suppression.justification)\n"
            }
            // Most claims have no line break: skip Foundation's (slow) replacement for them.
            let claim = verdict.claim.utf8.contains(0x0A) ? verdict.claim.replacingOccurrences(of: "\n", with: " / ") : verdict.claim
            out += "    claim: \(Self.clip(claim, 220))\n"
            if verdict.reasons.count > 1 || verdict.reasons.first.map({ $0.rule }) != nil {
                for reason in verdict.reasons {
                    out += "    - \(reason.rule): \(reason.message)\n"
                }
            }
            // Where the article names the claim's support, so the editor can see why a rule let it be.
            if let attribution = verdict.attribution, attribution.basis != "none", let source = attribution.source {
                out += "    attributed (\(attribution.basis)): \(Self.clip(source, 160))" + (attribution.line.map { " (line \($0))" } ?? "") + "\n"
            }
            for evidence in verdict.evidence {
                out += "    evidence: \(evidence.name), \(evidence.condition): \(evidence.grade.rawValue). \(evidence.citation)\n"
            }
        }
        for diagnostic in report.diagnostics where diagnostic.severity >= minimumSeverity || diagnostic.severity == .error {
            out += "\(report.source):\(diagnostic.line):\(diagnostic.column): \(diagnostic.severity.rawValue): \(diagnostic.rule): \(diagnostic.message)\n"
        }
        let counts = VerdictKind.allCases.compactMap { kind in report.summary.byVerdict[kind.rawValue].map { "\($0) \(kind.rawValue)" } }
        let failed = report.checklist.filter { !$0.passed }
        out += "\(report.source): \(report.summary.verdicts) verdict\(report.summary.verdicts == 1 ? "" : "s")"
            + (counts.isEmpty ? "" : " (" + counts.joined(separator: ", ") + ")")
            + { let suppressed = report.verdicts.filter { $0.suppression != nil }.count; return suppressed > 0 ? ", \(suppressed) suppressed" : "" }()
            + "; gate \(report.gate.rawValue)\n"
        for item in failed { out += "\(report.source): note: \(item.rule): \(item.message)\n" }
        for note in report.notes { out += "\(report.source): note: \(note)\n" }
        return out
    }

    static func clip(_ text: String, _ limit: Int) -> String {
        text.count <= limit ? text : String(text.prefix(limit)) + "…"
    }
}
