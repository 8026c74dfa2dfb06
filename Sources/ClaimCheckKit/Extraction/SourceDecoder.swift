/// Decides a file's encoding and gives UTF-8 bytes to parse, with a way back to
/// the original byte offsets.
///
/// Order: a byte-order mark, then a `<meta charset>` declaration that agrees with
/// the bytes, then valid UTF-8, then Windows-1252 (a superset of Latin-1 for text).
/// A page that declares one charset but is encoded in another is decoded by what
/// its bytes are, and the mismatch is noted. A UTF-8 page with a few stray bytes
/// (a truncated character, one pasted Latin-1 letter) stays UTF-8, each stray byte
/// read as U+FFFD: one bad byte must not turn every accent of a page into mojibake.
/// Never fails: any bytes decode.
public struct DecodedSource: Sendable {
    public enum Encoding: String, Sendable { case utf8 = "UTF-8", windows1252 = "windows-1252", utf16LE = "UTF-16LE", utf16BE = "UTF-16BE" }

    /// UTF-8 text to parse (the scrubber may blank bytes of it, never change its length).
    public internal(set) var utf8: [UInt8]
    public let encoding: Encoding
    /// Bytes skipped at the start of the original (a BOM).
    public let prefixLength: Int
    public internal(set) var notes: [String]
    /// For transcoded input: every non-ASCII character as (decoded start, decoded
    /// width, original start, original width); ASCII between them maps one to one.
    private let checkpoints: [Checkpoint]

    struct Checkpoint: Sendable {
        var decoded: Int, decodedWidth: Int, original: Int, originalWidth: Int
    }

    /// The decoded bytes differ from the original (another encoding, or stray bytes replaced).
    public var isTranscoded: Bool { encoding != .utf8 || !checkpoints.isEmpty }
    public var isSingleByte: Bool { encoding == .windows1252 }

    public init(bytes: [UInt8], declaredHint: Bool = true) {
        var notes: [String] = []
        if bytes.starts(with: [0xEF, 0xBB, 0xBF]) {
            self.init(utf8: Array(bytes[3...]), encoding: .utf8, prefix: 3, notes: [])
            return
        }
        if bytes.starts(with: [0xFF, 0xFE]) || bytes.starts(with: [0xFE, 0xFF]) {
            let little = bytes[0] == 0xFF
            self = DecodedSource.fromUTF16(bytes, littleEndian: little)
            return
        }
        let valid = DecodedSource.isValidUTF8(bytes)
        let declared = declaredHint ? DecodedSource.declaredCharset(bytes) : nil
        let declaresUTF8 = declared.map { ["utf-8", "utf8"].contains($0) } ?? false
        if !valid, declared.map({ Self.singleByteCharsets.contains($0) }) != true {
            // Mostly UTF-8 with stray bytes: keep it UTF-8. A Windows-1252 page has
            // (almost) no valid multi-byte sequences; a UTF-8 page has more of them than strays.
            let census = DecodedSource.utf8Census(bytes)
            if census.multibyte > 0, declaresUTF8 || census.multibyte >= census.invalid {
                self = DecodedSource.fromDamagedUTF8(bytes, strays: census.invalid)
                return
            }
        }
        if valid {
            if let declared, !["utf-8", "utf8", "us-ascii", "ascii"].contains(declared) {
                notes.append("declares charset \(declared) but its bytes are valid UTF-8; read as UTF-8")
            }
            self.init(utf8: bytes, encoding: .utf8, prefix: 0, notes: notes)
            return
        }
        if let declared, ["utf-8", "utf8"].contains(declared) {
            notes.append("declares UTF-8 but has bytes that are not UTF-8; read as windows-1252")
        }
        self = DecodedSource.fromWindows1252(bytes, notes: notes)
    }

    private init(utf8: [UInt8], encoding: Encoding, prefix: Int, notes: [String],
                 checkpoints: [Checkpoint] = []) {
        self.utf8 = utf8
        self.encoding = encoding
        self.prefixLength = prefix
        self.notes = notes
        self.checkpoints = checkpoints
    }

    /// The original byte offset of a decoded byte offset.
    public func originalOffset(_ decoded: Int) -> Int {
        guard isTranscoded else { return decoded + prefixLength }
        var low = 0, high = checkpoints.count - 1, found = -1
        while low <= high {
            let mid = (low + high) / 2
            if checkpoints[mid].decoded <= decoded { found = mid; low = mid + 1 } else { high = mid - 1 }
        }
        guard found >= 0 else { return decoded + prefixLength }
        let point = checkpoints[found]
        if decoded < point.decoded + point.decodedWidth { return point.original }
        return point.original + point.originalWidth + (decoded - point.decoded - point.decodedWidth)
    }

    /// Charsets that say a page is one byte per character: stray bytes there are text.
    static let singleByteCharsets: Set<String> = [
        "windows-1252", "cp1252", "iso-8859-1", "iso8859-1", "latin1", "latin-1", "iso-8859-15", "us-ascii", "ascii",
    ]

    // MARK: - Detection

    /// Valid multi-byte sequences and bytes that belong to none, in one pass.
    static func utf8Census(_ bytes: [UInt8]) -> (multibyte: Int, invalid: Int) {
        bytes.withUnsafeBufferPointer { buffer in
            var multibyte = 0, invalid = 0, index = 0
            let count = buffer.count
            while index < count {
                let width = sequenceWidth(buffer, at: index)
                if width == 0 { invalid += 1; index += 1; continue }
                if width > 1 { multibyte += 1 }
                index += width
            }
            return (multibyte, invalid)
        }
    }

    /// Width of the valid UTF-8 sequence at `index`, or 0 if the byte starts none
    /// (overlong forms and surrogates are invalid, as the standard says).
    @inline(__always)
    static func sequenceWidth(_ buffer: UnsafeBufferPointer<UInt8>, at index: Int) -> Int {
        let byte = buffer[index]
        if byte < 0x80 { return 1 }
        let width: Int
        var low: UInt8 = 0x80, high: UInt8 = 0xBF
        switch byte {
        case 0xC2...0xDF: width = 2
        case 0xE0: width = 3; low = 0xA0
        case 0xE1...0xEC, 0xEE...0xEF: width = 3
        case 0xED: width = 3; high = 0x9F
        case 0xF0: width = 4; low = 0x90
        case 0xF1...0xF3: width = 4
        case 0xF4: width = 4; high = 0x8F
        default: return 0
        }
        guard index + width <= buffer.count else { return 0 }
        let second = buffer[index + 1]
        guard second >= low, second <= high else { return 0 }
        for next in 2..<max(2, width) where buffer[index + next] & 0xC0 != 0x80 { return 0 }
        return width
    }

    static func isValidUTF8(_ bytes: [UInt8]) -> Bool {
        bytes.withUnsafeBufferPointer { buffer in
            var index = 0
            let count = buffer.count
            while index < count {
                // Eight ASCII bytes at a time: most of a page is ASCII.
                if index + 8 <= count {
                    let word = UnsafeRawPointer(buffer.baseAddress! + index).loadUnaligned(as: UInt64.self)
                    if word & 0x8080_8080_8080_8080 == 0 { index += 8; continue }
                }
                if buffer[index] < 0x80 { index += 1; continue }
                let width = sequenceWidth(buffer, at: index)
                if width == 0 { return false }
                index += width
            }
            return true
        }
    }

    /// The charset a page declares in its first 2 KB (`<meta charset=...>` or
    /// `content="text/html; charset=..."`), lower-cased.
    static func declaredCharset(_ bytes: [UInt8]) -> String? {
        let needle = Array("charset=".utf8)
        let head = bytes.prefix(2048)
        guard head.count >= needle.count else { return nil }
        var start = head.startIndex
        while start <= head.endIndex - needle.count {
            var matched = true
            for offset in 0..<needle.count where head[start + offset] | 0x20 != needle[offset] | (needle[offset] == UInt8(ascii: "=") ? 0 : 0x20) {
                matched = false; break
            }
            if matched {
                var index = start + needle.count
                while index < head.endIndex, [UInt8(ascii: "\""), UInt8(ascii: "'"), 0x20].contains(head[index]) { index += 1 }
                var value: [UInt8] = []
                while index < head.endIndex, Tokenizer.isAlnum(head[index]) || head[index] == UInt8(ascii: "-") || head[index] == UInt8(ascii: "_") {
                    value.append(head[index] | (Tokenizer.isLetter(head[index]) ? 0x20 : 0)); index += 1
                }
                return value.isEmpty ? nil : String(decoding: value, as: UTF8.self)
            }
            start += 1
        }
        return nil
    }

    // MARK: - Transcoding

    /// Windows-1252 code points for bytes 0x80-0x9F (others map to Latin-1).
    private static let windows1252High: [UInt32] = [
        0x20AC, 0x81, 0x201A, 0x0192, 0x201E, 0x2026, 0x2020, 0x2021, 0x02C6, 0x2030, 0x0160, 0x2039, 0x0152, 0x8D, 0x017D, 0x8F,
        0x90, 0x2018, 0x2019, 0x201C, 0x201D, 0x2022, 0x2013, 0x2014, 0x02DC, 0x2122, 0x0161, 0x203A, 0x0153, 0x9D, 0x017E, 0x0178,
    ]

    private static func fromWindows1252(_ bytes: [UInt8], notes: [String]) -> DecodedSource {
        var output: [UInt8] = []
        output.reserveCapacity(bytes.count + bytes.count / 8)
        var checkpoints: [Checkpoint] = []
        for (offset, byte) in bytes.enumerated() {
            if byte < 0x80 {
                output.append(byte)
                continue
            }
            let start = output.count
            let scalar = byte < 0xA0 ? windows1252High[Int(byte - 0x80)] : UInt32(byte)
            appendUTF8(Unicode.Scalar(scalar) ?? "\u{FFFD}", to: &output)
            checkpoints.append(Checkpoint(decoded: start, decodedWidth: output.count - start, original: offset, originalWidth: 1))
        }
        var allNotes = notes
        allNotes.append("not valid UTF-8; read as windows-1252")
        return DecodedSource(utf8: output, encoding: .windows1252, prefix: 0, notes: allNotes, checkpoints: checkpoints)
    }

    /// UTF-8 with each byte that starts no valid sequence replaced by U+FFFD.
    private static func fromDamagedUTF8(_ bytes: [UInt8], strays: Int) -> DecodedSource {
        var output: [UInt8] = []
        output.reserveCapacity(bytes.count + strays * 2)
        var checkpoints: [Checkpoint] = []
        bytes.withUnsafeBufferPointer { buffer in
            var index = 0, runStart = 0
            while index < buffer.count {
                let width = sequenceWidth(buffer, at: index)
                if width > 0 { index += width; continue }
                output.append(contentsOf: UnsafeBufferPointer(rebasing: buffer[runStart..<index]))
                checkpoints.append(Checkpoint(decoded: output.count, decodedWidth: 3, original: index, originalWidth: 1))
                output.append(contentsOf: [0xEF, 0xBF, 0xBD])
                index += 1
                runStart = index
            }
            output.append(contentsOf: UnsafeBufferPointer(rebasing: buffer[runStart..<buffer.count]))
        }
        let note = "has \(strays) byte\(strays == 1 ? "" : "s") that \(strays == 1 ? "is" : "are") not UTF-8 in otherwise UTF-8 text; read as U+FFFD (\u{FFFD})"
        return DecodedSource(utf8: output, encoding: .utf8, prefix: 0, notes: [note], checkpoints: checkpoints)
    }

    private static func fromUTF16(_ bytes: [UInt8], littleEndian: Bool) -> DecodedSource {
        var output: [UInt8] = []
        var checkpoints: [Checkpoint] = []
        var units: [UInt16] = []
        var index = 2
        while index + 1 < bytes.count {
            let unit = littleEndian ? UInt16(bytes[index]) | UInt16(bytes[index + 1]) << 8
                                    : UInt16(bytes[index]) << 8 | UInt16(bytes[index + 1])
            units.append(unit)
            index += 2
        }
        var unitOffset = 0
        var iterator = units.makeIterator()
        var decoder = UTF16()
        loop: while true {
            switch decoder.decode(&iterator) {
            case .scalarValue(let scalar):
                let start = output.count, width = scalar.value > 0xFFFF ? 2 : 1
                appendUTF8(scalar, to: &output)
                checkpoints.append(Checkpoint(decoded: start, decodedWidth: output.count - start,
                                              original: 2 + unitOffset * 2, originalWidth: width * 2))
                unitOffset += width
            case .error:
                let start = output.count
                appendUTF8("\u{FFFD}", to: &output)
                checkpoints.append(Checkpoint(decoded: start, decodedWidth: output.count - start,
                                              original: 2 + unitOffset * 2, originalWidth: 2))
                unitOffset += 1
            case .emptyInput:
                break loop
            }
        }
        return DecodedSource(utf8: output, encoding: littleEndian ? .utf16LE : .utf16BE, prefix: 0,
                             notes: ["read as UTF-16 from its byte-order mark"], checkpoints: checkpoints)
    }

    private static func appendUTF8(_ scalar: Unicode.Scalar, to output: inout [UInt8]) {
        UTF8.encode(scalar) { output.append($0) }
    }
}
