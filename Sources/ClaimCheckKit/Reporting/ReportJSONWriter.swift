/// Writes a report as JSON with sorted keys, the same document the `Codable`
/// encoding gives, at a fraction of its cost: audits encode a report per
/// document on the worker threads, and the server one per request. Compact, or
/// pretty exactly as `JSONEncoder`'s `.prettyPrinted` lays it out (`--format json`).
public struct ReportJSONWriter: Sendable {
    public var pretty: Bool

    public init(pretty: Bool = false) { self.pretty = pretty }

    /// One report on one line, ending in a line break (JSON Lines).
    public func line(_ report: Report) -> [UInt8] {
        var out = JSONBuffer(pretty: false)
        Self.report(report, into: &out)
        out.bytes.append(0x0A)
        return out.bytes
    }

    /// One report, or an array of them, without a final line break.
    public func document(_ reports: [Report], asArray: Bool) -> [UInt8] {
        var out = JSONBuffer(pretty: pretty)
        if asArray || reports.count != 1 {
            out.array(reports) { out, report in Self.report(report, into: &out) }
        } else {
            Self.report(reports[0], into: &out)
        }
        return out.bytes
    }

    /// One report as an element of an array whose `[` was written already (with
    /// the comma before it unless it is the `first`): the bytes `document(_:asArray:)`
    /// writes for it there.
    public func arrayElement(_ report: Report, first: Bool) -> [UInt8] {
        var out = JSONBuffer(pretty: pretty, insideArrayAfterMember: !first)
        Self.report(report, into: &out)
        return out.bytes
    }

    /// What closes an array of reports written element by element.
    public func arrayEnd(empty: Bool) -> [UInt8] {
        guard pretty else { return Array("]".utf8) }
        return Array((empty ? "\n\n]" : "\n]").utf8)
    }

    static func report(_ report: Report, into out: inout JSONBuffer) {
        out.object {
            $0.key("checklist"); $0.array(report.checklist) { out, item in
                out.object {
                    $0.key("message"); $0.string(item.message)
                    $0.key("passed"); $0.bool(item.passed)
                    $0.key("rule"); $0.string(item.rule)
                }
            }
            $0.key("diagnostics"); $0.array(report.diagnostics) { out, item in
                out.object {
                    $0.key("column"); $0.int(item.column)
                    $0.key("line"); $0.int(item.line)
                    $0.key("message"); $0.string(item.message)
                    $0.key("rule"); $0.string(item.rule)
                    $0.key("severity"); $0.string(item.severity.rawValue)
                }
            }
            if let error = report.error { $0.key("error"); $0.string(error) }
            $0.key("format"); $0.string(report.format.rawValue)
            $0.key("gate"); $0.string(report.gate.rawValue)
            if let noArticleText = report.noArticleText { $0.key("noArticleText"); $0.bool(noArticleText) }
            if let notWeighed = report.notWeighed { $0.key("notWeighed"); $0.bool(notWeighed) }
            $0.key("notes"); $0.array(report.notes) { out, note in out.string(note) }
            $0.key("schemaVersion"); $0.int(report.schemaVersion)
            $0.key("source"); $0.string(report.source)
            $0.key("summary"); $0.object {
                $0.key("blocks"); $0.int(report.summary.blocks)
                $0.key("blocksByRegion"); $0.counts(report.summary.blocksByRegion)
                $0.key("byRegion"); $0.counts(report.summary.byRegion)
                $0.key("bySeverity"); $0.counts(report.summary.bySeverity)
                $0.key("byVerdict"); $0.counts(report.summary.byVerdict)
                $0.key("verdicts"); $0.int(report.summary.verdicts)
            }
            if let url = report.url { $0.key("url"); $0.string(url) }
            $0.key("verdicts"); $0.array(report.verdicts) { out, verdict in Self.verdict(verdict, into: &out) }
        }
    }

    static func verdict(_ verdict: Verdict, into out: inout JSONBuffer) {
        out.object {
            if let attribution = verdict.attribution { $0.key("attribution"); Self.attribution(attribution, into: &$0) }
            $0.key("claim"); $0.string(verdict.claim)
            $0.key("evidence"); $0.array(verdict.evidence) { out, evidence in
                out.object {
                    $0.key("citation"); $0.string(evidence.citation)
                    $0.key("condition"); $0.string(evidence.condition)
                    $0.key("grade"); $0.string(evidence.grade.rawValue)
                    $0.key("id"); $0.string(evidence.id)
                    if let link = evidence.link { $0.key("link"); $0.string(link) }
                    $0.key("name"); $0.string(evidence.name)
                    $0.key("summary"); $0.string(evidence.summary)
                }
            }
            $0.key("fingerprint"); $0.string(verdict.fingerprint)
            $0.key("kind"); $0.string(verdict.kind.rawValue)
            $0.key("location"); $0.object {
                let location = verdict.location
                $0.key("column"); $0.int(location.column)
                $0.key("endColumn"); $0.int(location.endColumn)
                $0.key("endLine"); $0.int(location.endLine)
                $0.key("length"); $0.int(location.length)
                $0.key("line"); $0.int(location.line)
                $0.key("offset"); $0.int(location.offset)
            }
            if let organisation = verdict.organisation { $0.key("organisation"); $0.string(organisation) }
            $0.key("reasons"); $0.array(verdict.reasons) { out, reason in
                out.object {
                    $0.key("message"); $0.string(reason.message)
                    $0.key("rule"); $0.string(reason.rule)
                }
            }
            $0.key("region"); $0.string(verdict.region.rawValue)
            $0.key("severity"); $0.string(verdict.severity.rawValue)
            if let speaker = verdict.speaker { $0.key("speaker"); $0.string(speaker) }
            if let suppression = verdict.suppression {
                $0.key("suppression"); $0.object {
                    $0.key("justification"); $0.string(suppression.justification)
                    $0.key("kind"); $0.string(suppression.kind.rawValue)
                }
            }
            $0.key("verdict"); $0.string(verdict.verdict.rawValue)
        }
    }
}

extension ReportJSONWriter {
    static func attribution(_ attribution: VerdictAttribution, into out: inout JSONBuffer) {
        out.object {
            $0.key("basis"); $0.string(attribution.basis)
            if let design = attribution.design { $0.key("design"); $0.array(design) { out, name in out.string(name) } }
            if let line = attribution.line { $0.key("line"); $0.int(line) }
            if let size = attribution.size { $0.key("size"); $0.int(size) }
            if let source = attribution.source { $0.key("source"); $0.string(source) }
        }
    }
}

/// A byte buffer that JSON is written into, with commas placed automatically;
/// pretty as `JSONEncoder` prints it: two spaces a level, `"key" : value`, and an
/// empty array or object as `[` and `]` with an empty line between.
struct JSONBuffer {
    var bytes: [UInt8] = []
    let pretty: Bool
    /// Per open object or array: whether a member has been written (a comma is due).
    private var hasMember: [Bool] = []
    /// A key was just written: its value takes no comma.
    private var afterKey = false

    init(pretty: Bool = false) {
        self.pretty = pretty
        bytes.reserveCapacity(pretty ? 16384 : 4096)
    }

    /// A buffer that goes on inside an array already open, after a member when
    /// `afterMember` (so its first value takes a comma).
    init(pretty: Bool, insideArrayAfterMember afterMember: Bool) {
        self.init(pretty: pretty)
        hasMember = [afterMember]
    }

    private mutating func separate() {
        if afterKey { afterKey = false; return }
        guard let last = hasMember.last else { return }
        if last { bytes.append(UInt8(ascii: ",")) }
        hasMember[hasMember.count - 1] = true
        if pretty { newline(depth: hasMember.count) }
    }

    private mutating func newline(depth: Int) {
        bytes.append(0x0A)
        for _ in 0..<2 * depth { bytes.append(UInt8(ascii: " ")) }
    }

    private mutating func close(_ bracket: UInt8) {
        let hadMembers = hasMember.removeLast()
        if pretty {
            if !hadMembers { bytes.append(0x0A) }
            newline(depth: hasMember.count)
        }
        bytes.append(bracket)
    }

    mutating func object(_ body: (inout JSONBuffer) -> Void) {
        separate()
        bytes.append(UInt8(ascii: "{"))
        hasMember.append(false)
        body(&self)
        close(UInt8(ascii: "}"))
    }

    mutating func array<T>(_ items: [T], _ body: (inout JSONBuffer, T) -> Void) {
        separate()
        bytes.append(UInt8(ascii: "["))
        hasMember.append(false)
        for item in items { body(&self, item) }
        close(UInt8(ascii: "]"))
    }

    mutating func key(_ name: String) {
        separate()
        appendQuoted(name)
        // Byte by byte: an array literal here was an allocation for every key of a report.
        if pretty { bytes.append(0x20) }
        bytes.append(UInt8(ascii: ":"))
        if pretty { bytes.append(0x20) }
        afterKey = true
    }

    mutating func string(_ text: String) { separate(); appendQuoted(text) }
    mutating func int(_ number: Int) { separate(); bytes.append(contentsOf: String(number).utf8) }
    mutating func bool(_ flag: Bool) { separate(); bytes.append(contentsOf: (flag ? "true" : "false").utf8) }

    mutating func counts(_ values: [String: Int]) {
        object { out in
            for key in values.keys.sorted() { out.key(key); out.int(values[key]!) }
        }
    }

    private mutating func appendQuoted(_ text: String) {
        bytes.append(UInt8(ascii: "\""))
        // Most text needs no escape: append it whole when none of its bytes does.
        let needsEscape = text.utf8.withContiguousStorageIfAvailable { utf8 in
            utf8.contains { $0 < 0x20 || $0 == UInt8(ascii: "\"") || $0 == UInt8(ascii: "\\") }
        }
        if needsEscape == false {
            bytes.append(contentsOf: text.utf8)
            bytes.append(UInt8(ascii: "\""))
            return
        }
        for byte in text.utf8 {
            switch byte {
            case UInt8(ascii: "\""): bytes.append(contentsOf: [0x5C, 0x22])
            case UInt8(ascii: "\\"): bytes.append(contentsOf: [0x5C, 0x5C])
            case 0x0A: bytes.append(contentsOf: [0x5C, UInt8(ascii: "n")])
            case 0x0D: bytes.append(contentsOf: [0x5C, UInt8(ascii: "r")])
            case 0x09: bytes.append(contentsOf: [0x5C, UInt8(ascii: "t")])
            case 0x08: bytes.append(contentsOf: [0x5C, UInt8(ascii: "b")])
            case 0x0C: bytes.append(contentsOf: [0x5C, UInt8(ascii: "f")])
            case 0..<0x20:
                let hex = Array("0123456789abcdef".utf8)
                bytes.append(contentsOf: [0x5C, UInt8(ascii: "u"), 0x30, 0x30, hex[Int(byte >> 4)], hex[Int(byte & 0xF)]])
            default: bytes.append(byte)
            }
        }
        bytes.append(UInt8(ascii: "\""))
    }
}
