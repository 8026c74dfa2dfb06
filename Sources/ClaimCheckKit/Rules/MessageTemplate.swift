/// Fills `{name}` placeholders of a rule's message. Unknown names stay as written,
/// so a typo in a rule file shows up in the output instead of vanishing.
enum MessageTemplate {
    static func fill(_ template: String, _ values: [String: String]) -> String {
        if let filled = fillBytes(template, values) { return filled }
        return fillCharacters(template, values)
    }

    /// Whether a scalar can only stand alone in a grapheme next to an ASCII brace:
    /// ASCII, Latin-1, and the general punctuation of messages (dashes, curly quotes,
    /// ellipsis), none of which joins the character before or after it.
    @inline(__always) static func standsAlone(_ scalar: Unicode.Scalar) -> Bool {
        let value = scalar.value
        return value < 0x300 || (0x2010...0x2027).contains(value) || (0x2030...0x205E).contains(value)
    }

    /// The same as `fillCharacters`, byte by byte, for a template whose characters
    /// all stand alone (where a brace byte is always a brace character); nil for any other.
    /// Reading a message by `Character` cost more than the rule that raised it.
    static func fillBytes(_ template: String, _ values: [String: String]) -> String? {
        guard template.unicodeScalars.allSatisfy(standsAlone) else { return nil }
        let bytes = Array(template.utf8)
        guard let firstOpen = bytes.firstIndex(of: UInt8(ascii: "{")) else { return template }
        var result: [UInt8] = []
        result.reserveCapacity(bytes.count + 64)
        var rest = 0
        var open: Int? = firstOpen
        while let start = open {
            result += bytes[rest..<start]
            guard let close = bytes[start...].firstIndex(of: UInt8(ascii: "}")) else { break }
            let name = String(decoding: bytes[(start + 1)..<close], as: UTF8.self)
            if let value = values[name] { result += value.utf8 } else { result += bytes[start...close] }
            rest = close + 1
            open = bytes[rest...].firstIndex(of: UInt8(ascii: "{"))
        }
        result += bytes[rest...]
        return String(decoding: result, as: UTF8.self)
    }

    static func fillCharacters(_ template: String, _ values: [String: String]) -> String {
        guard template.contains("{") else { return template }
        var result = ""
        var rest = Substring(template)
        while let open = rest.firstIndex(of: "{") {
            result += rest[..<open]
            guard let close = rest[open...].firstIndex(of: "}") else { break }
            let name = String(rest[rest.index(after: open)..<close])
            if let value = values[name] { result += value } else { result += rest[open...close] }
            rest = rest[rest.index(after: close)...]
        }
        result += rest
        return result
    }
}
