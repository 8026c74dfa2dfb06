import Foundation

/// GitHub Actions workflow commands: `::error file=…,line=…,col=…,endColumn=…,title=…::message`,
/// which GitHub shows as annotations on the pull request's files.
public struct GitHubReporter: Reporter {
    public var identifier: String { "github" }
    /// Each report's annotations stand alone.
    public var streams: Bool { true }

    /// Lowest severity annotated (`info` becomes a notice).
    public var minimumSeverity: Severity

    public init(minimumSeverity: Severity = .warning) { self.minimumSeverity = minimumSeverity }

    public func render(_ reports: [Report]) -> String {
        var out = ""
        for report in reports {
            if let error = report.error {
                out += "::error file=\(Self.property(report.source)),title=\(Self.property("claimcheck: input-error"))::\(Self.data(error))\n"
                continue
            }
            for verdict in report.verdicts where verdict.suppression == nil && verdict.severity >= minimumSeverity {
                let location = verdict.location
                var properties = "file=\(Self.property(report.source)),line=\(location.line),col=\(location.column)"
                if location.endLine == location.line { properties += ",endColumn=\(location.endColumn)" } else { properties += ",endLine=\(location.endLine)" }
                properties += ",title=\(Self.property("claimcheck \(verdict.rule): \(verdict.verdict.rawValue)"))"
                var message = verdict.reasons.first?.message ?? ""
                if let evidence = verdict.evidence.first { message += "\nEvidence: \(evidence.name), \(evidence.condition): \(evidence.grade.rawValue). \(evidence.citation)" }
                out += "::\(Self.command(verdict.severity)) \(properties)::\(Self.data(message))\n"
            }
            for diagnostic in report.diagnostics where diagnostic.severity >= minimumSeverity {
                out += "::\(Self.command(diagnostic.severity)) file=\(Self.property(report.source)),line=\(diagnostic.line),col=\(diagnostic.column),title=\(Self.property("claimcheck \(diagnostic.rule)"))::\(Self.data(diagnostic.message))\n"
            }
        }
        return out
    }

    static func command(_ severity: Severity) -> String {
        switch severity {
        case .error: return "error"
        case .warning: return "warning"
        case .info: return "notice"
        }
    }

    /// Escapes a message: `%`, CR and LF.
    static func data(_ text: String) -> String {
        text.replacingOccurrences(of: "%", with: "%25").replacingOccurrences(of: "\r", with: "%0D")
            .replacingOccurrences(of: "\n", with: "%0A")
    }

    /// Escapes a property value: as a message, plus `:` and `,`.
    static func property(_ text: String) -> String {
        data(text).replacingOccurrences(of: ":", with: "%3A").replacingOccurrences(of: ",", with: "%2C")
    }
}
