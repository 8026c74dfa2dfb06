import Foundation

/// Checks one audit document into its result: the report's JSON line and its
/// digest. The same code runs in a worker process and in `--in-process` threads,
/// so both give the same bytes.
public struct AuditDocumentChecker: Sendable {
    public var checker: ClaimChecker

    public init(checker: ClaimChecker) { self.checker = checker }

    /// The report for one document.
    public func report(_ document: AuditDocument) -> Report {
        if let error = document.error {
            return Self.finish(Report.inputError(InputError(path: document.id, message: error), format: document.format), document)
        }
        let limit = checker.extractor.maximumBytes
        let bytes: [UInt8]
        if let file = document.file {
            switch InputFileReader(maximumBytes: limit).read(file) {
            case .success(let read): bytes = read
            case .failure(var error):
                error.path = document.id
                return Self.finish(Report.inputError(error, format: document.format), document)
            }
        } else {
            bytes = document.bytes
        }
        if bytes.count > limit {
            return Self.finish(Report.inputError(ByteSize.overLimit(path: document.id, size: bytes.count, limit: limit), format: document.format), document)
        }
        let format = document.format ?? InputFormat.detect(path: document.id, bytes: bytes)
        return Self.finish(checker.check(bytes, source: document.id, format: format), document)
    }

    public func check(_ document: AuditDocument) -> AuditResult {
        AuditResult(report(document))
    }

    /// The result for a document that was never checked (a record error, a crash).
    public static func failure(_ document: AuditDocument, message: String) -> AuditResult {
        AuditResult(finish(Report.inputError(InputError(path: document.id, message: message), format: document.format), document))
    }

    private static func finish(_ report: Report, _ document: AuditDocument) -> Report {
        var report = report
        if let url = document.url { report.url = url }
        report.blocks = []   // the article text is for the HTML report; an audit keeps memory flat
        return report
    }
}

/// A checked document: its report as one JSON line, and the digest of it that
/// the summary and the exit code are made from.
public struct AuditResult: Sendable {
    public var line: [UInt8]
    public var digest: ReportDigest

    public init(line: [UInt8], digest: ReportDigest) {
        self.line = line
        self.digest = digest
    }

    public init(_ report: Report) {
        self.init(line: ReportJSONWriter().line(report), digest: ReportDigest(report))
    }

    /// The report, decoded again from its line (for tests and tools; an audit itself never needs it).
    public func decodedReport() throws -> Report {
        try JSONDecoder().decode(Report.self, from: Data(line))
    }
}
