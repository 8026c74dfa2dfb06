import Foundation
import Testing
@testable import ClaimCheckKit

/// When results may be written.
struct AuditOutputOrderTests {
    func result(_ id: String) -> AuditResult {
        AuditResult(line: Array("\(id)\n".utf8), digest: ReportDigest(source: id, error: nil, findings: []))
    }

    @Test func orderedWritesInInputOrder() {
        var order = AuditOutputOrder(ordered: true)
        for (ordinal, id) in ["a", "b", "c"].enumerated() { order.submit(ordinal, id: id) }
        order.complete(2, result("c"))
        order.complete(1, result("b"))
        #expect(order.takeReady().isEmpty)
        order.complete(0, result("a"))
        #expect(order.takeReady().map(\.digest.source) == ["a", "b", "c"])
    }

    /// Unordered, but one id's reports keep their input order, so resume can count occurrences.
    @Test func unorderedKeepsOneIdsDocumentsInInputOrder() {
        var order = AuditOutputOrder(ordered: false)
        for (ordinal, id) in ["x", "y", "x", "z"].enumerated() { order.submit(ordinal, id: id) }
        order.complete(2, AuditResult(line: Array("x-second\n".utf8), digest: ReportDigest(source: "x", error: nil, findings: [])))
        order.complete(3, result("z"))
        #expect(order.takeReady().map(\.line) == [Array("z\n".utf8)])
        order.complete(0, AuditResult(line: Array("x-first\n".utf8), digest: ReportDigest(source: "x", error: nil, findings: [])))
        #expect(order.takeReady().map(\.line) == [Array("x-first\n".utf8), Array("x-second\n".utf8)])
        order.complete(1, result("y"))
        #expect(order.takeReady().map(\.digest.source) == ["y"])
        #expect(order.heldCount == 0)
    }
}

/// `--resume` keys on (id, occurrence).
struct AuditResumeLogTests {
    @Test func duplicatesAreMatchedOnePerOccurrenceAndATornLineIsCut() throws {
        let path = NSTemporaryDirectory() + "resume-\(UUID().uuidString).jsonl"
        let lines = ["a", "b", "a"].map { id in String(decoding: ReportJSONWriter().line(check("Plain \(id).", format: .text, name: id)), as: UTF8.self) }
        try (lines.joined() + "{\"schemaVersion\":1,\"sou").write(toFile: path, atomically: true, encoding: .utf8)
        var summary = AuditSummary.Builder()
        var log = try AuditResumeLog.load(path: path, into: &summary)
        #expect(log.reports == 3)
        #expect(summary.summary.documents == 3)
        #expect(try String(contentsOfFile: path, encoding: .utf8) == lines.joined())
        #expect(["a", "a", "a", "b", "b", "c"].map { log.alreadyDone($0) } == [true, true, false, true, false, false])
        #expect(log.skipped == 3)
    }
}
