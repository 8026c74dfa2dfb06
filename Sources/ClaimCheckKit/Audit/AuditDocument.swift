import Foundation

/// One document of an audit: its id (path, JSONL id or WARC record), where it
/// came from, and its bytes, or why it could not be read.
public struct AuditDocument: Sendable {
    public var id: String
    public var url: String?
    public var format: InputFormat?
    public var bytes: [UInt8]
    /// Set when the record itself was unusable (a bad JSON line); the run goes on.
    public var error: String?
    /// A file to read on the worker thread instead of `bytes` (folder inputs).
    public var path: String?

    public init(id: String, url: String? = nil, format: InputFormat? = nil, bytes: [UInt8], error: String? = nil, path: String? = nil) {
        self.id = id
        self.url = url
        self.format = format
        self.bytes = bytes
        self.error = error
        self.path = path
    }

    /// The bytes, reading `path` if the document was handed over unread.
    public func contents() -> Result<[UInt8], InputError> {
        guard let path else { return .success(bytes) }
        guard let data = FileManager.default.contents(atPath: path) else {
            return .failure(InputError(path: path, message: "cannot be read; check its permissions"))
        }
        return .success([UInt8](data))
    }
}

/// A sequence of documents read one at a time.
public protocol DocumentReader {
    mutating func next() throws -> AuditDocument?
    /// Input bytes consumed so far, for progress.
    var bytesRead: Int { get }
}
