import ClaimCheckKit

/// A document the client has open: its text as the client last sent it, with
/// the line table positions are converted through, and the version the client gave it.
public struct OpenDocument: Sendable {
    public let uri: DocumentURI
    public let languageID: String
    public private(set) var version: Int?
    public private(set) var offsets: TextOffsets

    public var bytes: [UInt8] { offsets.bytes }

    public init(uri: DocumentURI, languageID: String, version: Int?, text: String) {
        self.uri = uri
        self.languageID = languageID
        self.version = version
        self.offsets = TextOffsets(text)
    }

    /// The format the document is checked as: from its language id (`markdown`,
    /// `html`, `plaintext`), else from its file extension, else nil (the kit sniffs the content).
    public var format: InputFormat? {
        switch languageID.lowercased() {
        case "markdown", "md": return .markdown
        case "html", "xhtml": return .html
        case "plaintext", "text", "txt": return .text
        default: return InputFormat.fromExtension(of: uri.lastSegment)
        }
    }

    /// One `TextDocumentContentChangeEvent`: a range (in `encoding`) and its new
    /// text, or with no range the whole new text.
    public struct Change: Sendable {
        public var range: (start: TextOffsets.Position, end: TextOffsets.Position)?
        public var text: String

        public init(range: (start: TextOffsets.Position, end: TextOffsets.Position)?, text: String) {
            self.range = range
            self.text = text
        }
    }

    /// Applies changes in order, each to the text the one before it left, as the protocol says.
    public mutating func apply(_ changes: [Change], version: Int?, encoding: PositionEncoding) {
        for change in changes {
            guard let range = change.range else {
                offsets = TextOffsets(change.text)
                continue
            }
            var start = offsets.byteOffset(of: range.start, in: encoding)
            var end = offsets.byteOffset(of: range.end, in: encoding)
            if end < start { swap(&start, &end) }
            let old = offsets.bytes
            offsets = TextOffsets(bytes: Array(old[..<start]) + Array(change.text.utf8) + Array(old[end...]))
        }
        self.version = version
    }
}

/// The documents open in the client, by URI.
public struct DocumentStore: Sendable {
    private var documents: [DocumentURI: OpenDocument] = [:]

    public init() {}

    public subscript(uri: DocumentURI) -> OpenDocument? {
        get { documents[uri] }
        set { documents[uri] = newValue }
    }

    public var uris: [DocumentURI] { documents.keys.sorted { $0.text < $1.text } }
}
