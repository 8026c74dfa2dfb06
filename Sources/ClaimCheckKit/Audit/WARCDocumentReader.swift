import Foundation

/// WARC files (`.warc`, and `.warc.gz` written a gzipped record at a time):
/// `response` records with an HTML body become documents, decoded by the charset
/// of their `Content-Type`; every other record is skipped and counted.
public struct WARCDocumentReader: DocumentReader {
    private var reader: ByteStreamReader
    private let name: String
    public private(set) var skipped: [String: Int] = [:]

    public init(source: ByteSource, name: String) {
        self.reader = ByteStreamReader(source)
        self.name = name
    }

    public var bytesRead: Int { reader.consumed }

    public mutating func next() throws -> AuditDocument? {
        while true {
            // Find the version line, skipping the blank lines between records.
            var version: ArraySlice<UInt8>?
            while let line = try reader.readLine() {
                if line.isEmpty { continue }
                version = line
                break
            }
            guard let versionLine = version else { return nil }
            guard versionLine.starts(with: Array("WARC/".utf8)) else {
                throw InputError(path: name, message: "is not a WARC file (a record starts with “\(String(decoding: versionLine.prefix(20), as: UTF8.self))”)")
            }
            var headers: [String: String] = [:]
            while let line = try reader.readLine(), !line.isEmpty {
                guard let colon = line.firstIndex(of: UInt8(ascii: ":")) else { continue }
                let key = String(decoding: line[line.startIndex..<colon], as: UTF8.self).lowercased()
                headers[key] = String(decoding: line[(colon + 1)...], as: UTF8.self).trimmingCharacters(in: .whitespaces)
            }
            let length = Int(headers["content-length"] ?? "") ?? 0
            let block = try reader.read(length)
            let type = headers["warc-type"] ?? "unknown"
            guard type == "response" else { skipped[type, default: 0] += 1; continue }
            guard let (contentType, body) = Self.httpBody(block) else { skipped["response (not HTTP)", default: 0] += 1; continue }
            guard contentType.lowercased().contains("html") else { skipped["response (\(contentType.split(separator: ";").first ?? "no type"))", default: 0] += 1; continue }
            let url = headers["warc-target-uri"]
            let id = url ?? headers["warc-record-id"] ?? "\(name)#\(reader.consumed)"
            return AuditDocument(id: id, url: url, format: .html, bytes: Self.utf8(body, contentType: contentType))
        }
    }

    /// The Content-Type and body of an HTTP response block (chunked bodies joined).
    static func httpBody(_ block: [UInt8]) -> (String, [UInt8])? {
        guard block.starts(with: Array("HTTP/".utf8)),
              let end = block.firstRange(of: Array("\r\n\r\n".utf8)) else { return nil }
        let head = String(decoding: block[..<end.lowerBound], as: UTF8.self)
        var contentType = ""
        var chunked = false
        for line in head.split(separator: "\r\n").dropFirst() {
            let parts = line.split(separator: ":", maxSplits: 1)
            guard parts.count == 2 else { continue }
            let key = parts[0].lowercased(), value = parts[1].trimmingCharacters(in: .whitespaces)
            if key == "content-type" { contentType = value }
            if key == "transfer-encoding", value.lowercased().contains("chunked") { chunked = true }
        }
        var body = Array(block[end.upperBound...])
        if chunked { body = dechunk(body) }
        return (contentType, body)
    }

    static func dechunk(_ body: [UInt8]) -> [UInt8] {
        var output: [UInt8] = []
        var index = 0
        while index < body.count, let lineEnd = body[index...].firstRange(of: [0x0D, 0x0A]) {
            let sizeText = String(decoding: body[index..<lineEnd.lowerBound], as: UTF8.self).split(separator: ";").first ?? ""
            guard let size = Int(sizeText.trimmingCharacters(in: .whitespaces), radix: 16), size > 0 else { break }
            let start = lineEnd.upperBound
            output += body[start..<min(body.count, start + size)]
            index = start + size + 2
        }
        return output
    }

    /// Bodies declared in another charset are converted to UTF-8 here, so that the
    /// page's own `<meta>` cannot contradict what the server said.
    static func utf8(_ body: [UInt8], contentType: String) -> [UInt8] {
        guard let range = contentType.lowercased().firstRange(of: "charset=") else { return body }
        let charset = contentType.lowercased()[range.upperBound...].trimmingCharacters(in: CharacterSet(charactersIn: "\"' ;"))
        switch charset {
        case "utf-8", "utf8", "us-ascii", "ascii": return body
        case "iso-8859-1", "latin1", "latin-1", "windows-1252", "cp1252":
            if DecodedSource.isValidUTF8(body) { return body }
            return DecodedSource(bytes: body, declaredHint: false).utf8
        case "utf-16", "utf-16le", "utf-16be":
            let encoding: String.Encoding = charset == "utf-16be" ? .utf16BigEndian : charset == "utf-16le" ? .utf16LittleEndian : .utf16
            return String(data: Data(body), encoding: encoding).map { Array($0.utf8) } ?? body
        default:
            // Other charsets: the page's own detection (valid UTF-8, else windows-1252).
            return body
        }
    }
}
