/// A strict JSON validator (RFC 8259) that builds nothing: the fuzzer checks
/// every report line with it, where Foundation's parser would cost more than the
/// check itself. Returns the byte offset of the first error, or nil.
struct JSONValidator {
    private let bytes: [UInt8]
    private var index = 0
    private var depth = 0

    static func firstError(in bytes: [UInt8]) -> Int? {
        var validator = JSONValidator(bytes: bytes)
        validator.skipSpace()
        guard validator.value() else { return validator.index }
        validator.skipSpace()
        return validator.index == bytes.count ? nil : validator.index
    }

    private init(bytes: [UInt8]) { self.bytes = bytes }

    private var peek: UInt8? { index < bytes.count ? bytes[index] : nil }

    private mutating func skipSpace() {
        while let byte = peek, byte == 0x20 || byte == 0x0A || byte == 0x0D || byte == 0x09 { index += 1 }
    }

    private mutating func literal(_ text: StaticString) -> Bool {
        let count = text.utf8CodeUnitCount
        guard index + count <= bytes.count else { return false }
        for offset in 0..<count where bytes[index + offset] != text.utf8Start[offset] { return false }
        index += count
        return true
    }

    private mutating func value() -> Bool {
        guard let byte = peek else { return false }
        switch byte {
        case 0x7B: return container(close: 0x7D, keyed: true)
        case 0x5B: return container(close: 0x5D, keyed: false)
        case 0x22: return string()
        case 0x74: return literal("true")
        case 0x66: return literal("false")
        case 0x6E: return literal("null")
        default: return number()
        }
    }

    private mutating func container(close: UInt8, keyed: Bool) -> Bool {
        depth += 1
        guard depth < 512 else { return false }
        index += 1
        skipSpace()
        if peek == close { index += 1; depth -= 1; return true }
        while true {
            if keyed {
                guard peek == 0x22, string() else { return false }
                skipSpace()
                guard peek == 0x3A else { return false }
                index += 1
                skipSpace()
            }
            guard value() else { return false }
            skipSpace()
            guard let byte = peek else { return false }
            index += 1
            if byte == close { depth -= 1; return true }
            guard byte == 0x2C else { index -= 1; return false }
            skipSpace()
        }
    }

    private mutating func string() -> Bool {
        index += 1
        while let byte = peek {
            switch byte {
            case 0x22: index += 1; return true
            case 0x5C:
                index += 1
                guard let escape = peek else { return false }
                if escape == 0x75 {
                    for _ in 0..<4 {
                        index += 1
                        guard let hex = peek, (hex >= 0x30 && hex <= 0x39) || (hex | 0x20 >= 0x61 && hex | 0x20 <= 0x66) else { return false }
                    }
                } else if ![0x22, 0x5C, 0x2F, 0x62, 0x66, 0x6E, 0x72, 0x74].contains(escape) {
                    return false
                }
                index += 1
            case 0x00..<0x20: return false
            case 0x80...:
                guard scalar() else { return false }
            default: index += 1
            }
        }
        return false
    }

    /// One well-formed UTF-8 sequence (no overlongs, surrogates or values past U+10FFFF).
    private mutating func scalar() -> Bool {
        let lead = bytes[index]
        let count: Int, minimum: UInt32
        switch lead {
        case 0xC2...0xDF: count = 2; minimum = 0x80
        case 0xE0...0xEF: count = 3; minimum = 0x800
        case 0xF0...0xF4: count = 4; minimum = 0x10000
        default: return false
        }
        guard index + count <= bytes.count else { return false }
        var value = UInt32(lead) & (count == 2 ? 0x1F : count == 3 ? 0x0F : 0x07)
        for offset in 1..<count {
            let byte = bytes[index + offset]
            guard byte & 0xC0 == 0x80 else { return false }
            value = value << 6 | UInt32(byte & 0x3F)
        }
        guard value >= minimum, value <= 0x10FFFF, !(0xD800...0xDFFF).contains(value) else { return false }
        index += count
        return true
    }

    private mutating func number() -> Bool {
        if peek == 0x2D { index += 1 }
        guard let first = peek, first >= 0x30 && first <= 0x39 else { return false }
        index += 1
        if first != 0x30 { while let byte = peek, byte >= 0x30 && byte <= 0x39 { index += 1 } }
        if peek == 0x2E {
            index += 1
            guard let byte = peek, byte >= 0x30 && byte <= 0x39 else { return false }
            while let byte = peek, byte >= 0x30 && byte <= 0x39 { index += 1 }
        }
        if let byte = peek, byte | 0x20 == 0x65 {
            index += 1
            if peek == 0x2B || peek == 0x2D { index += 1 }
            guard let digit = peek, digit >= 0x30 && digit <= 0x39 else { return false }
            while let byte = peek, byte >= 0x30 && byte <= 0x39 { index += 1 }
        }
        return true
    }
}
