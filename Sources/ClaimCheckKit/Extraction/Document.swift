/// Where on the page a block sits. Only `body` claims fail the gate by default.
public enum Region: String, Codable, Sendable, CaseIterable, Comparable {
    case body, comments, related, boilerplate

    public static func < (lhs: Region, rhs: Region) -> Bool {
        allCases.firstIndex(of: lhs)! < allCases.firstIndex(of: rhs)!
    }
}

public enum BlockKind: String, Codable, Sendable {
    case heading, paragraph, listItem = "list-item", quote, table, caption
}

/// A table kept as a table: the block's text holds the cells (joined by " | ",
/// rows by newlines) and these ranges say which bytes are which cell.
public struct TableLayout: Sendable, Equatable {
    public var caption: Range<Int>?
    public var header: [Range<Int>]
    public var rows: [[Range<Int>]]
}

/// One block of extracted text with its region and a map back to the source.
public struct Block: Sendable {
    public var kind: BlockKind
    public var region: Region
    /// UTF-8 text, whitespace collapsed, entities decoded.
    public var text: [UInt8]
    public var map: SourceMap
    public var table: TableLayout?
    /// Links and other citation marks found in markup (hrefs), with text ranges.
    public var links: [Range<Int>]

    public init(kind: BlockKind, region: Region, text: [UInt8], map: SourceMap,
                table: TableLayout? = nil, links: [Range<Int>] = []) {
        self.kind = kind
        self.region = region
        self.text = text
        self.map = map
        self.table = table
        self.links = links
    }

    public var string: String { String(decoding: text, as: UTF8.self) }
}

/// A comment in the source (`<!-- … -->` in HTML and Markdown), kept for the
/// `claimcheck-disable…` directives it may hold.
public struct SourceComment: Sendable, Equatable {
    /// The text between `<!--` and `-->`.
    public var text: String
    /// Byte offsets of the whole comment in the original file.
    public var start: Int
    public var end: Int
}

/// The article's blocks, how to locate them, and what else the source says
/// about itself (comments with directives, its canonical address).
public struct Document: Sendable {
    public var format: InputFormat
    public var blocks: [Block]
    public var lines: LineIndex
    /// Notes about the input that a user should know (encoding guessed, size capped).
    public var notes: [String]
    public var comments: [SourceComment]
    /// `<link rel="canonical">` of an HTML page, where it has one.
    public var canonicalURL: String?

    public init(format: InputFormat, blocks: [Block], lines: LineIndex, notes: [String] = [],
                comments: [SourceComment] = [], canonicalURL: String? = nil) {
        self.format = format
        self.blocks = blocks
        self.lines = lines
        self.notes = notes
        self.comments = comments
        self.canonicalURL = canonicalURL
    }
}
