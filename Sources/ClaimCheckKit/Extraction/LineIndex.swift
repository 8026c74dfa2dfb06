#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Converts byte offsets of the original file to 1-based lines and columns.
///
/// Columns count characters (Unicode scalars for UTF-8 input, bytes for
/// single-byte encodings), which is what editors show; offsets stay bytes.
public struct LineIndex: Sendable {
    /// Byte offset at which each line starts.
    public let lineStarts: [Int]
    public let byteCount: Int
    /// True when the original file is in a single-byte encoding (Latin-1, Windows-1252).
    public let isSingleByte: Bool
    private let source: [UInt8]
    /// Characters before each `checkpointStride` bytes of the file, kept only when a
    /// line is longer than the stride: a column is then counted from the nearest
    /// checkpoint, not from the start of a megabyte-long line (which made thousands
    /// of verdicts on one minified line quadratic).
    private let characterCheckpoints: [Int]
    static let checkpointStride = 4096

    public init(source: [UInt8], isSingleByte: Bool = false) {
        var starts = [0]
        starts.reserveCapacity(source.count / 40 + 1)
        source.withUnsafeBufferPointer { buffer in
            guard let base = buffer.baseAddress else { return }
            var offset = 0
            while offset < buffer.count, let found = memchr(base + offset, 0x0A, buffer.count - offset) {
                let position = UnsafePointer<UInt8>(found.assumingMemoryBound(to: UInt8.self)) - base
                starts.append(position + 1)
                offset = position + 1
            }
        }
        self.lineStarts = starts
        self.byteCount = source.count
        self.isSingleByte = isSingleByte
        self.source = source
        var hasLongLine = source.count - starts[starts.count - 1] > Self.checkpointStride
        for index in 1..<starts.count where starts[index] - starts[index - 1] > Self.checkpointStride {
            hasLongLine = true
            break
        }
        var checkpoints: [Int] = []
        if hasLongLine && !isSingleByte {
            checkpoints.reserveCapacity(source.count / Self.checkpointStride + 1)
            var characters = 0
            for (index, byte) in source.enumerated() {
                if index % Self.checkpointStride == 0 { checkpoints.append(characters) }
                if byte & 0xC0 != 0x80 { characters += 1 }
            }
        }
        self.characterCheckpoints = checkpoints
    }

    /// Characters in the file before byte `offset`, counted from the nearest checkpoint.
    private func characters(before offset: Int) -> Int {
        let checkpoint = offset / Self.checkpointStride
        var count = characterCheckpoints[checkpoint]
        for index in (checkpoint * Self.checkpointStride)..<offset where source[index] & 0xC0 != 0x80 { count += 1 }
        return count
    }

    public struct Position: Sendable, Equatable, Codable {
        public var line: Int
        public var column: Int
    }

    public func position(ofByte offset: Int) -> Position {
        let clamped = max(0, min(offset, byteCount))
        var low = 0, high = lineStarts.count - 1
        while low < high {
            let mid = (low + high + 1) / 2
            if lineStarts[mid] <= clamped { low = mid } else { high = mid - 1 }
        }
        let start = lineStarts[low]
        var column = 1
        if isSingleByte {
            column += clamped - start
        } else if !characterCheckpoints.isEmpty, clamped - start > Self.checkpointStride {
            column += characters(before: clamped) - characters(before: start)
        } else {
            for index in start..<clamped where source[index] & 0xC0 != 0x80 { column += 1 }
        }
        return Position(line: low + 1, column: column)
    }

    /// The text of a 1-based line without its line break, for showing context.
    public func lineText(_ line: Int) -> String {
        guard line >= 1, line <= lineStarts.count else { return "" }
        let start = lineStarts[line - 1]
        var end = line < lineStarts.count ? lineStarts[line] - 1 : byteCount
        if end > start, source[end - 1] == 0x0D { end -= 1 }
        let bytes = source[start..<max(start, end)]
        if isSingleByte { return String(String.UnicodeScalarView(bytes.map { Unicode.Scalar($0) })) }
        return String(decoding: bytes, as: UTF8.self)
    }
}
