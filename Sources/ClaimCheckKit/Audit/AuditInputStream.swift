import Foundation

/// Every input of an audit as one stream of documents: files, folders (walked
/// recursively), JSON Lines, WARC and gzipped WARC, standard input. An input
/// that cannot be read (missing, a dangling link, a named pipe, a folder that
/// cannot be listed) is a document with its error, in its place in the stream,
/// and the stream goes on.
public struct AuditInputStream {
    /// How to read every input, overriding the extension.
    public enum Format: String, Sendable, CaseIterable { case html, markdown, text, jsonl, warc }

    enum Kind { case document(InputFormat?), jsonl, warc(gzipped: Bool), failure(InputError) }

    /// Each input still to read, with its size when listing found a regular file:
    /// such a document is not looked at again before it is handed out (one `stat`
    /// a file, not two).
    private var queue: [(path: InputPath, kind: Kind, size: Int?)] = []
    private var current: DocumentReader?
    private var finishedBytes = 0
    private let fields: JSONLDocumentReader.Fields
    private let maximumBytes: Int
    /// The size of all inputs, when known (not for standard input).
    public let totalBytes: Int?
    public private(set) var skippedRecords: [String: Int] = [:]

    public init(inputs: [InputPath], format: Format?, include: [String] = [], exclude: [String] = [],
                fields: JSONLDocumentReader.Fields = .init(), maximumBytes: Int = DocumentExtractor().maximumBytes) {
        self.fields = fields
        self.maximumBytes = maximumBytes
        var total: Int? = 0
        func kind(for path: String) -> Kind? {
            if let format {
                switch format {
                case .html: return .document(.html)
                case .markdown: return .document(.markdown)
                case .text: return .document(.text)
                case .jsonl: return .jsonl
                case .warc: return .warc(gzipped: path.lowercased().hasSuffix(".gz"))
                }
            }
            let lower = path.lowercased()
            if lower.hasSuffix(".warc.gz") { return .warc(gzipped: true) }
            if lower.hasSuffix(".warc") { return .warc(gzipped: false) }
            if lower.hasSuffix(".jsonl") || lower.hasSuffix(".ndjson") { return .jsonl }
            if let format = InputFormat.fromExtension(of: path) { return .document(format) }
            return nil
        }
        for input in inputs {
            if input.bytes == Array("-".utf8) {
                queue.append((input, format == nil ? .jsonl : kind(for: "-")!, nil)); total = nil; continue
            }
            switch InputFileReader.inspect(input) {
            case .failure(let error):
                queue.append((input, .failure(error), nil))
            case .success(.folder):
                for entry in FolderWalker.walk(input) {
                    if let error = entry.error { queue.append((entry.path, .failure(error), nil)); continue }
                    let relative = entry.relativeString
                    if !include.isEmpty && !include.contains(where: { Glob.matches($0, relative) }) { continue }
                    if exclude.contains(where: { Glob.matches($0, relative) }) { continue }
                    guard let kind = kind(for: relative) else { continue }
                    // Anything but a regular file is reported when its turn comes.
                    let size: Int? = if case .success(.regular(let size)) = InputFileReader.inspect(entry.path) { size } else { nil }
                    queue.append((entry.path, kind, size))
                    total = total.map { $0 + (size ?? 0) }
                }
            case .success(.regular(let size)):
                queue.append((input, kind(for: input.lossyString) ?? .document(nil), size))
                total = total.map { $0 + size }
            }
        }
        queue.reverse()
        totalBytes = total
    }

    public var bytesRead: Int { finishedBytes + (current?.bytesRead ?? 0) }

    public mutating func next() throws -> AuditDocument? {
        while true {
            if var reader = current {
                let document: AuditDocument?
                do { document = try reader.next() } catch {
                    // A broken stream ends that input, reported as one document; the audit goes on.
                    let message = (error as? InputError)?.message ?? "\(error)"
                    finish(reader)
                    return AuditDocument(id: (error as? InputError)?.path ?? "input", bytes: [], error: message)
                }
                if let document { current = reader; return document }
                finish(reader)
                continue
            }
            guard let (path, kind, listedSize) = queue.popLast() else { return nil }
            let isStandardInput = path.bytes == Array("-".utf8)
            switch kind {
            case .failure(let error):
                return AuditDocument(id: error.path, bytes: [], error: error.message)
            case .document(let format):
                if isStandardInput {
                    let bytes = [UInt8](FileHandle.standardInput.readDataToEndOfFile())
                    finishedBytes += bytes.count
                    return AuditDocument(id: "-", format: format, bytes: bytes)
                }
                // Files are read where they are checked, off this thread; anything
                // but a regular file is reported here, without being opened.
                switch listedSize.map({ .success(.regular(size: $0)) }) ?? InputFileReader.inspect(path) {
                case .failure(let error):
                    return AuditDocument(id: path.display, format: format, bytes: [], error: error.message)
                case .success(.folder):
                    return AuditDocument(id: path.display, format: format, bytes: [], error: "is a folder, not a file")
                case .success(.regular(let size)):
                    finishedBytes += size
                    return AuditDocument(id: path.display, format: format, bytes: [], file: path)
                }
            case .jsonl:
                do {
                    let source = isStandardInput ? FileByteSource(handle: .standardInput) : try FileByteSource(path: path)
                    current = JSONLDocumentReader(source: source, name: isStandardInput ? "-" : path.display, fields: fields)
                } catch {
                    return AuditDocument(id: path.display, bytes: [], error: error.message)
                }
            case .warc(let gzipped):
                do {
                    let file = isStandardInput ? FileByteSource(handle: .standardInput) : try FileByteSource(path: path)
                    let source: ByteSource = gzipped ? GzipByteSource(wrapping: file, path: path.display) : file
                    current = WARCDocumentReader(source: source, name: path.display, maximumBytes: maximumBytes)
                } catch {
                    return AuditDocument(id: path.display, bytes: [], error: error.message)
                }
            }
        }
    }

    private mutating func finish(_ reader: DocumentReader) {
        finishedBytes += reader.bytesRead
        if let warc = reader as? WARCDocumentReader {
            for (type, count) in warc.skipped { skippedRecords[type, default: 0] += count }
        }
        current = nil
    }
}
