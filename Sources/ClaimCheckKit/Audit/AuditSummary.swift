import Foundation

/// What an audit found across all its documents: counts by verdict, rule and
/// region, the documents with most flags, and the speakers and quotes that recur
/// across documents (the same invented expert on many sites is a signal no
/// single-page check can give).
public struct AuditSummary: Sendable, Codable, Equatable {
    public struct DocumentFlags: Sendable, Codable, Equatable {
        public var source: String
        public var flags: Int
    }

    public struct Recurring: Sendable, Codable, Equatable {
        /// The speaker's name, or the quoted words.
        public var text: String
        public var documents: Int
        /// Up to five of the documents.
        public var examples: [String]
    }

    public var documents = 0
    public var errors = 0
    /// Documents whose body did not read as a health article: read, not weighed.
    public var notWeighed = 0
    public var verdicts = 0
    public var byVerdict: [String: Int] = [:]
    public var bySeverity: [String: Int] = [:]
    public var byRule: [String: Int] = [:]
    public var byRegion: [String: Int] = [:]
    public var topDocuments: [DocumentFlags] = []
    public var recurringSpeakers: [Recurring] = []
    public var recurringQuotes: [Recurring] = []
    public var skippedRecords: [String: Int] = [:]

    public init() {}

    /// Accumulates reports one at a time (memory grows with distinct speakers and
    /// quotes, not with documents).
    public struct Builder {
        public private(set) var summary = AuditSummary()
        private var flags: [DocumentFlags] = []
        private var speakers: [String: (name: String, documents: Set<String>)] = [:]
        private var quotes: [String: (text: String, documents: Set<String>)] = [:]
        public var topCount = 10

        public init() {}

        public mutating func add(_ report: Report) { add(ReportDigest(report)) }

        public mutating func add(_ report: ReportDigest) {
            summary.documents += 1
            if report.error != nil { summary.errors += 1; return }
            if report.notWeighed { summary.notWeighed += 1 }
            var documentFlags = 0
            for finding in report.findings {
                summary.verdicts += 1
                summary.byVerdict[finding.verdict, default: 0] += 1
                summary.bySeverity[finding.severity, default: 0] += 1
                summary.byRule[finding.rule, default: 0] += 1
                summary.byRegion[finding.region, default: 0] += 1
                if !finding.isSupported { documentFlags += 1 }
                guard finding.isAttribution else { continue }
                if let speaker = finding.speaker, let key = Self.speakerKey(speaker) {
                    speakers[key, default: (speaker, [])].documents.insert(report.source)
                }
                if let quote = finding.quote {
                    let key = Verdict.fingerprint(rule: "quote", claim: quote)
                    quotes[key, default: (quote, [])].documents.insert(report.source)
                }
            }
            if documentFlags > 0 {
                flags.append(DocumentFlags(source: report.source, flags: documentFlags))
                if flags.count > topCount * 4 { trimFlags() }
            }
        }

        public mutating func addSkipped(_ skipped: [String: Int]) {
            for (type, count) in skipped { summary.skippedRecords[type, default: 0] += count }
        }

        private mutating func trimFlags() {
            flags.sort { ($0.flags, $1.source) > ($1.flags, $0.source) }
            flags = Array(flags.prefix(topCount))
        }

        public mutating func finish() -> AuditSummary {
            trimFlags()
            summary.topDocuments = flags
            summary.recurringSpeakers = Self.recurring(speakers.values.map { ($0.name, $0.documents) })
            summary.recurringQuotes = Self.recurring(quotes.values.map { ($0.text, $0.documents) })
            return summary
        }

        static func recurring(_ items: [(String, Set<String>)]) -> [Recurring] {
            items.filter { $0.1.count > 1 }
                .map { Recurring(text: $0.0, documents: $0.1.count, examples: Array($0.1.sorted().prefix(5))) }
                .sorted { ($0.documents, $1.text) > ($1.documents, $0.text) }
        }

        /// "Dr. Alice Johnson" and "Alice Johnson" are one speaker; pronouns are none.
        static func speakerKey(_ speaker: String) -> String? {
            let words = speaker.lowercased().split(whereSeparator: { !$0.isLetter && $0 != "'" && $0 != "-" })
                .filter { !["dr", "prof", "professor", "mr", "mrs", "ms", "doctor"].contains($0) }
            guard words.count >= 2 else { return nil }
            return words.joined(separator: " ")
        }

        /// The words between the first pair of quotation marks, if long enough to tell apart.
        static func quotedText(_ claim: String) -> String? {
            let opening: Set<Character> = ["\"", "“"], closing: Set<Character> = ["\"", "”"]
            guard let open = claim.firstIndex(where: { opening.contains($0) }) else { return nil }
            let rest = claim[claim.index(after: open)...]
            guard let close = rest.firstIndex(where: { closing.contains($0) }) else { return nil }
            let quote = rest[..<close].trimmingCharacters(in: .whitespaces)
            return quote.count >= 20 ? quote : nil
        }
    }

    /// The summary for people.
    public func text() -> String {
        var out = "audit: \(documents) documents, \(errors) could not be read, \(verdicts) verdicts\n"
        if notWeighed > 0 { out += "  not weighed: \(notWeighed) documents do not read as health articles (every-topic: true weighs them)\n" }
        func line(_ title: String, _ counts: [String: Int]) {
            guard !counts.isEmpty else { return }
            out += "  \(title): " + counts.sorted { ($0.value, $1.key) > ($1.value, $0.key) }.map { "\($0.key) \($0.value)" }.joined(separator: ", ") + "\n"
        }
        line("by verdict", byVerdict)
        line("by severity", bySeverity)
        line("by region", byRegion)
        line("by rule", byRule)
        line("records skipped", skippedRecords)
        if !topDocuments.isEmpty {
            out += "  most flags:\n"
            for document in topDocuments { out += "    \(document.flags)  \(document.source)\n" }
        }
        if !recurringSpeakers.isEmpty {
            out += "  speakers quoted in several documents:\n"
            for speaker in recurringSpeakers.prefix(20) { out += "    \(speaker.documents) documents  \(speaker.text)  (e.g. \(speaker.examples.first ?? ""))\n" }
        }
        if !recurringQuotes.isEmpty {
            out += "  quotes repeated across documents:\n"
            for quote in recurringQuotes.prefix(20) { out += "    \(quote.documents) documents  “\(quote.text.prefix(90))”\n" }
        }
        return out
    }
}
