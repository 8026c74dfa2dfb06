/// The fields of an `application/x-www-form-urlencoded` body or a query string:
/// `name=value` pairs joined by `&`, `+` for a space and `%XX` for a byte.
struct FormFields: Sendable, Equatable {
    var values: [String: String]

    subscript(name: String) -> String? { values[name] }

    init(_ values: [String: String] = [:]) { self.values = values }

    /// Parses `bytes`; the first of repeated names wins. Malformed escapes and
    /// bytes that do not decode as UTF-8 are errors, not silently replaced.
    init(parsing bytes: some Collection<UInt8>) throws(ServerError) {
        var values: [String: String] = [:]
        for pair in bytes.split(separator: UInt8(ascii: "&"), omittingEmptySubsequences: true) {
            let parts = pair.split(separator: UInt8(ascii: "="), maxSplits: 1, omittingEmptySubsequences: false)
            let name = try Self.decode(parts[0])
            let value = parts.count > 1 ? try Self.decode(parts[1]) : ""
            if values[name] == nil { values[name] = value }
        }
        self.values = values
    }

    private static func decode(_ bytes: some Collection<UInt8>) throws(ServerError) -> String {
        var out: [UInt8] = []
        out.reserveCapacity(bytes.count)
        var index = bytes.startIndex
        while index != bytes.endIndex {
            let byte = bytes[index]
            if byte == UInt8(ascii: "+") {
                out.append(0x20)
            } else if byte == UInt8(ascii: "%") {
                let first = bytes.index(after: index)
                guard first != bytes.endIndex, bytes.index(after: first) != bytes.endIndex,
                      let high = hex(bytes[first]), let low = hex(bytes[bytes.index(after: first)]) else {
                    throw .badRequest("the form has a '%' that is not followed by two hex digits",
                                      fix: "percent-encode the fields (application/x-www-form-urlencoded), e.g. with curl --data-urlencode")
                }
                out.append(high << 4 | low)
                index = bytes.index(after: first)
            } else {
                out.append(byte)
            }
            index = bytes.index(after: index)
        }
        guard let text = String(validating: out, as: UTF8.self) else {
            throw .badRequest("a form field is not UTF-8 text", fix: "encode the text as UTF-8 before percent-encoding it")
        }
        return text
    }

    private static func hex(_ byte: UInt8) -> UInt8? {
        switch byte {
        case UInt8(ascii: "0")...UInt8(ascii: "9"): byte - UInt8(ascii: "0")
        case UInt8(ascii: "a")...UInt8(ascii: "f"): byte - UInt8(ascii: "a") + 10
        case UInt8(ascii: "A")...UInt8(ascii: "F"): byte - UInt8(ascii: "A") + 10
        default: nil
        }
    }
}
