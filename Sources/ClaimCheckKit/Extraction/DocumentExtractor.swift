/// Bytes to `Document`: decides the encoding and format, runs the extractor, and
/// rewrites offsets of transcoded input so they point into the original file.
public struct DocumentExtractor: Sendable {
    /// Inputs larger than this are refused with an error rather than parsed.
    public var maximumBytes: Int
    /// Keep an HTML page's boilerplate blocks (menus, banners, footers) in the document.
    public var keepsBoilerplate = false

    public init(maximumBytes: Int = 64 * 1024 * 1024, keepsBoilerplate: Bool = false) {
        self.maximumBytes = maximumBytes
        self.keepsBoilerplate = keepsBoilerplate
    }

    public func extract(_ bytes: [UInt8], path: String?, format: InputFormat? = nil) throws(InputError) -> Document {
        guard bytes.count <= maximumBytes else {
            throw ByteSize.overLimit(path: path ?? "-", size: bytes.count, limit: maximumBytes)
        }
        var decoded = DecodedSource(bytes: bytes)
        let chosen = format ?? InputFormat.detect(path: path, bytes: decoded.utf8)
        if chosen != .text, Self.looksBinary(decoded.utf8) {
            throw InputError(path: path ?? "-", message: "looks like a binary file, not \(chosen.rawValue); check the path or pass --input-format")
        }
        if chosen == .text, Self.looksBinary(decoded.utf8) {
            throw InputError(path: path ?? "-", message: "looks like a binary file, not text; check the path or pass --input-format")
        }
        let scrubbed = InputScrubber.scrub(decoded.utf8, format: chosen)
        decoded.utf8 = scrubbed.bytes
        decoded.notes += scrubbed.notes
        let lines = LineIndex(source: bytes, isSingleByte: decoded.isSingleByte)
        var blocks: [Block]
        var comments: [SourceComment] = []
        var canonical: String?
        switch chosen {
        case .html: (blocks, comments, canonical) = HTMLExtractor(keepsBoilerplate: keepsBoilerplate).extractAll(decoded)
        case .markdown: (blocks, comments) = MarkdownExtractor().extractAll(decoded)
        case .text: blocks = PlainTextExtractor().extract(decoded)
        }
        if decoded.isTranscoded || decoded.prefixLength > 0 {
            blocks = blocks.map { Self.translate($0, decoded) }
            comments = comments.map {
                SourceComment(text: $0.text, start: decoded.originalOffset($0.start), end: decoded.originalOffset($0.end))
            }
        }
        return Document(format: chosen, blocks: blocks, lines: lines, notes: decoded.notes, comments: comments,
                        canonicalURL: canonical)
    }

    /// A file with NUL bytes or mostly control characters in its first 8 KB.
    static func looksBinary(_ bytes: [UInt8]) -> Bool {
        let count = min(bytes.count, 8192)
        guard count > 0 else { return false }
        return bytes.withUnsafeBufferPointer { buffer in
            var control = 0
            var index = 0
            while index < count {
                // Eight bytes with none below 0x20 (most of a page) need no look at each.
                if index + 8 <= count {
                    let word = UnsafeRawPointer(buffer.baseAddress! + index).loadUnaligned(as: UInt64.self)
                    if (word &- 0x2020_2020_2020_2020) & ~word & 0x8080_8080_8080_8080 == 0 { index += 8; continue }
                    for offset in index..<(index + 8) {
                        let byte = buffer[offset]
                        guard byte < 0x20 else { continue }
                        if byte == 0 { return true }
                        if byte != 0x09 && byte != 0x0A && byte != 0x0D && byte != 0x0C { control += 1 }
                    }
                    index += 8
                    continue
                }
                let byte = buffer[index]
                index += 1
                guard byte < 0x20 else { continue }
                if byte == 0 { return true }
                if byte != 0x09 && byte != 0x0A && byte != 0x0D && byte != 0x0C { control += 1 }
            }
            return control * 10 > count
        }
    }

    /// Rewrites a block's map from decoded offsets to original offsets; a direct
    /// segment with non-ASCII text becomes one atomic segment per character.
    static func translate(_ block: Block, _ decoded: DecodedSource) -> Block {
        var map = SourceMap()
        for segment in block.map.segments {
            if segment.isDirect && decoded.isTranscoded {
                var index = 0
                while index < segment.textLength {
                    let textOffset = segment.textStart + index
                    let byte = block.text[textOffset]
                    let width = byte < 0x80 ? 1 : byte >= 0xF0 ? 4 : byte >= 0xE0 ? 3 : 2
                    let start = decoded.originalOffset(segment.sourceStart + index)
                    let end = decoded.originalOffset(segment.sourceStart + index + width)
                    map.append(textStart: textOffset, textLength: min(width, segment.textLength - index),
                               sourceStart: start, sourceLength: max(end - start, 0))
                    index += width
                }
            } else {
                let start = decoded.originalOffset(segment.sourceStart)
                let end = decoded.originalOffset(segment.sourceStart + segment.sourceLength)
                map.append(textStart: segment.textStart, textLength: segment.textLength, sourceStart: start, sourceLength: end - start)
            }
        }
        var copy = block
        copy.map = map
        return copy
    }
}

/// An input that could not be read or parsed; the rest of a batch goes on.
public struct InputError: Error, Sendable, Equatable, CustomStringConvertible {
    public var path: String
    public var message: String

    public init(path: String, message: String) {
        self.path = path
        self.message = message
    }

    public var description: String { "\(path): \(message)" }
}
