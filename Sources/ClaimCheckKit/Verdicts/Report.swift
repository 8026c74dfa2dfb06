/// A document-level criterion and whether the article meets it.
public struct ChecklistItem: Sendable, Codable, Equatable {
    public var rule: String
    public var passed: Bool
    public var message: String
}

/// Counts for a report's summary.
public struct ReportSummary: Sendable, Codable, Equatable {
    public var verdicts: Int
    public var byVerdict: [String: Int]
    public var bySeverity: [String: Int]
    public var byRegion: [String: Int]
    public var blocks: Int
    /// The blocks read as each region (body, comments, related, boilerplate), so a
    /// reader sees what was set aside even where nothing there was flagged.
    public var blocksByRegion: [String: Int] = [:]

    enum CodingKeys: String, CodingKey { case verdicts, byVerdict, bySeverity, byRegion, blocks, blocksByRegion }
}

public enum GateResult: String, Sendable, Codable { case pass, fail }

/// A block of the article as the HTML report shows it.
public struct ReportBlock: Sendable, Equatable {
    public var kind: BlockKind
    public var region: Region
    public var text: String
}

/// Everything ClaimCheck found in one document; reporters only read this.
public struct Report: Sendable, Codable {
    public var schemaVersion = 1
    public var source: String
    public var format: InputFormat
    public var verdicts: [Verdict]
    public var checklist: [ChecklistItem]
    public var summary: ReportSummary
    public var gate: GateResult
    /// Notes about reading the input (encoding guessed, …).
    public var notes: [String]
    /// Set when the input could not be read; the report has no verdicts then.
    public var error: String?
    /// Problems with suppressions and the baseline.
    public var diagnostics: [Diagnostic] = []
    /// The page's canonical address, where it declares one.
    public var url: String?
    /// Set (true) when the input has text but none of it was read as the article:
    /// the report then has no body verdicts because there was nothing to judge.
    public var noArticleText: Bool?
    /// Set (true) when the body does not read as a health article and was not
    /// weighed (see `DocumentFacts.readsAsHealth`); a note says why.
    public var notWeighed: Bool?
    /// The article's blocks (for the HTML report; not part of the JSON report).
    public var blocks: [ReportBlock] = []
    /// The gate policy the report was judged by.
    public var gatePolicy = GatePolicy()

    enum CodingKeys: String, CodingKey {
        case schemaVersion, source, format, url, verdicts, checklist, diagnostics, summary, gate, notes, error, noArticleText, notWeighed
    }

    public init(source: String, format: InputFormat, verdicts: [Verdict], checklist: [ChecklistItem], blocks: Int,
                gate: GatePolicy, notes: [String] = [], blocksByRegion: [String: Int] = [:]) {
        self.source = source
        self.format = format
        self.verdicts = verdicts
        self.checklist = checklist
        var byVerdict: [String: Int] = [:], bySeverity: [String: Int] = [:], byRegion: [String: Int] = [:]
        for verdict in verdicts {
            byVerdict[verdict.verdict.rawValue, default: 0] += 1
            bySeverity[verdict.severity.rawValue, default: 0] += 1
            byRegion[verdict.region.rawValue, default: 0] += 1
        }
        self.summary = ReportSummary(verdicts: verdicts.count, byVerdict: byVerdict, bySeverity: bySeverity, byRegion: byRegion, blocks: blocks,
                                     blocksByRegion: blocksByRegion)
        self.gate = gate.evaluate(verdicts)
        self.gatePolicy = gate
        self.notes = notes
    }

    /// Judges the gate again (after suppressions, a baseline or a new policy).
    public mutating func reevaluateGate(_ policy: GatePolicy? = nil) {
        if let policy { gatePolicy = policy }
        guard error == nil else { gate = .fail; return }
        gate = gatePolicy.evaluate(verdicts, diagnostics: diagnostics)
    }

    /// The report for an input that could not be read.
    public static func inputError(_ error: InputError, format: InputFormat?) -> Report {
        var report = Report(source: error.path, format: format ?? .text, verdicts: [], checklist: [], blocks: 0,
                            gate: GatePolicy(failOn: nil, regions: []))
        report.error = error.message
        report.gate = .fail
        return report
    }
}

/// When a report fails the gate: a verdict at or above `failOn` in one of `regions`.
public struct GatePolicy: Sendable, Equatable {
    public var failOn: Severity?
    public var regions: Set<Region>

    public init(failOn: Severity? = .error, regions: Set<Region> = [.body]) {
        self.failOn = failOn
        self.regions = regions
    }

    public func evaluate(_ verdicts: [Verdict], diagnostics: [Diagnostic] = []) -> GateResult {
        guard let failOn else { return .pass }
        if verdicts.contains(where: { $0.suppression == nil && $0.severity >= failOn && regions.contains($0.region) }) { return .fail }
        return diagnostics.contains { $0.severity >= failOn } ? .fail : .pass
    }

    /// Whether a verdict counts against the gate (for JUnit failures, annotations).
    public func fails(_ verdict: Verdict) -> Bool {
        guard let failOn else { return false }
        return verdict.suppression == nil && verdict.severity >= failOn && regions.contains(verdict.region)
    }
}
