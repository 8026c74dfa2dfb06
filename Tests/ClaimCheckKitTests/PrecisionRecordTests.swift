import Foundation
import Testing
@testable import ClaimCheckKit

/// The precision record (`docs/precision/corpus-labels.tsv`) is data an editor keeps by
/// hand; `scripts/precision-record.py` matches it to the tool's flags. These tests keep
/// every row readable by the script and every rule id one the tool still has.
struct PrecisionRecordTests {
    static let recordPath = repositoryRoot + "/docs/precision/corpus-labels.tsv"
    static let ruleIDs = Set(sharedChecker.book.rules.map(\.id))

    @Test func repositoryRecordIsWellFormed() throws {
        let text = try String(contentsOfFile: Self.recordPath, encoding: .utf8)
        let record = PrecisionRecordFile(text: text, ruleIDs: Self.ruleIDs)
        #expect(record.problems.isEmpty, "\(record.problems.joined(separator: "\n"))")
        #expect(record.rows.count >= 150)
        #expect(Set(record.rows.map(\.label)) == ["right", "wrong"])
    }

    @Test func malformedRowsAreEachReportedAtTheirLine() {
        let text = """
        # a comment
        file\toffset\trule\tlabel\twhy
        news_reviews_00002.json\t10\tstatistic.unsourced\tright\tbackground rate, no source
        news_reviews_00001.json\t-4\tstatistic.unsourced\twrong\tnegative offset
        news_reviews_00001.json\t12\tstatistic.unsourcd\tmaybe\t\u{20}
        news_reviews_00001.json\t12\tcertainty.proven\twrong
        notes.txt\t30\tcertainty.proven\twrong\tnot a corpus file
        news_reviews_00002.json\t10\tstatistic.unsourced\twrong\tthe same flag again
        """
        let record = PrecisionRecordFile(text: text, ruleIDs: Self.ruleIDs)
        #expect(record.problems == [
            "line 4: offset `-4` is not a non-negative integer",
            "line 5: rule `statistic.unsourcd` is not in the rule catalog",
            "line 5: label `maybe` is neither right nor wrong",
            "line 5: no why",
            "line 5: out of order: sort by file, offset, rule",
            "line 6: 4 tab-separated fields, expected 5",
            "line 7: `notes.txt` is not a corpus file name",
            "line 8: out of order: sort by file, offset, rule",
            "line 8: the same file, offset and rule as line 3",
        ])
        #expect(record.rows.map(\.line) == [3, 5, 7, 8])
    }

    @Test func aRecordWithoutItsHeaderIsRejected() {
        let record = PrecisionRecordFile(text: "news_reviews_00001.json\t1\tcertainty.proven\tright\thype\n", ruleIDs: Self.ruleIDs)
        #expect(record.problems == ["line 1: the first row must be the header file, offset, rule, label, why"])
        #expect(record.rows.isEmpty)
    }
}

/// One labelled flag of the record.
struct PrecisionRecordRow: Equatable {
    var file: String
    var offset: Int
    var rule: String
    var label: String
    var why: String
    var line: Int
}

/// The record read the way `scripts/precision-record.py` reads it: `#` comments and blank
/// lines skipped, a header row, then five tab-separated fields a row, sorted by
/// (file, offset, rule) without repeats.
struct PrecisionRecordFile {
    static let columns = ["file", "offset", "rule", "label", "why"]

    private(set) var rows: [PrecisionRecordRow] = []
    private(set) var problems: [String] = []

    init(text: String, ruleIDs: Set<String>) {
        var sawHeader = false
        var firstLine: [String: Int] = [:]
        for (index, line) in text.split(separator: "\n", omittingEmptySubsequences: false).enumerated() {
            let number = index + 1
            if line.trimmingCharacters(in: .whitespaces).isEmpty || line.hasPrefix("#") { continue }
            let fields = line.split(separator: "\t", omittingEmptySubsequences: false).map(String.init)
            guard sawHeader else {
                sawHeader = true
                if fields != Self.columns {
                    problems.append("line \(number): the first row must be the header \(Self.columns.joined(separator: ", "))")
                    return
                }
                continue
            }
            guard fields.count == Self.columns.count else {
                problems.append("line \(number): \(fields.count) tab-separated fields, expected \(Self.columns.count)")
                continue
            }
            let (file, rule, label, why) = (fields[0], fields[2], fields[3], fields[4].trimmingCharacters(in: .whitespaces))
            guard let offset = Int(fields[1]), offset >= 0, fields[1].allSatisfy(\.isASCII) else {
                problems.append("line \(number): offset `\(fields[1])` is not a non-negative integer")
                continue
            }
            if !file.hasSuffix(".json") || file.contains("/") {
                problems.append("line \(number): `\(file)` is not a corpus file name")
            }
            if !ruleIDs.contains(rule) { problems.append("line \(number): rule `\(rule)` is not in the rule catalog") }
            if label != "right" && label != "wrong" { problems.append("line \(number): label `\(label)` is neither right nor wrong") }
            if why.isEmpty { problems.append("line \(number): no why") }
            let row = PrecisionRecordRow(file: file, offset: offset, rule: rule, label: label, why: why, line: number)
            if let previous = rows.last, Self.key(previous) > Self.key(row) {
                problems.append("line \(number): out of order: sort by file, offset, rule")
            }
            let key = "\(file)\t\(offset)\t\(rule)"
            if let first = firstLine[key] {
                problems.append("line \(number): the same file, offset and rule as line \(first)")
            } else {
                firstLine[key] = number
            }
            rows.append(row)
        }
        if !sawHeader { problems.append("the record has no header row") }
    }

    private static func key(_ row: PrecisionRecordRow) -> (String, Int, String) { (row.file, row.offset, row.rule) }
}
