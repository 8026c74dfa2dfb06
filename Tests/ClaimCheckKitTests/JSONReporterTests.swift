import Foundation
import Testing
@testable import ClaimCheckKit

/// `--format json` is written by `ReportJSONWriter`; it must give the bytes the
/// `Codable` encoding gives (`JSONEncoder`, sorted keys, pretty or compact).
@Suite struct JSONReporterTests {
    func encoded(_ value: some Encodable, pretty: Bool) throws -> String {
        let encoder = JSONEncoder()
        encoder.outputFormatting = pretty ? [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes] : [.sortedKeys, .withoutEscapingSlashes]
        return String(decoding: try encoder.encode(value), as: UTF8.self) + "\n"
    }

    static let fixtures = ["overclaim.html", "overclaim.md", "overclaim.txt", "attribution.html", "attribution.md", "balanced.txt",
                           "suppressed.md", "suppressed-no-reason.md", "suppressed-unused.md"]

    @Test(arguments: fixtures)
    func fixtureReportsAreTheEncodersBytes(name: String) throws {
        let report = sharedChecker.check(Array(try Data(contentsOf: URL(fileURLWithPath: fixturePath(name)))), source: fixturePath(name))
        #expect(!report.verdicts.isEmpty || !report.diagnostics.isEmpty)
        for pretty in [true, false] {
            #expect(JSONReporter(pretty: pretty).render([report]) == (try encoded(report, pretty: pretty)))
        }
    }

    @Test func emptyContainersErrorsAndArraysAreTheEncodersBytes() throws {
        // No verdicts (empty arrays and objects), an unreadable input, control characters and quotes to escape.
        let empty = check("", format: .text, name: "empty.txt")
        let binary = check("\u{0}\u{1}\u{2}binary", format: .text, name: "odd \"name\"\t\\.txt")
        let reports = [empty, binary, check(try String(contentsOfFile: fixturePath("overclaim.md"), encoding: .utf8), format: .markdown)]
        #expect(binary.error != nil)
        for pretty in [true, false] {
            #expect(JSONReporter(pretty: pretty).render([empty]) == (try encoded(empty, pretty: pretty)))
            #expect(JSONReporter(pretty: pretty).render([binary]) == (try encoded(binary, pretty: pretty)))
            #expect(JSONReporter(pretty: pretty, asArray: true).render(reports) == (try encoded(reports, pretty: pretty)))
            #expect(JSONReporter(pretty: pretty).render([]) == (try encoded([Report](), pretty: pretty)))
        }
    }
}
