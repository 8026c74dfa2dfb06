import Foundation
import Testing
@testable import ClaimCheckKit

/// A byte source over an array, in small chunks (to cross chunk boundaries).
struct ArraySource: ByteSource {
    var bytes: [UInt8]
    var chunk = 7
    var offset = 0
    mutating func next() throws -> [UInt8]? {
        guard offset < bytes.count else { return nil }
        defer { offset += chunk }
        return Array(bytes[offset..<min(bytes.count, offset + chunk)])
    }
}

func gzip(_ bytes: [UInt8]) throws -> [UInt8] {
    let process = Process()
    process.executableURL = URL(fileURLWithPath: "/bin/gzip")
    process.arguments = ["-c"]
    let input = Pipe(), output = Pipe()
    process.standardInput = input
    process.standardOutput = output
    try process.run()
    input.fileHandleForWriting.write(Data(bytes))
    try input.fileHandleForWriting.close()
    let data = output.fileHandleForReading.readDataToEndOfFile()
    process.waitUntilExit()
    return [UInt8](data)
}

func warcRecord(type: String, uri: String, block: String) -> [UInt8] {
    let body = Array(block.utf8)
    let head = "WARC/1.0\r\nWARC-Type: \(type)\r\nWARC-Target-URI: \(uri)\r\nWARC-Record-ID: <urn:uuid:\(uri.hashValue)>\r\nContent-Length: \(body.count)\r\n\r\n"
    return Array(head.utf8) + body + Array("\r\n\r\n".utf8)
}

struct AuditReaderTests {
    @Test func jsonlLinesBecomeDocumentsAndABadLineIsReported() throws {
        let text = """
        {"id": "a", "url": "https://example.org/a", "content": "<p>Biotin is a miracle cure.</p>", "format": "html"}

        not json
        {"id": 7, "content": "Plain words."}
        {"id": "c"}
        """
        var reader = JSONLDocumentReader(source: ArraySource(bytes: Array(text.utf8)), name: "docs.jsonl")
        var documents: [AuditDocument] = []
        while let document = try reader.next() { documents.append(document) }
        #expect(documents.map(\.id) == ["a", "docs.jsonl:3", "7", "c"])
        #expect(documents[0].format == .html && documents[0].url == "https://example.org/a")
        #expect(documents[1].error == "line 3 is not a JSON object")
        #expect(documents[3].error?.contains("no text field `content`") == true)
        #expect(reader.bytesRead == text.utf8.count)
    }

    static let page = "<html><body><p>Rosemary oil is a miracle cure for thinning hair.</p></body></html>"

    func records() -> [[UInt8]] {
        [
            warcRecord(type: "warcinfo", uri: "info", block: "software: test\r\n"),
            warcRecord(type: "request", uri: "https://example.org/a", block: "GET /a HTTP/1.1\r\n\r\n"),
            warcRecord(type: "response", uri: "https://example.org/a",
                       block: "HTTP/1.1 200 OK\r\nContent-Type: text/html; charset=utf-8\r\n\r\n" + Self.page),
            warcRecord(type: "response", uri: "https://example.org/logo.png", block: "HTTP/1.1 200 OK\r\nContent-Type: image/png\r\n\r\nPNG"),
            warcRecord(type: "response", uri: "https://example.org/b",
                       block: "HTTP/1.1 200 OK\r\nContent-Type: text/html\r\nTransfer-Encoding: chunked\r\n\r\n10\r\n<p>Scalp massage\r\n10\r\n cures baldness.\r\n0\r\n\r\n"),
        ]
    }

    func read(_ source: ByteSource) throws -> (documents: [AuditDocument], skipped: [String: Int]) {
        var reader = WARCDocumentReader(source: source, name: "crawl.warc")
        var documents: [AuditDocument] = []
        while let document = try reader.next() { documents.append(document) }
        return (documents, reader.skipped)
    }

    @Test func warcResponsesWithHTMLBecomeDocuments() throws {
        let (documents, skipped) = try read(ArraySource(bytes: records().flatMap { $0 }))
        #expect(documents.map(\.id) == ["https://example.org/a", "https://example.org/b"])
        #expect(String(decoding: documents[0].bytes, as: UTF8.self) == Self.page)
        #expect(String(decoding: documents[1].bytes, as: UTF8.self) == "<p>Scalp massage cures baldness.")
        #expect(skipped == ["warcinfo": 1, "request": 1, "response (image/png)": 1])
    }

    @Test func gzippedWarcWithOneMemberPerRecordReadsTheSame() throws {
        let gzipped = try records().map(gzip).flatMap { $0 }
        let plain = try read(ArraySource(bytes: records().flatMap { $0 }))
        let unzipped = try read(GzipByteSource(wrapping: ArraySource(bytes: gzipped, chunk: 100), path: "crawl.warc.gz"))
        #expect(unzipped.documents.map(\.id) == plain.documents.map(\.id))
        #expect(unzipped.documents.map(\.bytes) == plain.documents.map(\.bytes))
    }

    /// zlib refuses a stream that moved in memory; a copied source must keep reading.
    @Test func aGzipSourceKeepsReadingAfterBeingCopied() throws {
        let members = try records().map(gzip)
        var first = GzipByteSource(wrapping: ArraySource(bytes: members.flatMap { $0 }, chunk: 64), path: "crawl.warc.gz")
        var output = try first.next() ?? []
        var moved = [first]   // copied into an array and out again
        var second = moved.removeLast()
        while let chunk = try second.next() { output += chunk }
        #expect(output == records().flatMap { $0 })
    }

    @Test func notAWarcIsAnErrorNamingTheFile() {
        #expect(throws: InputError.self) { try read(ArraySource(bytes: Array("<html>hello</html>\n".utf8))) }
    }
}

struct AuditRunnerTests {
    func documents(_ count: Int) -> [AuditDocument] {
        (0..<count).map { index in
            let text = index % 3 == 0 ? "Biotin is a miracle cure for hair loss, number \(index).\n" : "Plain text \(index) with nothing to flag.\n"
            return AuditDocument(id: "doc-\(index).txt", format: .text, bytes: Array(text.utf8))
        }
    }

    func run(jobs: Int, ordered: Bool, _ documents: [AuditDocument]) throws -> [AuditResult] {
        let runner = AuditRunner(checker: sharedChecker, options: .init(jobs: jobs, ordered: ordered))
        var queue = documents[...]
        var results: [AuditResult] = []
        try runner.run(next: { queue.popFirst() }, emit: { results.append($0) })
        return results
    }

    @Test func parallelOrderedOutputEqualsOneJob() throws {
        let input = documents(60)
        let one = try run(jobs: 1, ordered: true, input)
        let two = try run(jobs: 2, ordered: true, input)
        #expect(one.map(\.digest.source) == input.map(\.id))
        #expect(two.map(\.digest.source) == input.map(\.id))
        #expect(one.map(\.line) == two.map(\.line))
        #expect(one.filter { !$0.digest.findings.isEmpty }.count == 20)
    }

    @Test func unorderedOutputHasEveryDocumentOnce() throws {
        let input = documents(40)
        let results = try run(jobs: 2, ordered: false, input)
        #expect(results.map(\.digest.source).sorted() == input.map(\.id).sorted())
    }

    @Test func aBrokenDocumentIsReportedAndTheRunGoesOn() throws {
        var input = documents(5)
        input.insert(AuditDocument(id: "broken", bytes: [0, 1, 2, 0xFF], error: nil), at: 2)
        let results = try run(jobs: 2, ordered: true, input)
        #expect(results.count == 6)
        #expect(results[2].digest.source == "broken")
        #expect(results[2].digest.error == "looks like a binary file, not text; check the path or pass --input-format")
    }

    /// The digest sent beside each line is what the line itself says.
    @Test func theDigestAgreesWithTheReportLine() throws {
        for result in try run(jobs: 1, ordered: true, documents(6)) {
            let report = try result.decodedReport()
            #expect(ReportDigest(report) == result.digest)
        }
    }

    /// Worker threads used to hold the runner `unowned` and could outlive it
    /// ("Attempted to read an unowned reference but object … was already
    /// destroyed"). Many short runs, each dropped at once, must all finish, and
    /// a run whose input fails stops its threads before the error comes back.
    @Test func manyShortRunsLeaveNoThreadBehind() throws {
        // No documents at all is the sharpest case: the run returns before its
        // threads have even begun to wait.
        for round in 0..<40 {
            let results = try run(jobs: 3, ordered: round % 2 == 0, documents(round % 4 == 0 ? 2 : 0))
            #expect(results.count == (round % 4 == 0 ? 2 : 0))
        }
        struct Broken: Error {}
        for _ in 0..<10 {
            var remaining = documents(10)[...]
            var emitted = 0
            #expect(throws: Broken.self) {
                try AuditRunner(checker: sharedChecker, options: .init(jobs: 3, ordered: true)).run(next: {
                    guard let next = remaining.popFirst() else { throw Broken() }
                    return next
                }, emit: { _ in emitted += 1 })
            }
            #expect(emitted <= 10)
        }
    }

    @Test func shardsSplitDocumentsStablyAndCompletely() {
        let ids = (0..<200).map { "https://example.org/page/\($0)" }
        let shards = ids.map { AuditRunner.shard(of: $0, count: 4) }
        #expect(Set(shards) == [1, 2, 3, 4])
        #expect(shards == ids.map { AuditRunner.shard(of: $0, count: 4) })
        #expect(AuditRunner.shard(of: "https://example.org/page/0", count: 4) == shards[0])
    }

    @Test func aShardIsReadFromIOverNAndHoldsItsDocuments() throws {
        let second = try #require(AuditShard("2/4"))
        #expect(second.index == 2 && second.count == 4)
        for text in ["0/4", "5/4", "2/0", "2", "2/4/8", "a/b", "/4", "2/"] { #expect(AuditShard(text) == nil, "\(text)") }
        let ids = (0..<200).map { "https://example.org/page/\($0)" }
        let parts = (1...4).map { AuditShard("\($0)/4")! }
        #expect(ids.allSatisfy { id in parts.filter { $0.contains(id) }.count == 1 })
        #expect(AuditShard.usage(got: "9/4") == "--shard takes I/N with 1 <= I <= N, e.g. 2/8 (got '9/4')")
    }

    @Test func summaryFindsTheSameInventedExpertAcrossSites() {
        let quote = { (site: String) in
            "<p>Dr. Nora Vance, a renowned trichologist, said, \"This serum restores thinning hair faster than anything I have seen.\"</p><p>Site \(site).</p>"
        }
        var builder = AuditSummary.Builder()
        for site in ["a", "b", "c"] {
            builder.add(sharedChecker.check(Array(quote(site).utf8), source: "https://\(site).example/post", format: .html))
        }
        builder.add(check("Nothing here.\n", format: .text, name: "plain.txt"))
        let summary = builder.finish()
        #expect(summary.documents == 4)
        #expect(summary.recurringSpeakers.map(\.text) == ["Dr. Nora Vance"])
        #expect(summary.recurringSpeakers.first?.documents == 3)
        #expect(summary.recurringQuotes.first?.documents == 3)
        #expect(summary.recurringQuotes.first?.text == "This serum restores thinning hair faster than anything I have seen.")
        #expect(summary.byRule["attribution.vague-credential"] == 3)
    }

    @Test func summaryCountsPagesThatWereNotWeighed() throws {
        let offTopic = "<p>" + String(repeating: "The council met again on Tuesday to argue about the new bus routes and the parking fees downtown. ", count: 12) + "</p>"
        var builder = AuditSummary.Builder()
        let report = sharedChecker.check(Array(offTopic.utf8), source: "https://news.example/council", format: .html)
        #expect(report.notWeighed == true)
        builder.add(report)
        builder.add(check("Biotin is a miracle cure for hair loss.\n", format: .text, name: "post.txt"))
        let summary = builder.finish()
        #expect(summary.documents == 2)
        #expect(summary.notWeighed == 1)
        #expect(summary.text().contains("  not weighed: 1 documents do not read as health articles (every-topic: true weighs them)\n"))
        // The JSON report carries it, and a summary made from JSON Lines counts it too.
        let line = ReportJSONWriter().line(report)
        let decoded = try JSONDecoder().decode(Report.self, from: Data(line))
        #expect(decoded.notWeighed == true)
    }
}

struct ReportJSONWriterTests {
    /// The fast writer and the Codable encoding give the same JSON document.
    @Test(arguments: ["attribution.html", "overclaim.md", "suppressed.md", "balanced.txt"])
    func fastJSONEqualsTheCodableEncoding(_ name: String) throws {
        var report = sharedChecker.check(try [UInt8](Data(contentsOf: URL(fileURLWithPath: fixturePath(name)))), source: name)
        report.notes = ["a \"quoted\" note\twith\u{1}control"]
        let fast = try JSONSerialization.jsonObject(with: Data(ReportJSONWriter().line(report))) as? NSDictionary
        let encoder = JSONEncoder()
        let slow = try JSONSerialization.jsonObject(with: encoder.encode(report)) as? NSDictionary
        #expect(fast != nil && fast == slow)
        #expect(ReportJSONWriter().line(report).last == 0x0A)
    }
}
