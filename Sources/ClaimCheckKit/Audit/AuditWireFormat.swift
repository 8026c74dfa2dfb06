/// The frames `claimcheck audit` and its worker processes exchange over a
/// socket: a 17-byte header (kind, length of the fields, length of the body),
/// small fields, then the body as raw bytes. A document's bytes are the body of
/// its frame, written straight from the document's own buffer and read
/// straight into the buffer the checker gets: no other copy is made.
///
///     parent → worker   document  fields: id, url?, format?, error?, file?    body: the document's bytes
///     worker → parent   ready     fields: protocol version                     (once, when the rules are loaded)
///     worker → parent   result    fields: the report's digest                  body: the report's JSON line
///
/// The worker answers documents in the order it receives them, one at a time.
enum AuditFrame {
    enum Kind: UInt8 { case document = 1, ready = 2, result = 3 }

    static let headerSize = 17
    static let protocolVersion = 1
    /// Larger lengths mean the stream is corrupt, not that a document is huge.
    static let lengthLimit = 1 << 40

    struct Header: Equatable {
        var kind: Kind
        var fieldsLength: Int
        var bodyLength: Int
        var frameLength: Int { AuditFrame.headerSize + fieldsLength + bodyLength }
    }

    static func header(_ kind: Kind, fields: Int, body: Int) -> [UInt8] {
        var writer = WireWriter()
        writer.byte(kind.rawValue)
        writer.integer(fields)
        writer.integer(body)
        return writer.bytes
    }

    static func parseHeader(_ bytes: UnsafeRawBufferPointer) throws(AuditWireError) -> Header {
        var reader = WireReader(bytes)
        let raw = try reader.byte()
        guard let kind = Kind(rawValue: raw) else { throw AuditWireError("unknown frame kind \(raw)") }
        let fields = try reader.integer(), body = try reader.integer()
        guard fields <= lengthLimit, body <= lengthLimit else { throw AuditWireError("frame lengths \(fields) and \(body) are not believable") }
        return Header(kind: kind, fieldsLength: fields, bodyLength: body)
    }

    /// A document's fields; its bytes go separately as the body.
    static func documentFields(_ document: AuditDocument) -> [UInt8] {
        var writer = WireWriter()
        writer.string(document.id)
        writer.optionalString(document.url)
        writer.optionalString(document.format?.rawValue)
        writer.optionalString(document.error)
        if let file = document.file {
            writer.byte(1)
            writer.blob(file.bytes)
        } else {
            writer.byte(0)
        }
        return writer.bytes
    }

    static func document(fields: UnsafeRawBufferPointer, body: [UInt8]) throws(AuditWireError) -> AuditDocument {
        var reader = WireReader(fields)
        let id = try reader.string()
        let url = try reader.optionalString()
        let format = try reader.optionalString().flatMap(InputFormat.init(rawValue:))
        let error = try reader.optionalString()
        let file = try reader.byte() == 1 ? InputPath(bytes: try reader.blob()) : nil
        return AuditDocument(id: id, url: url, format: format, bytes: body, error: error, file: file)
    }

    static func readyFields() -> [UInt8] {
        var writer = WireWriter()
        writer.integer(protocolVersion)
        return writer.bytes
    }

    static func resultFields(_ digest: ReportDigest) -> [UInt8] {
        var writer = WireWriter()
        digest.encode(into: &writer)
        return writer.bytes
    }
}

/// The worker stream held something that is not a frame of this protocol.
struct AuditWireError: Error, CustomStringConvertible {
    var description: String
    init(_ description: String) { self.description = description }
}

/// Little-endian integers, length-prefixed strings and byte blobs.
struct WireWriter {
    var bytes: [UInt8] = []

    mutating func byte(_ value: UInt8) { bytes.append(value) }

    mutating func integer(_ value: Int) {
        var little = UInt64(value).littleEndian
        withUnsafeBytes(of: &little) { bytes.append(contentsOf: $0) }
    }

    mutating func blob(_ value: [UInt8]) {
        integer(value.count)
        bytes.append(contentsOf: value)
    }

    mutating func string(_ value: String) {
        var value = value
        value.withUTF8 { utf8 in
            integer(utf8.count)
            bytes.append(contentsOf: utf8)
        }
    }

    mutating func optionalString(_ value: String?) {
        guard let value else { byte(0); return }
        byte(1)
        string(value)
    }
}

struct WireReader {
    private let bytes: UnsafeRawBufferPointer
    private var offset = 0

    init(_ bytes: UnsafeRawBufferPointer) { self.bytes = bytes }

    private mutating func take(_ count: Int) throws(AuditWireError) -> UnsafeRawBufferPointer {
        guard count >= 0, count <= bytes.count - offset else { throw AuditWireError("a field runs past the end of its frame") }
        defer { offset += count }
        return UnsafeRawBufferPointer(rebasing: bytes[offset..<offset + count])
    }

    mutating func byte() throws(AuditWireError) -> UInt8 { try take(1)[0] }

    mutating func integer() throws(AuditWireError) -> Int {
        let raw = try take(8)
        var value: UInt64 = 0
        for index in (0..<8).reversed() { value = value << 8 | UInt64(raw[index]) }
        guard value <= UInt64(Int.max) else { throw AuditWireError("an integer field is out of range") }
        return Int(value)
    }

    mutating func blob() throws(AuditWireError) -> [UInt8] { Array(try take(try integer())) }

    mutating func string() throws(AuditWireError) -> String { String(decoding: try take(try integer()), as: UTF8.self) }

    mutating func optionalString() throws(AuditWireError) -> String? {
        try byte() == 0 ? nil : try string()
    }
}
