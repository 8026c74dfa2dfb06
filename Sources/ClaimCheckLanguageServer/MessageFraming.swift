/// The base protocol's framing: each message is a header part (`Name: value`
/// lines ending in `\r\n`, then an empty line) and a body of exactly
/// `Content-Length` bytes.
///
///     Content-Length: 52\r\n
///     \r\n
///     {"jsonrpc":"2.0","id":1,"method":"shutdown"}
///
/// Bytes arrive in reads of any size; the decoder keeps what it has not used.
/// A header part without a usable `Content-Length` cannot be skipped by length,
/// so it is dropped up to its empty line and reported, and decoding goes on with
/// the next message.
public struct MessageFrameDecoder: Sendable {
    /// Bodies larger than this are refused (and skipped) rather than buffered.
    public var maximumBodyBytes: Int
    /// Header parts larger than this are a framing error (a stream that is not LSP).
    public static let maximumHeaderBytes = 8192

    private var buffer: [UInt8] = []
    private var start = 0

    public init(maximumBodyBytes: Int = 64 * 1024 * 1024) {
        self.maximumBodyBytes = maximumBodyBytes
    }

    /// What the next complete frame held.
    public enum Frame: Sendable, Equatable {
        case message([UInt8])
        /// A frame that could not be read, and why; the bytes up to its end were dropped.
        case malformed(String)
    }

    /// Whether unread bytes are buffered (a frame may be complete or still arriving).
    public var hasBufferedBytes: Bool { start < buffer.count }

    /// The next complete frame, or nil until more bytes arrive.
    public mutating func next() -> Frame? {
        guard let headerEnd = findHeaderEnd() else {
            if buffer.count - start > Self.maximumHeaderBytes {
                discard(upTo: buffer.count)
                return .malformed("a header part longer than \(Self.maximumHeaderBytes) bytes with no empty line; dropped")
            }
            return nil
        }
        let header = String(decoding: buffer[start..<headerEnd], as: UTF8.self)
        let bodyStart = headerEnd + 4
        var length: Int?
        for line in header.split(separator: "\r\n", omittingEmptySubsequences: true) {
            guard let colon = line.firstIndex(of: ":") else {
                discard(upTo: bodyStart)
                return .malformed("header line \"\(line.prefix(80))\" has no colon; expected \"Name: value\"")
            }
            let name = line[..<colon].trimmingSpaces.lowercased()
            let value = line[line.index(after: colon)...].trimmingSpaces
            if name == "content-length" {
                guard let number = Int(value), number >= 0 else {
                    discard(upTo: bodyStart)
                    return .malformed("Content-Length \"\(value.prefix(40))\" is not a byte count")
                }
                length = number
            }
        }
        guard let length else {
            discard(upTo: bodyStart)
            return .malformed("a header part without Content-Length; every message needs one")
        }
        if length > maximumBodyBytes {
            // Skip the body as it arrives, by length, without buffering it.
            discard(upTo: bodyStart)
            skipping = length
            dropSkipped()
            return .malformed("a body of \(length) bytes is over the limit of \(maximumBodyBytes); skipped")
        }
        guard buffer.count - bodyStart >= length else { return nil }
        let body = Array(buffer[bodyStart..<(bodyStart + length)])
        discard(upTo: bodyStart + length)
        return .message(body)
    }

    /// Bytes of an over-long body still to drop as they arrive.
    private var skipping = 0

    private mutating func dropSkipped() {
        let available = min(skipping, buffer.count - start)
        start += available
        skipping -= available
        compact()
    }

    private func findHeaderEnd() -> Int? {
        guard buffer.count - start >= 4 else { return nil }
        var index = start
        while index + 3 < buffer.count {
            if buffer[index] == 0x0D, buffer[index + 1] == 0x0A, buffer[index + 2] == 0x0D, buffer[index + 3] == 0x0A {
                return index
            }
            index += 1
        }
        return nil
    }

    private mutating func discard(upTo offset: Int) {
        start = offset
        compact()
    }

    private mutating func compact() {
        if start == buffer.count { buffer.removeAll(keepingCapacity: true); start = 0 }
        else if start > 65_536 { buffer.removeFirst(start); start = 0 }
    }

    /// Appends bytes, dropping any still owed to a skipped body first.
    public mutating func receive(_ bytes: [UInt8]) {
        buffer.append(contentsOf: bytes)
        if skipping > 0 { dropSkipped() }
    }
}

/// A message body framed for the wire.
public func framedMessage(_ body: [UInt8]) -> [UInt8] {
    Array("Content-Length: \(body.count)\r\n\r\n".utf8) + body
}

extension Substring {
    fileprivate var trimmingSpaces: String {
        String(drop(while: { $0 == " " || $0 == "\t" }).reversed().drop(while: { $0 == " " || $0 == "\t" }).reversed())
    }
}
