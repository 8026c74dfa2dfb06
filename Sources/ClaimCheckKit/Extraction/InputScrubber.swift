#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Rewrites, byte for byte, the parts of an input that the parsers handle badly,
/// before they see it. Every replacement has the length of what it replaces, so
/// every offset into the scrubbed bytes is an offset into the original.
///
/// - Control characters other than tab, line feed and carriage return (form feed,
///   vertical tab, NUL, escape…) become spaces. libxml2 drops them and cmark turns
///   NUL into three bytes; either way words were glued together ("to beeffective")
///   and every offset after them shifted.
/// - HTML: attributes past the first `maximumAttributes` of one start tag become
///   spaces. libxml2 compares each attribute with every earlier one of its tag, so
///   100,000 attributes on one element took minutes. No real page comes near the limit.
/// - Markdown: container markers (`>`, list bullets) past `maximumMarkdownNesting` on
///   one line become spaces. cmark-gfm's inline parser slows down quadratically
///   inside tens of thousands of nested containers; the deeper text becomes an
///   indented code block, which holds no claims.
/// - Markdown: cell separators (`|`) past `maximumMarkdownTableColumns` on one line,
///   or past `maximumMarkdownTableCells` in one table, become spaces, so the last
///   cell holds the rest of the row. cmark-gfm's table extension slows down
///   quadratically with the number of columns (20,000 columns: 11 s for 480 KB) and
///   takes about a hundred bytes of memory per byte of table.
///
/// What was rewritten is reported, so the document can carry a note.
struct InputScrubber {
    static let maximumAttributes = 256
    static let maximumMarkdownNesting = 100
    static let maximumMarkdownTableColumns = 100
    static let maximumMarkdownTableCells = 50_000

    struct Result {
        var bytes: [UInt8]
        var controlCharacters = 0
        var attributesDropped = 0
        var markersDropped = 0
        var rowsCapped = 0

        var notes: [String] {
            var notes: [String] = []
            if controlCharacters > 0 {
                notes.append("\(controlCharacters) control character\(controlCharacters == 1 ? "" : "s") (form feed, vertical tab, NUL…) read as spaces")
            }
            if attributesDropped > 0 {
                notes.append("\(attributesDropped) attributes past the first \(InputScrubber.maximumAttributes) of an element ignored")
            }
            if markersDropped > 0 {
                notes.append("Markdown nested deeper than \(InputScrubber.maximumMarkdownNesting) levels on a line: \(markersDropped) markers past the limit read as indented text")
            }
            if rowsCapped > 0 {
                notes.append("\(rowsCapped) line\(rowsCapped == 1 ? "" : "s") past a table's limit (\(InputScrubber.maximumMarkdownTableColumns) columns, \(InputScrubber.maximumMarkdownTableCells) cells): the cells past it are read as one")
            }
            return notes
        }
    }

    static func scrub(_ bytes: [UInt8], format: InputFormat) -> Result {
        var result = Result(bytes: bytes)
        result.controlCharacters = replaceControlCharacters(&result.bytes)
        switch format {
        case .html: result.attributesDropped = limitAttributes(&result.bytes)
        case .markdown:
            result.markersDropped = limitMarkdownNesting(&result.bytes)
            result.rowsCapped = limitTableColumns(&result.bytes)
        case .text: break
        }
        return result
    }

    @inline(__always) private static func isControl(_ byte: UInt8) -> Bool {
        byte < 0x20 && byte != 0x09 && byte != 0x0A && byte != 0x0D
    }

    /// Replaces control characters with spaces; copies the array only if one is found.
    private static func replaceControlCharacters(_ bytes: inout [UInt8]) -> Int {
        let first: Int? = bytes.withUnsafeBufferPointer { buffer in
            var index = 0
            let count = buffer.count
            // Eight bytes at a time: a word with no byte below 0x20 is skipped whole.
            while index + 8 <= count {
                let word = UnsafeRawPointer(buffer.baseAddress! + index).loadUnaligned(as: UInt64.self)
                let below = (word &- 0x2020_2020_2020_2020) & ~word & 0x8080_8080_8080_8080
                if below != 0 {
                    for offset in 0..<8 where isControl(buffer[index + offset]) { return index + offset }
                }
                index += 8
            }
            while index < count {
                if isControl(buffer[index]) { return index }
                index += 1
            }
            return nil
        }
        guard let first else { return 0 }
        var replaced = 0
        bytes.withUnsafeMutableBufferPointer { buffer in
            for index in first..<buffer.count where isControl(buffer[index]) {
                buffer[index] = 0x20
                replaced += 1
            }
        }
        return replaced
    }

    @inline(__always) private static func isSpace(_ byte: UInt8) -> Bool {
        byte == 0x20 || byte == 0x09 || byte == 0x0A || byte == 0x0D
    }

    @inline(__always) private static func isASCIILetter(_ byte: UInt8) -> Bool {
        (byte | 0x20) >= UInt8(ascii: "a") && (byte | 0x20) <= UInt8(ascii: "z")
    }

    /// Blanks the attributes of a start tag past the limit. The scan reads tags the
    /// way libxml2 does (names, `=`, quoted or bare values, `>`), in one pass over
    /// the bytes as they are; they are copied and blanked only when a tag is over the
    /// limit (a copy of every page cost more than the scan).
    private static func limitAttributes(_ bytes: inout [UInt8]) -> Int {
        var dropped = 0
        var blanks: [Range<Int>] = []
        bytes.withUnsafeBufferPointer { buffer in
            guard let base = buffer.baseAddress else { return }
            let count = buffer.count
            var index = 0
            while index < count {
                // On to the next '<'.
                guard let found = memchr(base + index, Int32(UInt8(ascii: "<")), count - index) else { break }
                index = UnsafePointer<UInt8>(found.assumingMemoryBound(to: UInt8.self)) - base
                guard index + 1 < count else { break }
                if matches(buffer, at: index, Marks.commentOpen) {
                    index = find(buffer, Marks.commentClose, from: index + 4)
                    continue
                }
                guard isASCIILetter(buffer[index + 1]) else { index += 1; continue }
                // The tag name.
                index += 1
                let nameStart = index
                while index < count, !isSpace(buffer[index]), buffer[index] != UInt8(ascii: ">"), buffer[index] != UInt8(ascii: "/") {
                    index += 1
                }
                let rawText = rawTextElement(buffer, nameStart: nameStart, length: index - nameStart)
                var attributes = 0
                var blankFrom: Int?
                while index < count {
                    while index < count, isSpace(buffer[index]) || buffer[index] == UInt8(ascii: "/") { index += 1 }
                    guard index < count, buffer[index] != UInt8(ascii: ">"), buffer[index] != UInt8(ascii: "<") else { break }
                    let attributeStart = index
                    while index < count, !isSpace(buffer[index]), buffer[index] != UInt8(ascii: "="),
                          buffer[index] != UInt8(ascii: ">"), buffer[index] != UInt8(ascii: "<") {
                        index += 1
                    }
                    if index == attributeStart { index += 1; continue }   // a stray '=' or quote
                    while index < count, isSpace(buffer[index]) { index += 1 }
                    if index < count, buffer[index] == UInt8(ascii: "=") {
                        index += 1
                        while index < count, isSpace(buffer[index]) { index += 1 }
                        if index < count, buffer[index] == UInt8(ascii: "\"") || buffer[index] == UInt8(ascii: "'") {
                            let quote = buffer[index]
                            index += 1
                            if index < count, let close = memchr(base + index, Int32(quote), count - index) {
                                index = UnsafePointer<UInt8>(close.assumingMemoryBound(to: UInt8.self)) - base + 1
                            } else {
                                index = count
                            }
                        } else {
                            while index < count, !isSpace(buffer[index]), buffer[index] != UInt8(ascii: ">") { index += 1 }
                        }
                    }
                    attributes += 1
                    if attributes > maximumAttributes, blankFrom == nil { blankFrom = attributeStart }
                }
                if let blankFrom {
                    // Blanked after the scan: the scan never reads these bytes again.
                    blanks.append(blankFrom..<index)
                    dropped += attributes - maximumAttributes
                }
                // Script and style bodies are not markup: skip to their end tag.
                if let rawText { index = find(buffer, rawText.endTag, from: index) }
            }
        }
        guard !blanks.isEmpty else { return dropped }
        bytes.withUnsafeMutableBufferPointer { buffer in
            for range in blanks {
                for position in range where !isSpace(buffer[position]) { buffer[position] = 0x20 }
            }
        }
        return dropped
    }

    /// The raw-text element (`script`, `style`) a tag name of `length` bytes at `nameStart` names, if any.
    @inline(__always)
    private static func rawTextElement(_ buffer: UnsafeBufferPointer<UInt8>, nameStart: Int, length: Int) -> (name: [UInt8], endTag: [UInt8])? {
        guard length == 5 || length == 6 else { return nil }
        let first = buffer[nameStart] | 0x20
        guard first == UInt8(ascii: "s") else { return nil }
        for element in Marks.rawTextElements where matches(buffer, at: nameStart, element.name, length: length) { return element }
        return nil
    }

    /// The markup the attribute scan looks for, as bytes made once (a String turned
    /// into bytes at every `<` cost an allocation per tag).
    private enum Marks {
        static let commentOpen = Array("<!--".utf8)
        static let commentClose = Array("-->".utf8)
        static let rawTextElements: [(name: [UInt8], endTag: [UInt8])] = ["script", "style"].map { (Array($0.utf8), Array("</\($0)".utf8)) }
    }

    /// Whether `buffer` holds `word` at `index`, ASCII case-insensitively (over `length` bytes, if given).
    private static func matches(_ buffer: UnsafeBufferPointer<UInt8>, at index: Int, _ word: [UInt8], length: Int? = nil) -> Bool {
        if let length, length != word.count { return false }
        return ASCIIBytes.holds(buffer, word, at: index)
    }

    /// The offset of the next `word` at or after `from` (ASCII case-insensitively), or the end.
    private static func find(_ buffer: UnsafeBufferPointer<UInt8>, _ word: [UInt8], from: Int) -> Int {
        guard let first = word.first else { return from }
        var index = from
        if !isASCIILetter(first), let base = buffer.baseAddress {
            // A first byte that is no letter matches only itself: memchr finds each candidate.
            while index < buffer.count, let found = memchr(base + index, Int32(first), buffer.count - index) {
                index = UnsafePointer<UInt8>(found.assumingMemoryBound(to: UInt8.self)) - base
                if matches(buffer, at: index, word) { return index }
                index += 1
            }
            return buffer.count
        }
        while index < buffer.count {
            if buffer[index] | 0x20 == first, matches(buffer, at: index, word) { return index }
            index += 1
        }
        return buffer.count
    }

    /// Blanks the `|` of a line past the column limit, and ends a table that has
    /// passed the cell limit: the first byte of the next line becomes a line break,
    /// so a blank line closes the table there and the rest is read as text.
    private static func limitTableColumns(_ bytes: inout [UInt8]) -> Int {
        var capped = 0
        bytes.withUnsafeMutableBufferPointer { buffer in
            var runCells = 0, headerCells = 0
            var lineStart = 0
            while lineStart < buffer.count {
                if runCells > maximumMarkdownTableCells {
                    if buffer[lineStart] != 0x0A { buffer[lineStart] = 0x0A; capped += 1 }
                    runCells = 0; headerCells = 0
                }
                var index = lineStart
                var pipes = 0, lineCapped = false, isBlank = true
                while index < buffer.count, buffer[index] != 0x0A {
                    let byte = buffer[index]
                    if byte == UInt8(ascii: "|") {
                        pipes += 1
                        if pipes > maximumMarkdownTableColumns + 1 {
                            buffer[index] = 0x20
                            if !lineCapped { capped += 1; lineCapped = true }
                        }
                    }
                    if byte != 0x20 && byte != 0x09 && byte != 0x0D { isBlank = false }
                    index += 1
                }
                // A run of lines that starts with a `|` line may be a table until a blank
                // line, and GFM pads every row to its header's width, so a row costs that.
                if isBlank {
                    runCells = 0; headerCells = 0
                } else if headerCells > 0 || pipes > 0 {
                    if headerCells == 0 { headerCells = min(pipes, maximumMarkdownTableColumns + 1) }
                    runCells += max(min(pipes, maximumMarkdownTableColumns + 1), headerCells)
                }
                lineStart = index + 1
            }
        }
        return capped
    }

    /// Blanks the container markers of a line past the nesting limit.
    private static func limitMarkdownNesting(_ bytes: inout [UInt8]) -> Int {
        var dropped = 0
        bytes.withUnsafeMutableBufferPointer { buffer in
            let count = buffer.count
            var lineStart = 0
            while lineStart < count {
                var index = lineStart
                var depth = 0
                while index < count {
                    var cursor = index
                    while cursor < count, buffer[cursor] == 0x20 || buffer[cursor] == 0x09 { cursor += 1 }
                    guard cursor < count else { break }
                    let byte = buffer[cursor]
                    var markerEnd: Int?
                    if byte == UInt8(ascii: ">") {
                        markerEnd = cursor + 1
                    } else if byte == UInt8(ascii: "-") || byte == UInt8(ascii: "*") || byte == UInt8(ascii: "+"),
                              cursor + 1 < count, buffer[cursor + 1] == 0x20 || buffer[cursor + 1] == 0x09 {
                        markerEnd = cursor + 1
                    } else if byte >= UInt8(ascii: "0"), byte <= UInt8(ascii: "9") {
                        var digits = cursor
                        while digits < count, digits - cursor < 9, buffer[digits] >= UInt8(ascii: "0"), buffer[digits] <= UInt8(ascii: "9") { digits += 1 }
                        if digits + 1 < count, buffer[digits] == UInt8(ascii: ".") || buffer[digits] == UInt8(ascii: ")"),
                           buffer[digits + 1] == 0x20 || buffer[digits + 1] == 0x09 {
                            markerEnd = digits + 1
                        }
                    }
                    guard let end = markerEnd else { break }
                    depth += 1
                    if depth > maximumMarkdownNesting {
                        for position in cursor..<end { buffer[position] = 0x20 }
                        dropped += 1
                    }
                    index = end
                }
                // On to the next line.
                while index < count, buffer[index] != 0x0A { index += 1 }
                lineStart = index + 1
            }
        }
        return dropped
    }
}
