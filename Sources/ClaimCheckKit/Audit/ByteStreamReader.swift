/// Reads lines and fixed-length blocks from a `ByteSource`, keeping only what
/// has not been consumed yet.
public struct ByteStreamReader {
    /// A line longer than `lineLimit`: nothing was consumed.
    public struct LineTooLong: Error, Equatable { public var offset: Int }

    private var source: ByteSource
    private var buffer: [UInt8] = []
    private var offset = 0
    private var exhausted = false
    /// Bytes consumed so far (for progress, and the offsets in messages).
    public private(set) var consumed = 0
    /// Whether the last line returned ended at the end of the stream, without a line break.
    public private(set) var lastLineWasUnterminated = false
    /// The longest line `readLine` buffers before it throws `LineTooLong`.
    public var lineLimit = Int.max

    public init(_ source: ByteSource) { self.source = source }

    private mutating func fill() throws -> Bool {
        guard !exhausted else { return false }
        guard let chunk = try source.next() else { exhausted = true; return false }
        compact()
        buffer.append(contentsOf: chunk)
        return true
    }

    private mutating func compact() {
        if offset > 0 && offset >= buffer.count / 2 {
            buffer.removeFirst(offset)
            offset = 0
        }
    }

    /// The next line without its line break, or nil at the end.
    public mutating func readLine() throws -> ArraySlice<UInt8>? {
        var searchFrom = offset
        while true {
            if let newline = buffer[searchFrom...].firstIndex(of: 0x0A) {
                var end = newline
                if end > offset, buffer[end - 1] == 0x0D { end -= 1 }
                let line = buffer[offset..<end]
                consumed += newline + 1 - offset
                offset = newline + 1
                lastLineWasUnterminated = false
                return line
            }
            if buffer.count - offset > lineLimit { throw LineTooLong(offset: consumed) }
            searchFrom = buffer.count
            let before = offset
            if try !fill() {
                guard offset < buffer.count else { return nil }
                let line = buffer[offset...]
                consumed += buffer.count - offset
                offset = buffer.count
                lastLineWasUnterminated = true
                return line
            }
            searchFrom -= before - offset   // the buffer may have been compacted
        }
    }

    /// Exactly `count` bytes (fewer only at the end of the stream).
    public mutating func read(_ count: Int) throws -> [UInt8] {
        guard count > 0 else { return [] }
        while buffer.count - offset < count {
            if try !fill() { break }
        }
        let end = min(buffer.count, offset + count)
        let bytes = Array(buffer[offset..<end])
        consumed += end - offset
        offset = end
        return bytes
    }

    /// Passes over `count` bytes without keeping them; returns how many there
    /// were (fewer only at the end of the stream).
    public mutating func skip(_ count: Int) throws -> Int {
        guard count > 0 else { return 0 }
        var skipped = 0
        while skipped < count {
            if offset >= buffer.count {
                buffer.removeAll(keepingCapacity: true)
                offset = 0
                if try !fill() { break }
            }
            let step = min(count - skipped, buffer.count - offset)
            offset += step
            skipped += step
        }
        consumed += skipped
        return skipped
    }

    /// Moves to the start of the next line that begins with `prefix` (or stays,
    /// when the current position is one), discarding what is passed over;
    /// false when the stream ends first.
    public mutating func skip(toLineStartingWith prefix: [UInt8]) throws -> Bool {
        var atLineStart = true   // callers stand at a line start (after a line, or a record)
        while true {
            var index = offset
            while index < buffer.count {
                if atLineStart {
                    let available = buffer.count - index
                    if available < prefix.count {
                        // Maybe a match cut by the chunk's end: keep it and read on.
                        if buffer[index...].elementsEqual(prefix.prefix(available)) { break }
                    } else if buffer[index..<index + prefix.count].elementsEqual(prefix) {
                        consumed += index - offset
                        offset = index
                        return true
                    }
                }
                atLineStart = buffer[index] == 0x0A
                index += 1
            }
            consumed += index - offset
            offset = index
            compact()
            if try !fill() {
                consumed += buffer.count - offset
                offset = buffer.count
                return false
            }
        }
    }
}
