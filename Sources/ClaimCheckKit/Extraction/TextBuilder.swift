/// Builds a block's text from runs of source text, collapsing whitespace to single
/// spaces and recording where every byte came from.
struct TextBuilder {
    private(set) var bytes: [UInt8] = []
    private(set) var map = SourceMap()
    /// Source offset and length of whitespace seen since the last text, not yet emitted.
    private var pendingSpace: (offset: Int, length: Int)?

    var isEmpty: Bool { bytes.isEmpty }

    /// Appends source text that is byte-for-byte what the source holds at `sourceStart`.
    mutating func appendDirect(_ chunk: UnsafeBufferPointer<UInt8>, sourceStart: Int) {
        var index = 0
        let count = chunk.count
        while index < count {
            if let width = Self.whitespaceWidth(chunk, at: index) {
                notePending(offset: sourceStart + index, length: width)
                index += width
                continue
            }
            // A run of text: single spaces between words stay inside it (they need
            // no collapsing), so ordinary prose is one copy and one map segment.
            var end = index + 1
            while end < count {
                let next = chunk[end]
                // Neither whitespace nor the start of a no-break space: the common byte.
                if next > 0x20 && next != 0xC2 { end += 1; continue }
                if next == 0x20, end + 1 < count, Self.whitespaceWidth(chunk, at: end + 1) == nil { end += 2; continue }
                if Self.whitespaceWidth(chunk, at: end) != nil { break }
                end += 1
            }
            flushPendingSpace()
            let textStart = bytes.count
            // A block's first run: room for a paragraph at once, not doubling from 16 bytes.
            if bytes.capacity == 0 { bytes.reserveCapacity(max(256, end - index)) }
            bytes.append(contentsOf: UnsafeBufferPointer(rebasing: chunk[index..<end]))
            map.append(textStart: textStart, textLength: end - index, sourceStart: sourceStart + index, sourceLength: end - index)
            index = end
        }
    }

    mutating func appendDirect(_ chunk: [UInt8], sourceStart: Int) {
        chunk.withUnsafeBufferPointer { appendDirect($0, sourceStart: sourceStart) }
    }

    /// Appends text that replaces `sourceLength` source bytes (a decoded entity).
    mutating func appendAtomic(_ chunk: [UInt8], sourceStart: Int, sourceLength: Int) {
        chunk.withUnsafeBufferPointer { appendAtomic($0, sourceStart: sourceStart, sourceLength: sourceLength) }
    }

    /// Appends text that replaces `sourceLength` source bytes, from the parser's buffer.
    mutating func appendAtomic(_ chunk: UnsafeBufferPointer<UInt8>, sourceStart: Int, sourceLength: Int) {
        guard !chunk.isEmpty else { return }
        if chunk.allSatisfy({ $0 == 0x20 || $0 == 0x0A || $0 == 0x09 || $0 == 0x0D }) || (chunk.count == 2 && chunk[0] == 0xC2 && chunk[1] == 0xA0) {
            notePending(offset: sourceStart, length: sourceLength)
            return
        }
        flushPendingSpace()
        let textStart = bytes.count
        bytes.append(contentsOf: chunk)
        map.append(textStart: textStart, textLength: chunk.count, sourceStart: sourceStart, sourceLength: max(sourceLength, 1))
    }

    /// Marks a word boundary that has no source text of its own (between table
    /// cells, or where an inline element such as `<br>` separates words).
    mutating func appendBoundary(at sourceOffset: Int) {
        notePending(offset: sourceOffset, length: 0)
    }

    /// Appends a literal separator that has no source (e.g. " | " between cells).
    mutating func appendSeparator(_ separator: [UInt8], at sourceOffset: Int) {
        pendingSpace = nil
        let textStart = bytes.count
        bytes.append(contentsOf: separator)
        map.append(textStart: textStart, textLength: separator.count, sourceStart: sourceOffset, sourceLength: 0)
    }

    private mutating func notePending(offset: Int, length: Int) {
        if let pending = pendingSpace {
            pendingSpace = (pending.offset, max(pending.length, offset + length - pending.offset))
        } else {
            pendingSpace = (offset, length)
        }
    }

    private mutating func flushPendingSpace() {
        guard let pending = pendingSpace else { return }
        pendingSpace = nil
        guard !bytes.isEmpty, bytes.last != 0x20 else { return }
        let textStart = bytes.count
        bytes.append(0x20)
        // A one-byte run (a space or a newline) maps one to one; longer runs and
        // boundaries without source bytes are atomic.
        map.append(textStart: textStart, textLength: 1, sourceStart: pending.offset, sourceLength: pending.length)
    }

    /// Width in bytes of the whitespace character at `index`, or nil. Treats the
    /// no-break space (U+00A0) as whitespace, since editors paste it everywhere.
    @inline(__always)
    static func whitespaceWidth(_ buffer: UnsafeBufferPointer<UInt8>, at index: Int) -> Int? {
        switch buffer[index] {
        case 0x20, 0x09, 0x0A, 0x0D, 0x0C: return 1
        case 0xC2 where index + 1 < buffer.count && buffer[index + 1] == 0xA0: return 2
        default: return nil
        }
    }

    /// Takes the built text and map, leaving the builder empty.
    mutating func take() -> (text: [UInt8], map: SourceMap) {
        defer { bytes = []; map = SourceMap(); pendingSpace = nil }
        return (bytes, map)
    }
}
