/// The units an editor counts positions in. Reports count UTF-8 bytes; the
/// Language Server Protocol counts UTF-16 code units unless client and server
/// agree on another, and LanguageTool's clients (Java and JavaScript strings)
/// count UTF-16.
public enum PositionEncoding: String, Sendable, CaseIterable {
    case utf8 = "utf-8", utf16 = "utf-16", utf32 = "utf-32"
}

/// Converts between a report's UTF-8 byte offsets in a text and the positions an
/// editor uses: a flat offset, or a 0-based line and character, in any
/// `PositionEncoding`. Lines end at `\n`, `\r\n` or a lone `\r`, as the Language
/// Server Protocol counts them.
public struct TextOffsets: Sendable {
    public let bytes: [UInt8]
    /// The byte offset where each line starts.
    public let lineStarts: [Int]

    public init(_ text: String) { self.init(bytes: Array(text.utf8)) }

    public init(bytes: [UInt8]) {
        self.bytes = bytes
        var starts = [0]
        var index = 0
        while index < bytes.count {
            if bytes[index] == UInt8(ascii: "\n") {
                starts.append(index + 1)
            } else if bytes[index] == UInt8(ascii: "\r") {
                if index + 1 < bytes.count, bytes[index + 1] == UInt8(ascii: "\n") { index += 1 }
                starts.append(index + 1)
            }
            index += 1
        }
        lineStarts = starts
    }

    /// A 0-based line and character offset within it.
    public struct Position: Sendable, Equatable, Hashable {
        public var line: Int
        public var character: Int
        public init(line: Int, character: Int) { self.line = line; self.character = character }
    }

    /// The flat offset, in `encoding` units, of the byte at `offset` (clamped to the text).
    public func offset(ofByte offset: Int, in encoding: PositionEncoding) -> Int {
        units(from: 0, to: min(max(offset, 0), bytes.count), in: encoding)
    }

    /// The line and character, in `encoding` units, of the byte at `offset` (clamped to the text).
    public func position(ofByte offset: Int, in encoding: PositionEncoding) -> Position {
        let offset = min(max(offset, 0), bytes.count)
        let line = self.line(containingByte: offset)
        return Position(line: line, character: units(from: lineStarts[line], to: offset, in: encoding))
    }

    /// The byte offset of a line and character given in `encoding` units. A line past
    /// the end gives the end of the text; a character past the line's end, its end
    /// (the protocol's rule), and one inside a character, that character's start.
    public func byteOffset(of position: Position, in encoding: PositionEncoding) -> Int {
        guard position.line >= 0 else { return 0 }
        guard position.line < lineStarts.count else { return bytes.count }
        let end = lineContentEnd(position.line)
        var index = lineStarts[position.line]
        var counted = 0
        while index < end {
            let (width, units) = Self.scalar(at: index, in: bytes, encoding: encoding)
            if counted + units > position.character { break }
            counted += units
            index += width
        }
        return index
    }

    /// The 0-based line holding the byte at `offset`.
    public func line(containingByte offset: Int) -> Int {
        var low = 0, high = lineStarts.count - 1
        while low < high {
            let middle = (low + high + 1) / 2
            if lineStarts[middle] <= offset { low = middle } else { high = middle - 1 }
        }
        return low
    }

    /// The byte just past a line's last character, before its line break.
    public func lineContentEnd(_ line: Int) -> Int {
        var end = line + 1 < lineStarts.count ? lineStarts[line + 1] : bytes.count
        if end > lineStarts[line], bytes[end - 1] == UInt8(ascii: "\n") { end -= 1 }
        if end > lineStarts[line], bytes[end - 1] == UInt8(ascii: "\r") { end -= 1 }
        return end
    }

    private func units(from start: Int, to end: Int, in encoding: PositionEncoding) -> Int {
        if encoding == .utf8 { return end - start }
        var index = start, count = 0
        while index < end {
            let (width, units) = Self.scalar(at: index, in: bytes, encoding: encoding)
            index += width
            count += units
        }
        return count
    }

    /// The byte width of the UTF-8 sequence at `index` and the units it counts as.
    /// A byte that starts no valid sequence counts as one character (U+FFFD, one unit).
    private static func scalar(at index: Int, in bytes: [UInt8], encoding: PositionEncoding) -> (width: Int, units: Int) {
        let lead = bytes[index]
        let width: Int
        switch lead {
        case 0..<0x80: width = 1
        case 0xC2..<0xE0: width = 2
        case 0xE0..<0xF0: width = 3
        case 0xF0..<0xF5: width = 4
        default: return (1, 1)
        }
        guard index + width <= bytes.count, (1..<width).allSatisfy({ bytes[index + $0] & 0xC0 == 0x80 }) else { return (1, 1) }
        switch encoding {
        case .utf8: return (width, width)
        case .utf16: return (width, width == 4 ? 2 : 1)
        case .utf32: return (width, 1)
        }
    }
}
