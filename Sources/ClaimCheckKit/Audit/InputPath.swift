/// A file system path as the bytes the system uses, so that names which are not
/// valid UTF-8, or which hold a newline, are opened exactly as they are; shown
/// to people escaped (`\n`, `\xFF`).
public struct InputPath: Sendable, Hashable {
    /// The path's bytes, without a terminating NUL.
    public var bytes: [UInt8]

    public init(bytes: [UInt8]) { self.bytes = bytes }

    /// A path given as text (a command-line argument, a test's path).
    public init(_ path: String) { self.bytes = Array(path.utf8) }

    /// The path for messages and report sources: the text itself when it is
    /// valid UTF-8 with no control characters (every ordinary name), otherwise
    /// with those bytes escaped.
    public var display: String { Self.escape(bytes) }

    /// The path as text with invalid bytes replaced (for globs and config lookup).
    public var lossyString: String { String(decoding: bytes, as: UTF8.self) }

    /// This path with one more component: `folder/name` (no doubled slash).
    public func appending(_ component: [UInt8]) -> InputPath {
        var base = bytes
        while base.count > 1, base.last == UInt8(ascii: "/") { base.removeLast() }
        if base.isEmpty { return InputPath(bytes: component) }
        if base != [UInt8(ascii: "/")] { base.append(UInt8(ascii: "/")) }
        return InputPath(bytes: base + component)
    }

    /// Calls `body` with the path as a NUL-terminated C string.
    public func withCString<Result>(_ body: (UnsafePointer<CChar>) throws -> Result) rethrows -> Result {
        try (bytes + [0]).withUnsafeBufferPointer { buffer in
            try buffer.withMemoryRebound(to: CChar.self) { try body($0.baseAddress!) }
        }
    }

    /// Valid UTF-8 is kept, except control characters (`\n`, `\t`, `\r`, `\x01`…);
    /// bytes that are not UTF-8 become `\xHH`.
    public static func escape(_ bytes: [UInt8]) -> String {
        if bytes.allSatisfy({ $0 >= 0x20 && $0 < 0x7F }) { return String(decoding: bytes, as: UTF8.self) }
        let digits = Array("0123456789ABCDEF")
        func hex(_ byte: UInt8) -> String { "\\x" + String(digits[Int(byte >> 4)]) + String(digits[Int(byte & 0x0F)]) }
        var out = ""
        var index = 0
        while index < bytes.count {
            let byte = bytes[index]
            if byte < 0x80 {
                switch byte {
                case 0x0A: out += "\\n"
                case 0x09: out += "\\t"
                case 0x0D: out += "\\r"
                case 0..<0x20, 0x7F: out += hex(byte)
                default: out.unicodeScalars.append(Unicode.Scalar(byte))
                }
                index += 1
                continue
            }
            let length = byte >= 0xF0 ? 4 : byte >= 0xE0 ? 3 : byte >= 0xC2 ? 2 : 0
            if length > 0, index + length <= bytes.count,
               let scalar = String(validating: bytes[index..<index + length], as: UTF8.self) {
                out += scalar
                index += length
            } else {
                out += hex(byte)
                index += 1
            }
        }
        return out
    }
}
