/// The JSON report: one object per document, an array for several (see README).
public struct JSONReporter: Reporter {
    public var pretty: Bool
    /// An array even for one report (the run named several inputs or a folder).
    public var asArray: Bool

    public var identifier: String { "json" }
    /// An array streams, element by element; a single object is one report anyway.
    public var streams: Bool { asArray }

    public init(pretty: Bool = true, asArray: Bool = false) {
        self.pretty = pretty
        self.asArray = asArray
    }

    public func render(_ reports: [Report]) -> String {
        render(reports, asArray: asArray)
    }

    /// The same bytes `JSONEncoder` gives with sorted keys (pretty or not), written
    /// by `ReportJSONWriter` at a fraction of the cost.
    public func render(_ reports: [Report], asArray: Bool) -> String {
        String(decoding: ReportJSONWriter(pretty: pretty).document(reports, asArray: asArray), as: UTF8.self) + "\n"
    }

    public func streamHeader() -> String { "[" }

    public func streamPiece(_ report: Report, index: Int) -> String {
        String(decoding: ReportJSONWriter(pretty: pretty).arrayElement(report, first: index == 0), as: UTF8.self)
    }

    public func streamFooter(count: Int) -> String {
        String(decoding: ReportJSONWriter(pretty: pretty).arrayEnd(empty: count == 0), as: UTF8.self) + "\n"
    }

    /// One document's report on one line, for streaming (`--format jsonl`).
    public func line(_ report: Report) -> String {
        String(decoding: ReportJSONWriter().line(report), as: UTF8.self)
    }
}
