/// One document of an audit: its id (path, JSONL id or WARC record), where it
/// came from, and its bytes, or why it could not be read.
public struct AuditDocument: Sendable {
    public var id: String
    public var url: String?
    public var format: InputFormat?
    public var bytes: [UInt8]
    /// Set when the record itself was unusable (a bad JSON line); the run goes on.
    public var error: String?
    /// A file to read where it is checked instead of `bytes` (folder inputs).
    public var file: InputPath?

    public init(id: String, url: String? = nil, format: InputFormat? = nil, bytes: [UInt8], error: String? = nil, file: InputPath? = nil) {
        self.id = id
        self.url = url
        self.format = format
        self.bytes = bytes
        self.error = error
        self.file = file
    }
}

/// A sequence of documents read one at a time.
public protocol DocumentReader {
    mutating func next() throws -> AuditDocument?
    /// Input bytes consumed so far, for progress.
    var bytesRead: Int { get }
}
