import Foundation

/// WARC files (`.warc`, and `.warc.gz` written a gzipped record at a time):
/// `response` records with an HTML body become documents, decoded by the charset
/// of their `Content-Type`; every other record is skipped and counted.
///
/// A damaged record (a `Content-Length` that is missing, negative or not a
/// number, garbage where a record should start) becomes a document with an
/// error naming the record and its byte offset, and reading resumes at the next
/// `WARC/` line. An archive cut short (a record body shorter than declared, the
/// file ending inside headers or inside a gzip member) ends with an error saying
/// where it was cut; the complete records before the cut are still read.
public struct WARCDocumentReader: DocumentReader {
    private var reader: ByteStreamReader
    private let name: String
    /// Pages larger than this are not buffered: their record is skipped with an error.
    public var maximumBytes: Int
    public private(set) var skipped: [String: Int] = [:]
    /// Records begun so far (1-based number of the current one).
    private var records = 0
    private var recordStart = 0
    private var insideRecord = false
    private var finished = false

    /// Header lines longer than this mean the archive is damaged.
    static let headerLineLimit = 1 << 20
    /// A page record's HTTP headers may add this much to the page's own size.
    static let headroom = 1 << 20

    public init(source: ByteSource, name: String, maximumBytes: Int = DocumentExtractor().maximumBytes) {
        self.reader = ByteStreamReader(source)
        self.reader.lineLimit = Self.headerLineLimit
        self.name = name
        self.maximumBytes = maximumBytes
    }

    public var bytesRead: Int { reader.consumed }

    public mutating func next() throws -> AuditDocument? {
        guard !finished else { return nil }
        do {
            return try nextRecord()
        } catch let notWARC as NotAWARCFile {
            finished = true
            throw notWARC.error
        } catch let error as InputError {
            // The source itself failed (a gzip member cut short, a read error): nothing after it can be read.
            finished = true
            let place = insideRecord
                ? "record \(records), which starts at byte \(recordStart) of the archive's WARC data, is incomplete"
                : "after record \(records)"
            return failure("\(error.message); \(place); \(complete)")
        }
    }

    private var complete: String {
        let before = insideRecord ? records - 1 : records
        return before == 1 ? "the 1 record before it was read" : "the \(before) records before it were read"
    }

    private func failure(_ message: String, id: String? = nil) -> AuditDocument {
        AuditDocument(id: id ?? name, bytes: [], error: message)
    }

    /// The archive ended where a record still had bytes to come.
    private mutating func truncated(_ what: String) -> AuditDocument {
        finished = true
        return failure("is truncated at byte \(reader.consumed): \(what); \(complete); copy or download the archive again")
    }

    /// A record whose framing cannot be trusted: report it, then look for the next record.
    private mutating func damaged(_ what: String) throws -> AuditDocument {
        let document = failure("record \(records) (at byte \(recordStart)) \(what); reading resumed at the next record")
        insideRecord = false
        if try !reader.skip(toLineStartingWith: Array("WARC/".utf8)) { finished = true }
        return document
    }

    private mutating func nextRecord() throws -> AuditDocument? {
        while true {
            insideRecord = false
            // Find the version line, skipping the blank lines between records.
            var version: ArraySlice<UInt8>?
            do {
                while true {
                    let before = reader.consumed
                    guard let line = try reader.readLine() else { break }
                    if line.isEmpty { continue }
                    version = line
                    recordStart = before
                    break
                }
            } catch is ByteStreamReader.LineTooLong {
                records += 1
                recordStart = reader.consumed
                return try damaged("is not a WARC record: more than 1 MB without a line break where a record should start")
            }
            guard let versionLine = version else { return nil }
            records += 1
            insideRecord = true
            if reader.lastLineWasUnterminated {
                return truncated("the file ends inside the first line of record \(records)")
            }
            guard versionLine.starts(with: Array("WARC/".utf8)) else {
                let shown = String(decoding: versionLine.prefix(20), as: UTF8.self)
                if records == 1 {
                    throw NotAWARCFile(error: InputError(path: name, message: "is not a WARC file (a record starts with “\(shown)”)"))
                }
                return try damaged("does not start with a WARC/ version line (it starts with “\(shown)”): the archive is damaged there")
            }
            var headers: [String: String] = [:]
            var headersEnded = false
            do {
                while let line = try reader.readLine() {
                    if reader.lastLineWasUnterminated { break }
                    if line.isEmpty { headersEnded = true; break }
                    guard let colon = line.firstIndex(of: UInt8(ascii: ":")) else { continue }
                    let key = String(decoding: line[line.startIndex..<colon], as: UTF8.self).lowercased()
                    headers[key] = String(decoding: line[(colon + 1)...], as: UTF8.self).trimmingCharacters(in: .whitespaces)
                }
            } catch is ByteStreamReader.LineTooLong {
                return try damaged("has a header line longer than 1 MB: the archive is damaged there")
            }
            guard headersEnded else { return truncated("the file ends inside the headers of record \(records) (which starts at byte \(recordStart))") }
            guard let lengthText = headers["content-length"] else {
                return try damaged("has no Content-Length header, so its end cannot be found")
            }
            guard let length = Int(lengthText), length >= 0 else {
                return try damaged("has Content-Length “\(lengthText.prefix(40))”, which is not a number of bytes, so its end cannot be found")
            }
            let type = headers["warc-type"] ?? "unknown"
            let url = headers["warc-target-uri"]
            if length > maximumBytes + Self.headroom {
                if let document = try oversized(length: length, type: type, url: url) { return document }
                continue
            }
            let block = try reader.read(length)
            guard block.count == length else {
                return truncated("record \(records) (from byte \(recordStart)) declares \(length) bytes of content but the archive ends after \(block.count)")
            }
            insideRecord = false
            guard type == "response" else { skipped[type, default: 0] += 1; continue }
            guard let (contentType, body) = Self.httpBody(block) else { skipped["response (not HTTP)", default: 0] += 1; continue }
            guard contentType.lowercased().contains("html") else { skipped[Self.skippedKey(contentType), default: 0] += 1; continue }
            let id = url ?? headers["warc-record-id"] ?? "\(name)#\(reader.consumed)"
            return AuditDocument(id: id, url: url, format: .html, bytes: Self.utf8(body, contentType: contentType))
        }
    }

    /// A record too large to hold in memory: its HTTP head is read, the rest is
    /// passed over. An HTML page is reported as over the limit; anything else
    /// (a video, an archive) is counted as skipped, as smaller ones are.
    private mutating func oversized(length: Int, type: String, url: String?) throws -> AuditDocument? {
        let head = try reader.read(min(length, 64 * 1024))
        let rest = try reader.skip(length - head.count)
        guard head.count + rest == length else {
            return truncated("record \(records) (from byte \(recordStart)) declares \(length) bytes of content but the archive ends after \(head.count + rest)")
        }
        insideRecord = false
        guard type == "response" else { skipped[type, default: 0] += 1; return nil }
        guard let (contentType, _) = Self.httpBody(head) else { skipped["response (not HTTP)", default: 0] += 1; return nil }
        guard contentType.lowercased().contains("html") else { skipped[Self.skippedKey(contentType), default: 0] += 1; return nil }
        let error = ByteSize.overLimit(path: url ?? name, size: length, limit: maximumBytes)
        return AuditDocument(id: url ?? name, url: url, format: .html, bytes: [],
                             error: "record \(records) of \(name) \(error.message)")
    }

    /// The first record is not a WARC record: the file is something else.
    private struct NotAWARCFile: Error { var error: InputError }

    static func skippedKey(_ contentType: String) -> String {
        "response (\(contentType.split(separator: ";").first ?? "no type"))"
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
            guard size < body.count - start else { output += body[start...]; break }   // a chunk cut short
            output += body[start..<start + size]
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
