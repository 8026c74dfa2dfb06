import CLibXML2

/// What an element's attributes tell extraction, read in one pass over the list
/// libxml2 hands a SAX callback (names already lower-cased). Only `class`, `id`,
/// `role`, `href`, `itemprop` and a link's `rel` matter. Values are read as bytes
/// where they are; a String is made only for a canonical link's `href` and for a
/// `role`, `itemprop` or `rel` value that is not all ASCII (where Unicode case
/// mapping and character boundaries decide, as before).
struct ElementAttributes {
    /// The region words of the `class`, `id` and `role` values.
    var words = RegionClassifier.WordClasses.none
    var hasHref = false
    var isArticleBody = false
    var isRoleMain = false
    /// The `href` of `<link rel="canonical">`.
    var canonicalHref: String?

    init(_ attributes: UnsafeMutablePointer<UnsafePointer<xmlChar>?>?, isLink: Bool) {
        guard var cursor = attributes else { return }
        var isCanonical = false
        var href: UnsafePointer<UInt8>?
        while let key = cursor.pointee {
            let value = cursor.advanced(by: 1).pointee
            switch Self.name(key) {
            case .classOrID:
                if let value { words.add(value) }
            case .role:
                if let value {
                    words.add(value)
                    if Self.lowercasedEquals(value, "main") { isRoleMain = true }
                }
            case .href:
                hasHref = true
                if isLink { href = value }
            case .itemprop:
                if let value, Self.asciiLowercasedContains(value, "articlebody")
                    ?? String(cString: value).lowercased().contains("articlebody") { isArticleBody = true }
            case .rel:
                if isLink, let value, Self.lowercasedEquals(value, "canonical") { isCanonical = true }
            case nil: break
            }
            cursor = cursor.advanced(by: 2)
        }
        if isCanonical { canonicalHref = href.map { String(cString: $0) } }
    }

    private enum Name { case classOrID, role, href, itemprop, rel }

    /// Which of the attributes that matter `key` names (exact bytes, as `strcmp` compares).
    @inline(__always)
    private static func name(_ key: UnsafePointer<UInt8>) -> Name? {
        switch key[0] {
        case UInt8(ascii: "c"): return isRest(key, "class") ? .classOrID : nil
        case UInt8(ascii: "i"):
            if key[1] == UInt8(ascii: "d") && key[2] == 0 { return .classOrID }
            return isRest(key, "itemprop") ? .itemprop : nil
        case UInt8(ascii: "r"):
            if isRest(key, "role") { return .role }
            return isRest(key, "rel") ? .rel : nil
        case UInt8(ascii: "h"): return isRest(key, "href") ? .href : nil
        default: return nil
        }
    }

    /// Whether `key` is exactly `literal` (its NUL included).
    @inline(__always)
    private static func isRest(_ key: UnsafePointer<UInt8>, _ literal: StaticString) -> Bool {
        let bytes = literal.utf8Start
        for index in 0..<literal.utf8CodeUnitCount where key[index] != bytes[index] { return false }
        return key[literal.utf8CodeUnitCount] == 0
    }

    /// `String(cString: value).lowercased() == word` for a lower-case ASCII `word`:
    /// compared as bytes when the value is ASCII, else through the String.
    private static func lowercasedEquals(_ value: UnsafePointer<UInt8>, _ word: StaticString) -> Bool {
        let bytes = word.utf8Start
        var index = 0
        while true {
            let byte = value[index]
            if byte >= 0x80 { return String(cString: value).lowercased() == word.description }
            if byte == 0 { return index == word.utf8CodeUnitCount }
            if index >= word.utf8CodeUnitCount || lowered(byte) != bytes[index] { return isASCII(value, from: index) ? false : String(cString: value).lowercased() == word.description }
            index += 1
        }
    }

    /// `String(cString: value).lowercased().contains(word)` for a lower-case ASCII
    /// `word` and an ASCII value, searched as bytes (every ASCII byte but CR LF is a
    /// character of its own, and the word holds neither); nil for any other value.
    private static func asciiLowercasedContains(_ value: UnsafePointer<UInt8>, _ word: StaticString) -> Bool? {
        guard isASCII(value, from: 0) else { return nil }
        let bytes = word.utf8Start, count = word.utf8CodeUnitCount
        var start = 0
        while value[start] != 0 {
            var offset = 0
            while offset < count, value[start + offset] != 0, lowered(value[start + offset]) == bytes[offset] { offset += 1 }
            if offset == count { return true }
            start += 1
        }
        return false
    }

    @inline(__always)
    private static func lowered(_ byte: UInt8) -> UInt8 {
        byte >= 0x41 && byte <= 0x5A ? byte | 0x20 : byte
    }

    private static func isASCII(_ value: UnsafePointer<UInt8>, from start: Int) -> Bool {
        var index = start
        while value[index] != 0 {
            if value[index] >= 0x80 { return false }
            index += 1
        }
        return true
    }
}
