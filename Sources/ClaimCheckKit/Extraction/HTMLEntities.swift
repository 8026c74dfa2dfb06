/// Decodes the character references that Markdown and plain text sources hold,
/// so that text mapped from them lines up with the source byte for byte.
enum HTMLEntities {
    static let named: [String: Unicode.Scalar] = [
        "amp": "&", "lt": "<", "gt": ">", "quot": "\"", "apos": "'", "nbsp": "\u{A0}", "mdash": "\u{2014}",
        "ndash": "\u{2013}", "rsquo": "\u{2019}", "lsquo": "\u{2018}", "ldquo": "\u{201C}", "rdquo": "\u{201D}",
        "hellip": "\u{2026}", "copy": "\u{A9}", "reg": "\u{AE}", "trade": "\u{2122}", "middot": "\u{B7}",
        "rarr": "\u{2192}", "larr": "\u{2190}", "eacute": "\u{E9}", "egrave": "\u{E8}", "uuml": "\u{FC}",
        "ouml": "\u{F6}", "auml": "\u{E4}", "ntilde": "\u{F1}", "ccedil": "\u{E7}", "deg": "\u{B0}", "times": "\u{D7}",
        "bull": "\u{2022}", "laquo": "\u{AB}", "raquo": "\u{BB}", "shy": "\u{AD}", "micro": "\u{B5}", "plusmn": "\u{B1}",
    ]

    /// If `bytes[index]` starts a character reference, its length and UTF-8 value.
    static func decode(_ bytes: UnsafeBufferPointer<UInt8>, at index: Int) -> (length: Int, value: [UInt8])? {
        guard index < bytes.count, bytes[index] == UInt8(ascii: "&") else { return nil }
        var end = index + 1
        while end < bytes.count, end - index <= 32, bytes[end] != UInt8(ascii: ";") {
            let byte = bytes[end]
            guard (byte >= 0x30 && byte <= 0x39) || (byte | 0x20 >= 0x61 && byte | 0x20 <= 0x7A) || byte == UInt8(ascii: "#") else { return nil }
            end += 1
        }
        guard end < bytes.count, bytes[end] == UInt8(ascii: ";"), end > index + 1 else { return nil }
        let name = String(decoding: UnsafeBufferPointer(rebasing: bytes[(index + 1)..<end]), as: UTF8.self)
        let scalar: Unicode.Scalar?
        if name.hasPrefix("#x") || name.hasPrefix("#X") {
            scalar = UInt32(name.dropFirst(2), radix: 16).flatMap(Unicode.Scalar.init)
        } else if name.hasPrefix("#") {
            scalar = UInt32(name.dropFirst()).flatMap(Unicode.Scalar.init)
        } else {
            scalar = named[name]
        }
        guard let scalar else { return nil }
        var value: [UInt8] = []
        UTF8.encode(scalar) { value.append($0) }
        return (end + 1 - index, value)
    }
}
