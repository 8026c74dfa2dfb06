import Foundation

/// The JSON report: one object per document, an array for several (see README).
public struct JSONReporter: Sendable {
    public var pretty: Bool

    public init(pretty: Bool = true) { self.pretty = pretty }

    public func render(_ reports: [Report], asArray: Bool) -> String {
        let encoder = JSONEncoder()
        encoder.outputFormatting = pretty ? [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes] : [.sortedKeys, .withoutEscapingSlashes]
        let data: Data?
        if asArray || reports.count != 1 {
            data = try? encoder.encode(reports)
        } else {
            data = try? encoder.encode(reports[0])
        }
        return (data.map { String(decoding: $0, as: UTF8.self) } ?? "[]") + "\n"
    }

    /// One document's report on one line, for streaming (`--format jsonl`).
    public func line(_ report: Report) -> String {
        String(decoding: ReportJSONWriter().line(report), as: UTF8.self)
    }
}
