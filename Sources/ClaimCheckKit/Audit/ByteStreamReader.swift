/// Reads lines and fixed-length blocks from a `ByteSource`, keeping only what
/// has not been consumed yet.
public struct ByteStreamReader {
    private var source: ByteSource
    private var buffer: [UInt8] = []
    private var offset = 0
    private var exhausted = false
    /// Bytes consumed so far (for progress).
    public private(set) var consumed = 0

    public init(_ source: ByteSource) { self.source = source }

    private mutating func fill() throws -> Bool {
        guard !exhausted else { return false }
        guard let chunk = try source.next() else { exhausted = true; return false }
        if offset > 0 && offset >= buffer.count / 2 {
            buffer.removeFirst(offset)
            offset = 0
        }
        buffer.append(contentsOf: chunk)
        return true
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
                return line
            }
            searchFrom = buffer.count
            let before = offset
            if try !fill() {
                guard offset < buffer.count else { return nil }
                let line = buffer[offset...]
                consumed += buffer.count - offset
                offset = buffer.count
                return line
            }
            searchFrom -= before - offset   // the buffer may have been compacted
        }
    }

    /// Exactly `count` bytes (fewer only at the end of the stream).
    public mutating func read(_ count: Int) throws -> [UInt8] {
        while buffer.count - offset < count {
            if try !fill() { break }
        }
        let end = min(buffer.count, offset + count)
        let bytes = Array(buffer[offset..<end])
        consumed += end - offset
        offset = end
        return bytes
    }
}
