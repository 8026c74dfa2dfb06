import Foundation
import Testing
@testable import ClaimCheckKit

/// A WARC record with its Content-Length written as given (to damage it).
func warcRecord(uri: String, page: String, contentLength: String? = nil) -> [UInt8] {
    let block = Array("HTTP/1.1 200 OK\r\nContent-Type: text/html; charset=utf-8\r\n\r\n\(page)".utf8)
    let head = "WARC/1.0\r\nWARC-Type: response\r\nWARC-Target-URI: \(uri)\r\nContent-Length: \(contentLength ?? String(block.count))\r\n\r\n"
    return Array(head.utf8) + block + Array("\r\n\r\n".utf8)
}

func readAll(_ reader: inout some DocumentReader) throws -> [AuditDocument] {
    var documents: [AuditDocument] = []
    while let document = try reader.next() { documents.append(document) }
    return documents
}

/// Damaged and cut archives: an error for the record or the cut, never a trap,
/// never records vanishing in silence.
struct AuditWARCDamageTests {
    let pages = (1...4).map { "https://example.org/\($0)" }

    func records() -> [[UInt8]] {
        pages.map { warcRecord(uri: $0, page: "<p>Page \($0): biotin is a miracle cure.</p>") }
    }

    func read(_ bytes: [UInt8], gzipped: Bool = false, chunk: Int = 7) throws -> [AuditDocument] {
        let plain = ArraySource(bytes: bytes, chunk: chunk)
        let source: ByteSource = gzipped ? GzipByteSource(wrapping: plain, path: "crawl.warc.gz") : plain
        var reader = WARCDocumentReader(source: source, name: gzipped ? "crawl.warc.gz" : "crawl.warc")
        return try readAll(&reader)
    }

    /// "Range requires lowerBound <= upperBound" used to trap here.
    @Test(arguments: ["-5", "99999999999999999999999", "twelve", ""])
    func aBadContentLengthIsAnErrorForThatRecordAndTheRestIsRead(_ length: String) throws {
        var bytes = records()
        bytes[1] = warcRecord(uri: pages[1], page: "<p>broken</p>", contentLength: length)
        let documents = try read(bytes.flatMap { $0 })
        #expect(documents.map(\.id) == [pages[0], "crawl.warc", pages[2], pages[3]])
        let error = try #require(documents[1].error)
        #expect(error.hasPrefix("record 2 (at byte \(bytes[0].count)) has Content-Length “\(length)”, which is not a number of bytes"))
        #expect(error.hasSuffix("reading resumed at the next record"))
        #expect(documents.filter { $0.error == nil }.count == 3)
    }

    @Test func aMissingContentLengthIsAnError() throws {
        var bytes = records()
        let damaged = String(decoding: bytes[2], as: UTF8.self).replacingOccurrences(of: "Content-Length:", with: "X-Length:")
        bytes[2] = Array(damaged.utf8)
        let documents = try read(bytes.flatMap { $0 })
        #expect(documents.map(\.id) == [pages[0], pages[1], "crawl.warc", pages[3]])
        #expect(documents[2].error?.hasPrefix("record 3 (at byte \(bytes[0].count + bytes[1].count)) has no Content-Length header") == true)
    }

    /// A declared length far past the end: the archive is cut, not a record to wait for.
    @Test func anAbsurdButNumericLengthEndsAsTruncation() throws {
        var bytes = records()
        bytes[3] = warcRecord(uri: pages[3], page: "<p>x</p>", contentLength: "900000000000")
        let documents = try read(bytes.flatMap { $0 })
        #expect(documents.map(\.id) == Array(pages.prefix(3)) + ["crawl.warc"])
        let error = try #require(documents[3].error)
        #expect(error.contains("record 4"))
        #expect(error.contains("declares 900000000000 bytes of content but the archive ends after"))
        #expect(error.contains("the 3 records before it were read"))
    }

    @Test func garbageBetweenRecordsIsReportedAndReadingResumes() throws {
        var bytes = records()
        bytes.insert(Array("this is not a record\r\nnor this\r\n".utf8), at: 2)
        let documents = try read(bytes.flatMap { $0 })
        #expect(documents.map(\.id) == [pages[0], pages[1], "crawl.warc", pages[2], pages[3]])
        #expect(documents[2].error?.contains("does not start with a WARC/ version line (it starts with “this is not a record”)") == true)
    }

    @Test func aPlainWARCCutInsideARecordBodyNamesTheCut() throws {
        let whole = records().flatMap { $0 }
        let firstTwo = records()[0].count + records()[1].count
        let cut = firstTwo + records()[2].count - 40
        let documents = try read(Array(whole[0..<cut]))
        #expect(documents.map(\.id) == [pages[0], pages[1], "crawl.warc"])
        #expect(documents[0].error == nil && documents[1].error == nil)
        let error = try #require(documents[2].error)
        #expect(error.hasPrefix("is truncated at byte \(cut): record 3 (from byte \(firstTwo)) declares"))
        #expect(error.contains("the 2 records before it were read"))
    }

    @Test func aPlainWARCCutInsideHeadersNamesTheCut() throws {
        let whole = records().flatMap { $0 }
        let start = records()[0].count
        let documents = try read(Array(whole[0..<start + 30]))
        #expect(documents.map(\.id) == [pages[0], "crawl.warc"])
        #expect(documents[1].error?.contains("record 2") == true)
        #expect(documents[1].error?.hasPrefix("is truncated at byte \(start + 30)") == true)
    }

    /// A `.warc.gz` written a member per record, cut in the middle of the third member.
    @Test func aGzippedWARCCutMidMemberNamesTheByte() throws {
        let members = try records().map(gzip)
        let whole = members.flatMap { $0 }
        let cut = members[0].count + members[1].count + members[2].count / 2
        let documents = try read(Array(whole[0..<cut]), gzipped: true, chunk: 100)
        #expect(documents.map(\.id) == [pages[0], pages[1], "crawl.warc.gz"])
        let error = try #require(documents[2].error)
        #expect(error.hasPrefix("is truncated at byte \(cut): the file ends inside a gzip member (the one starting at byte \(members[0].count + members[1].count))"))
        #expect(error.contains("record 3"))
        #expect(error.contains("the 2 records before it were read"))
    }

    /// The whole archive as one gzip member, cut: the records whole before the cut are still read.
    @Test func aSingleMemberGzipCutMidFileKeepsTheRecordsBeforeTheCut() throws {
        let compressed = try gzip(records().flatMap { $0 })
        let cut = compressed.count - 12   // inside the last block or the trailer
        let documents = try read(Array(compressed[0..<cut]), gzipped: true, chunk: 100)
        let last = try #require(documents.last)
        #expect(last.id == "crawl.warc.gz")
        #expect(last.error?.hasPrefix("is truncated at byte \(cut): the file ends inside a gzip member (the one starting at byte 0)") == true)
        #expect(documents.dropLast().allSatisfy { $0.error == nil })
        #expect(documents.dropLast().map(\.id) == Array(pages.prefix(documents.count - 1)))
    }

    @Test func aWholeGzippedArchiveReadsWithoutError() throws {
        let documents = try read(try records().map(gzip).flatMap { $0 }, gzipped: true, chunk: 100)
        #expect(documents.map(\.id) == pages)
        #expect(documents.allSatisfy { $0.error == nil })
    }

    /// A record over the size limit is passed over without being held in memory.
    @Test func anHTMLRecordOverTheLimitIsAnErrorAndTheNextIsRead() throws {
        var bytes = records()
        bytes[1] = warcRecord(uri: pages[1], page: "<p>" + String(repeating: "x", count: 3 << 20) + "</p>")
        var reader = WARCDocumentReader(source: ArraySource(bytes: bytes.flatMap { $0 }, chunk: 1 << 16), name: "crawl.warc", maximumBytes: 1 << 20)
        let documents = try readAll(&reader)
        #expect(documents.map(\.id) == pages)
        #expect(documents[1].error?.hasPrefix("record 2 of crawl.warc is 3 MB, over the --max-size limit of 1 MB") == true)
    }
}
