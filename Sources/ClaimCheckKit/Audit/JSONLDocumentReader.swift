import Foundation

/// JSON Lines, one document a line: `{"id": …, "url": …, "content": …, "format": …}`.
/// Field names are configurable; a line that is not a JSON object becomes a
/// document with an error, and the run goes on.
public struct JSONLDocumentReader: DocumentReader {
    public struct Fields: Sendable {
        public var id = "id", url = "url", content = "content", format = "format"
        public init() {}
    }

    private var reader: ByteStreamReader
    private let fields: Fields
    private let name: String
    private var lineNumber = 0

    public init(source: ByteSource, name: String, fields: Fields = Fields()) {
        self.reader = ByteStreamReader(source)
        self.name = name
        self.fields = fields
    }

    public var bytesRead: Int { reader.consumed }

    public mutating func next() throws -> AuditDocument? {
        while let line = try reader.readLine() {
            lineNumber += 1
            if line.allSatisfy({ $0 == 0x20 || $0 == 0x09 }) { continue }
            let fallbackID = "\(name):\(lineNumber)"
            guard let object = try? JSONSerialization.jsonObject(with: Data(line)) as? [String: Any] else {
                return AuditDocument(id: fallbackID, bytes: [], error: "line \(lineNumber) is not a JSON object")
            }
            let id = (object[fields.id] as? String) ?? (object[fields.id] as? NSNumber)?.stringValue ?? fallbackID
            guard let content = object[fields.content] as? String else {
                return AuditDocument(id: id, url: object[fields.url] as? String, bytes: [],
                                     error: "line \(lineNumber) has no text field `\(fields.content)`; name it with --content-field")
            }
            let format = (object[fields.format] as? String).flatMap { InputFormat(rawValue: $0.lowercased()) }
            return AuditDocument(id: id, url: object[fields.url] as? String, format: format, bytes: Array(content.utf8))
        }
        return nil
    }
}
