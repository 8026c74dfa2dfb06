import ArgumentParser
import ClaimCheckKit
import Foundation

enum AuditInputFormat: String, ExpressibleByArgument, CaseIterable { case html, markdown, text, jsonl, warc }

struct AuditCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "audit",
        abstract: "Audit many documents: folders, JSONL or WARC, on every core, as streaming JSONL.",
        discussion: """
        Reads folders (recursively), JSON Lines files (one document a line:
        {"id": …, "url": …, "content": …, "format": …}), WARC and gzipped WARC files
        (HTTP responses with HTML bodies), or - for standard input (JSONL unless
        --input-format says otherwise). Writes one JSON report a line, in input
        order unless --unordered, and a summary at the end: verdicts by kind, rule
        and region, the documents with most flags, and the speakers and quotes that
        recur across documents.

        Examples:
          claimcheck audit crawl/ --output reports.jsonl --summary summary.json
          claimcheck audit pages.warc.gz --jobs 2 --output reports.jsonl
          claimcheck audit crawl/ --output reports.jsonl --resume      after a crash or kill
          claimcheck audit crawl/ --shard 3/8 --output part-3.jsonl   one eighth, stable by id
          cat docs.jsonl | claimcheck audit - > reports.jsonl
        """
    )

    @Argument(help: ArgumentHelp("Folders, files (.html, .md, .txt, .jsonl, .warc, .warc.gz), or - for standard input.", valueName: "input"))
    var inputs: [String]

    @Option(help: ArgumentHelp("Read every input as html, markdown, text, jsonl or warc.", valueName: "format"))
    var inputFormat: AuditInputFormat?

    @Option(help: ArgumentHelp("Only files in folders whose path matches this glob (repeatable), e.g. '**/*.html'.", valueName: "glob"))
    var include: [String] = []

    @Option(help: ArgumentHelp("Skip files in folders whose path matches this glob (repeatable).", valueName: "glob"))
    var exclude: [String] = []

    @Option(help: "Documents checked in parallel (default: the number of cores).")
    var jobs: Int = ProcessInfo.processInfo.activeProcessorCount

    @Flag(help: "Write reports as they finish instead of in input order.")
    var unordered = false

    @Option(name: .shortAndLong, help: ArgumentHelp("Write the JSONL reports to this file (default: standard output).", valueName: "file"))
    var output: String?

    @Flag(help: "Skip documents already in the output file; a torn last line is removed and its document redone.")
    var resume = false

    @Option(help: ArgumentHelp("Also write the summary as JSON to this file.", valueName: "file"))
    var summary: String?

    @Option(help: ArgumentHelp("Process only shard I of N (1-based), chosen by a stable hash of each document's id.", valueName: "I/N"))
    var shard: String?

    @Flag(help: "No progress line and no text summary.")
    var quiet = false

    @Option(help: "JSONL field holding the document id.") var idField = "id"
    @Option(help: "JSONL field holding the document URL.") var urlField = "url"
    @Option(help: "JSONL field holding the document text.") var contentField = "content"
    @Option(help: "JSONL field holding the document format (html, markdown, text).") var formatField = "format"

    @Option(help: ArgumentHelp("Config file (default: the nearest .claimcheck.yml above the first input).", valueName: "file"))
    var config: String?

    @OptionGroup var location: RulesLocation

    func validate() throws {
        if jobs < 1 { throw ValidationError("--jobs must be at least 1") }
        if resume && output == nil { throw ValidationError("--resume needs --output FILE: it continues that file") }
        if let shard, parseShard(shard) == nil { throw ValidationError("--shard takes I/N with 1 <= I <= N, e.g. 2/8 (got '\(shard)')") }
    }

    func parseShard(_ text: String) -> (Int, Int)? {
        let parts = text.split(separator: "/")
        guard parts.count == 2, let index = Int(parts[0]), let count = Int(parts[1]), count >= 1, (1...count).contains(index) else { return nil }
        return (index, count)
    }

    func run() throws {
        let configPath = config ?? Configuration.find(forInput: inputs.first ?? ".")
        var configuration = Configuration()
        if let configPath {
            do { configuration = try Configuration.load(path: configPath) } catch {
                FileHandle.standardError.write(Data((error.description + "\n").utf8)); throw ExitCode(2)
            }
        }
        let checker = try location.loadChecker(configuration: configuration)
        var fields = JSONLDocumentReader.Fields()
        fields.id = idField; fields.url = urlField; fields.content = contentField; fields.format = formatField
        var stream = try AuditInputStream(inputs: inputs, format: inputFormat, include: include, exclude: exclude, fields: fields)

        var done = Set<String>()
        let sink: FileHandle
        if let output {
            if resume, FileManager.default.fileExists(atPath: output) {
                done = try ResumeLog.completedIDs(in: output)
            } else {
                _ = FileManager.default.createFile(atPath: output, contents: nil)
            }
            guard let handle = FileHandle(forWritingAtPath: output) else {
                FileHandle.standardError.write(Data("claimcheck: cannot write \(output)\n".utf8)); throw ExitCode(2)
            }
            handle.seekToEndOfFile()
            sink = handle
        } else {
            sink = .standardOutput
        }

        let shardSpec = shard.flatMap(parseShard)
        let progress = Progress(enabled: !quiet && isatty(2) != 0, totalBytes: stream.totalBytes)
        var builder = AuditSummary.Builder()
        let runner = AuditRunner(checker: checker, options: .init(jobs: jobs, ordered: !unordered))
        var skippedResume = 0
        try runner.run(next: {
            while let document = try stream.next() {
                if let (index, count) = shardSpec, AuditRunner.shard(of: document.id, count: count) != index { continue }
                if done.contains(document.id) { skippedResume += 1; continue }
                return document
            }
            return nil
        }, emit: { result in
            sink.write(Data(result.line))   // one whole line per write
            builder.add(result.report)
            progress.update(documents: builder.summary.documents, bytes: stream.bytesRead)
        })
        progress.finish()
        builder.addSkipped(stream.skippedRecords)
        let result = builder.finish()
        if let summary {
            let encoder = JSONEncoder()
            encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
            try encoder.encode(result).write(to: URL(fileURLWithPath: summary))
        }
        if !quiet {
            var text = result.text()
            if skippedResume > 0 { text += "  resumed: \(skippedResume) documents already in \(output ?? "the output") were skipped\n" }
            FileHandle.standardError.write(Data(text.utf8))
        }
    }
}

/// Every input of an audit as one stream of documents.
struct AuditInputStream {
    enum Kind { case document(InputFormat?), jsonl, warc(gzipped: Bool) }

    private var queue: [(path: String, kind: Kind)] = []
    private var current: DocumentReader?
    private var finishedBytes = 0
    private let fields: JSONLDocumentReader.Fields
    let totalBytes: Int?
    private(set) var skippedRecords: [String: Int] = [:]

    init(inputs: [String], format: AuditInputFormat?, include: [String], exclude: [String], fields: JSONLDocumentReader.Fields) throws {
        self.fields = fields
        var total: Int? = 0
        let fileManager = FileManager.default
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
            if input == "-" {
                queue.append(("-", format == nil ? .jsonl : kind(for: "-")!)); total = nil; continue
            }
            var isDirectory: ObjCBool = false
            guard fileManager.fileExists(atPath: input, isDirectory: &isDirectory) else {
                throw ValidationError("\(input): no such file or folder")
            }
            if isDirectory.boolValue {
                let files = (fileManager.enumerator(atPath: input)?.allObjects as? [String] ?? []).sorted()
                for relative in files {
                    if !include.isEmpty && !include.contains(where: { Glob.matches($0, relative) }) { continue }
                    if exclude.contains(where: { Glob.matches($0, relative) }) { continue }
                    let path = (input as NSString).appendingPathComponent(relative)
                    guard let kind = kind(for: path) else { continue }
                    queue.append((path, kind))
                    total = total.map { $0 + Self.size(of: path) }
                }
            } else {
                queue.append((input, kind(for: input) ?? .document(nil)))
                total = total.map { $0 + Self.size(of: input) }
            }
        }
        queue.reverse()
        totalBytes = total
    }

    var bytesRead: Int { finishedBytes + (current?.bytesRead ?? 0) }

    /// A file's size (stat), for progress; nothing is kept per file but its path.
    static func size(of path: String) -> Int {
        var info = stat()
        return stat(path, &info) == 0 ? Int(info.st_size) : 0
    }

    mutating func next() throws -> AuditDocument? {
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
            guard let (path, kind) = queue.popLast() else { return nil }
            switch kind {
            case .document(let format):
                if path == "-" {
                    let bytes = [UInt8](FileHandle.standardInput.readDataToEndOfFile())
                    finishedBytes += bytes.count
                    return AuditDocument(id: path, format: format, bytes: bytes)
                }
                // Files are read by the worker that checks them, off this thread.
                finishedBytes += Self.size(of: path)
                return AuditDocument(id: path, format: format, bytes: [], path: path)
            case .jsonl:
                do { current = JSONLDocumentReader(source: try FileByteSource(path: path), name: path, fields: fields) } catch {
                    return AuditDocument(id: path, bytes: [], error: (error as? InputError)?.message ?? "\(error)")
                }
            case .warc(let gzipped):
                do {
                    let file = try FileByteSource(path: path)
                    let source: ByteSource = gzipped ? GzipByteSource(wrapping: file, path: path) : file
                    current = WARCDocumentReader(source: source, name: path)
                } catch {
                    return AuditDocument(id: path, bytes: [], error: (error as? InputError)?.message ?? "\(error)")
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

/// Reading back an interrupted output file for `--resume`.
enum ResumeLog {
    /// Ids of the reports already written; a torn last line is cut off so that
    /// its document is checked again.
    static func completedIDs(in path: String) throws -> Set<String> {
        guard let data = FileManager.default.contents(atPath: path) else { return [] }
        var ids = Set<String>()
        var validEnd = 0
        var lineStart = 0
        let bytes = [UInt8](data)
        for index in bytes.indices where bytes[index] == 0x0A {
            let line = Data(bytes[lineStart..<index])
            if let object = try? JSONSerialization.jsonObject(with: line) as? [String: Any], let source = object["source"] as? String {
                ids.insert(source)
                validEnd = index + 1
            } else {
                break   // a broken line: everything from here is redone
            }
            lineStart = index + 1
        }
        if validEnd < bytes.count, let handle = FileHandle(forWritingAtPath: path) {
            handle.truncateFile(atOffset: UInt64(validEnd))
            handle.closeFile()
        }
        return ids
    }
}

/// A progress line on the terminal: documents, MB/s, and the time left when the
/// total size is known.
final class Progress {
    let enabled: Bool
    let totalBytes: Int?
    let start = Date()
    var last = Date.distantPast

    init(enabled: Bool, totalBytes: Int?) {
        self.enabled = enabled
        self.totalBytes = totalBytes
    }

    func update(documents: Int, bytes: Int) {
        guard enabled, Date().timeIntervalSince(last) > 0.25 else { return }
        last = Date()
        let elapsed = max(0.001, Date().timeIntervalSince(start))
        let rate = Double(bytes) / 1_000_000 / elapsed
        var line = String(format: "\r%d document%@, %.1f MB, %.1f MB/s", documents, documents == 1 ? "" : "s",
                          Double(bytes) / 1_000_000, rate)
        if let totalBytes, bytes > 0, totalBytes > bytes {
            let remaining = Double(totalBytes - bytes) / (Double(bytes) / elapsed)
            line += String(format: ", %d:%02d left", Int(remaining) / 60, Int(remaining) % 60)
        }
        FileHandle.standardError.write(Data((line + "   ").utf8))
    }

    func finish() {
        guard enabled, last != .distantPast else { return }
        FileHandle.standardError.write(Data("\r\u{1B}[K".utf8))
    }
}
