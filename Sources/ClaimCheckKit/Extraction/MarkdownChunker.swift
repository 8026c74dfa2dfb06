/// Cuts a long Markdown source into pieces that cmark-gfm can parse one at a time.
///
/// cmark builds its whole tree before handing it over: about 13 bytes of memory
/// per byte of prose, and a hundred per byte of a big table, with some paths that
/// grow faster than the input. Parsed in pieces of about `targetBytes`, memory and
/// time stay those of one piece.
///
/// A piece ends only where nothing can carry over into the next: after a blank
/// line, when the next line starts a new top-level paragraph (column 0, not a list
/// item, quote, table row, fence or HTML), outside fenced code and HTML blocks. Link
/// reference definitions are document-wide in Markdown, so their lines are given
/// to every piece (after its text, where they make no nodes of their own).
struct MarkdownChunker {
    static let targetBytes = 256 * 1024

    struct Chunk: Equatable {
        /// Byte range of the piece in the source.
        var bytes: Range<Int>
        /// 0-based index of the piece's first line in the source.
        var firstLine: Int
        /// Lines in the piece; nodes starting after them come from the appended definitions.
        var lineCount: Int
    }

    let source: [UInt8]
    let lineStarts: [Int]

    func chunks() -> [Chunk] {
        guard source.count > Self.targetBytes * 2 else {
            return [Chunk(bytes: 0..<source.count, firstLine: 0, lineCount: lineStarts.count)]
        }
        var chunks: [Chunk] = []
        var chunkStartLine = 0
        var fence: (mark: UInt8, length: Int)?
        var htmlEnd: [UInt8]?
        var previousBlank = false
        for line in 0..<lineStarts.count {
            let start = lineStarts[line]
            let end = line + 1 < lineStarts.count ? lineStarts[line + 1] : source.count
            let text = source[start..<end]
            let isBlank = text.allSatisfy { $0 == 0x20 || $0 == 0x09 || $0 == 0x0A || $0 == 0x0D }
            if let open = fence {
                if let close = Self.fence(text), close.mark == open.mark, close.length >= open.length, close.isBare { fence = nil }
                continue
            }
            if let closing = htmlEnd {
                if text.firstRange(of: closing) != nil { htmlEnd = nil }
                previousBlank = false
                continue
            }
            if previousBlank, !isBlank, start - lineStarts[chunkStartLine] >= Self.targetBytes, Self.startsParagraph(text) {
                chunks.append(Chunk(bytes: lineStarts[chunkStartLine]..<start, firstLine: chunkStartLine, lineCount: line - chunkStartLine))
                chunkStartLine = line
            }
            if let opened = Self.fence(text) {
                fence = (opened.mark, opened.length)
            } else if let closing = Self.htmlBlockEnd(text), text.firstRange(of: closing) == nil {
                htmlEnd = closing
            }
            previousBlank = isBlank
        }
        chunks.append(Chunk(bytes: lineStarts[chunkStartLine]..<source.count, firstLine: chunkStartLine,
                            lineCount: lineStarts.count - chunkStartLine))
        return chunks
    }

    /// The lines that may be link reference definitions (`[label]: destination`),
    /// with up to three spaces of indent, joined; empty when there are none.
    func referenceDefinitions() -> [UInt8] {
        var found: [UInt8] = []
        for line in 0..<lineStarts.count {
            let start = lineStarts[line]
            let end = line + 1 < lineStarts.count ? lineStarts[line + 1] : source.count
            var index = start
            while index < end, index - start < 3, source[index] == 0x20 { index += 1 }
            guard index < end, source[index] == UInt8(ascii: "["),
                  let close = source[index..<end].firstIndex(of: UInt8(ascii: "]")), close + 1 < end,
                  source[close + 1] == UInt8(ascii: ":") else { continue }
            found += source[start..<end]
            if found.last != 0x0A { found.append(0x0A) }
        }
        return found
    }

    /// A line that opens a plain paragraph at column 0: nothing before it can continue into it.
    private static func startsParagraph(_ text: ArraySlice<UInt8>) -> Bool {
        guard let first = text.first else { return false }
        switch first {
        case 0x20, 0x09, 0x0A, 0x0D, UInt8(ascii: ">"), UInt8(ascii: "-"), UInt8(ascii: "*"), UInt8(ascii: "+"),
             UInt8(ascii: "|"), UInt8(ascii: "`"), UInt8(ascii: "~"), UInt8(ascii: "<"), UInt8(ascii: "["),
             UInt8(ascii: "="), UInt8(ascii: "#"), UInt8(ascii: "_"):
            return false
        case UInt8(ascii: "0")...UInt8(ascii: "9"):
            return false   // may be an ordered list item
        default:
            return true
        }
    }

    /// A fence line: up to three spaces, then three or more backticks or tildes.
    private static func fence(_ text: ArraySlice<UInt8>) -> (mark: UInt8, length: Int, isBare: Bool)? {
        var index = text.startIndex
        while index < text.endIndex, index - text.startIndex < 3, text[index] == 0x20 { index += 1 }
        guard index < text.endIndex, text[index] == UInt8(ascii: "`") || text[index] == UInt8(ascii: "~") else { return nil }
        let mark = text[index]
        var length = 0
        while index < text.endIndex, text[index] == mark { length += 1; index += 1 }
        guard length >= 3 else { return nil }
        let rest = text[index...].allSatisfy { $0 == 0x20 || $0 == 0x09 || $0 == 0x0A || $0 == 0x0D }
        return (mark, length, rest)
    }

    /// For a line opening an HTML block that may span blank lines (a comment, a
    /// script, style, pre or textarea), the bytes that close it.
    private static func htmlBlockEnd(_ text: ArraySlice<UInt8>) -> [UInt8]? {
        var index = text.startIndex
        while index < text.endIndex, index - text.startIndex < 3, text[index] == 0x20 { index += 1 }
        let rest = text[index...]
        guard rest.first == UInt8(ascii: "<") else { return nil }
        if rest.starts(with: Array("<!--".utf8)) { return Array("-->".utf8) }
        let lowered = rest.prefix(10).map { $0 | 0x20 }
        for tag in ["script", "style", "pre", "textarea"] where lowered.starts(with: Array(("<" + tag).utf8)) {
            return Array(("</" + tag).utf8)
        }
        return nil
    }
}
