import Foundation

/// The findings a site already has, so that only new ones fail the gate.
///
/// Entries are keyed by file, deciding rule and normalised claim text, never by
/// line: an edit above a finding does not resurrect it. Counts matter: a claim
/// that appears twice needs two entries.
public struct Baseline: Sendable, Codable, Equatable {
    public struct Entry: Sendable, Codable, Equatable {
        public var source: String
        public var rule: String
        public var fingerprint: String
        /// The claim as it read when the baseline was made (for people reading the file).
        public var claim: String
    }

    public var schemaVersion = 1
    public var tool = "claimcheck"
    public var findings: [Entry]

    public init(findings: [Entry]) { self.findings = findings }

    /// Every finding that is not `supported`, so that a stricter `--fail-on` later
    /// still finds them in the baseline.
    public init(reports: [Report]) {
        findings = reports.flatMap(Self.entries(of:))
    }

    public static func load(path: String) throws(ConfigurationError) -> Baseline {
        guard let data = FileManager.default.contents(atPath: path) else {
            throw ConfigurationError(file: path, message: "baseline not found",
                                     fix: "create it with `claimcheck baseline create PATHS --output \(path)`")
        }
        do { return try JSONDecoder().decode(Baseline.self, from: data) } catch {
            throw ConfigurationError(file: path, message: "not a claimcheck baseline (\(error))",
                                     fix: "recreate it with `claimcheck baseline create`")
        }
    }

    public func encoded() -> Data {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
        return (try? encoder.encode(self)) ?? Data()
    }

    /// Marks the findings the baseline holds; with `strict`, entries that no
    /// longer match anything become an error so the baseline can shrink.
    public func apply(to reports: inout [Report], strict: Bool) {
        var matcher = Matcher(self, strict: strict)
        for index in reports.indices { matcher.apply(to: &reports[index]) }
    }

    /// Applies a baseline one report at a time, as a run that streams its output
    /// checks them: what `apply(to:strict:)` does to a whole run.
    public struct Matcher: Sendable {
        public let strict: Bool
        private var remaining: [String: [String: Int]] = [:]   // source → fingerprint → count
        private var claims: [String: [String: String]] = [:]

        public init(_ baseline: Baseline, strict: Bool) {
            self.strict = strict
            for entry in baseline.findings {
                remaining[entry.source, default: [:]][entry.fingerprint, default: 0] += 1
                claims[entry.source, default: [:]][entry.fingerprint] = entry.claim
            }
        }

        /// Marks the report's findings the baseline holds, and re-evaluates its gate.
        public mutating func apply(to report: inout Report) {
            let source = report.source
            for index in report.verdicts.indices where report.verdicts[index].suppression == nil {
                let fingerprint = report.verdicts[index].fingerprint
                guard let count = remaining[source]?[fingerprint], count > 0 else { continue }
                remaining[source]?[fingerprint] = count - 1
                report.verdicts[index].suppression = Suppression(kind: .baseline, justification: "in the baseline")
            }
            if strict, let left = remaining[source] {
                let gone = left.filter { $0.value > 0 }
                if !gone.isEmpty {
                    let count = gone.values.reduce(0, +)
                    let example = gone.keys.sorted().first.flatMap { claims[source]?[$0] } ?? ""
                    report.diagnostics.append(Diagnostic(rule: "baseline.resolved", severity: .error,
                        message: "\(count) baselined finding\(count == 1 ? " is" : "s are") gone (e.g. “\(example.prefix(80))”); run `claimcheck baseline create` to shrink the baseline",
                        line: 1, column: 1))
                }
                remaining[source] = nil
            }
            report.reevaluateGate()
        }
    }

    /// The baseline's entries for one report: every finding that is not `supported` (see `init(reports:)`).
    public static func entries(of report: Report) -> [Entry] {
        report.verdicts.filter { $0.verdict != .supported && $0.suppression == nil }.map {
            Entry(source: report.source, rule: $0.rule, fingerprint: $0.fingerprint, claim: $0.claim)
        }
    }
}
