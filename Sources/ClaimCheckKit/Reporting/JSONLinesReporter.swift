/// One document's report a line (`--format jsonl`, and `audit`'s output): written
/// as each document is checked, and read back a line at a time.
public struct JSONLinesReporter: Reporter {
    public var identifier: String { "jsonl" }
    public var streams: Bool { true }

    public init() {}

    public func render(_ reports: [Report]) -> String {
        reports.map { String(decoding: ReportJSONWriter().line($0), as: UTF8.self) }.joined()
    }
}
