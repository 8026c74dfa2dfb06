/// What an audit keeps of a report besides its JSON line: the facts its summary
/// and exit code are made from. Small, so that worker processes send it beside
/// the line instead of the parent decoding every line again.
public struct ReportDigest: Sendable, Equatable {
    public struct Finding: Sendable, Equatable {
        public var verdict: String
        public var severity: String
        public var rule: String
        public var region: String
        public var isSupported: Bool
        /// For attributions: the speaker, and the quoted words when long enough to compare.
        public var speaker: String?
        public var quote: String?
        public var isAttribution: Bool

        public init(verdict: String, severity: String, rule: String, region: String, isSupported: Bool,
                    isAttribution: Bool, speaker: String? = nil, quote: String? = nil) {
            self.verdict = verdict
            self.severity = severity
            self.rule = rule
            self.region = region
            self.isSupported = isSupported
            self.isAttribution = isAttribution
            self.speaker = speaker
            self.quote = quote
        }
    }

    public var source: String
    public var error: String?
    public var findings: [Finding]
    /// The body did not read as a health article and was not weighed.
    public var notWeighed = false

    public init(source: String, error: String?, findings: [Finding], notWeighed: Bool = false) {
        self.source = source
        self.error = error
        self.findings = findings
        self.notWeighed = notWeighed
    }

    public init(_ report: Report) {
        source = report.source
        error = report.error
        notWeighed = report.notWeighed == true
        findings = report.verdicts.map { verdict in
            let attribution = verdict.kind == .attribution
            return Finding(verdict: verdict.verdict.rawValue, severity: verdict.severity.rawValue, rule: verdict.rule,
                           region: verdict.region.rawValue, isSupported: verdict.verdict == .supported,
                           isAttribution: attribution, speaker: attribution ? verdict.speaker : nil,
                           quote: attribution ? AuditSummary.Builder.quotedText(verdict.claim) : nil)
        }
    }

    func encode(into writer: inout WireWriter) {
        writer.string(source)
        writer.optionalString(error)
        writer.byte(notWeighed ? 1 : 0)
        writer.integer(findings.count)
        for finding in findings {
            writer.string(finding.verdict)
            writer.string(finding.severity)
            writer.string(finding.rule)
            writer.string(finding.region)
            writer.byte((finding.isSupported ? 1 : 0) | (finding.isAttribution ? 2 : 0))
            writer.optionalString(finding.speaker)
            writer.optionalString(finding.quote)
        }
    }

    init(from reader: inout WireReader) throws(AuditWireError) {
        source = try reader.string()
        error = try reader.optionalString()
        notWeighed = try reader.byte() != 0
        let count = try reader.integer()
        findings = []
        findings.reserveCapacity(min(count, 10_000))
        for _ in 0..<count {
            let verdict = try reader.string(), severity = try reader.string(), rule = try reader.string(), region = try reader.string()
            let flags = try reader.byte()
            findings.append(Finding(verdict: verdict, severity: severity, rule: rule, region: region, isSupported: flags & 1 != 0,
                                    isAttribution: flags & 2 != 0, speaker: try reader.optionalString(), quote: try reader.optionalString()))
        }
    }
}
