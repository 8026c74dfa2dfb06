import Foundation
import Testing
import Yams
@testable import ClaimCheckKit

/// Each fixture has a hand-written `<file>.expected.yml`: verdicts at exact
/// lines and columns, claims that must not be reported, region counts, the gate.
/// The list is exhaustive: a verdict the file does not list fails the test, so a
/// rule change that adds a flag to a fixture is seen and judged, not waved through.
struct FixtureTests {
    static let fixtures = [
        "overclaim.html", "overclaim.md", "overclaim.txt",
        "attribution.html", "attribution.md", "attribution.txt",
        "balanced.html", "balanced.md", "balanced.txt",
    ] + domainFixtures

    /// Every file of `Fixtures/domains/` with an expected report: one article per
    /// domain pack, in each format, so a new pack's fixture is tested without a list.
    static let domainFixtures: [String] = {
        let folder = repositoryRoot + "/Fixtures/domains"
        let names = (try? FileManager.default.contentsOfDirectory(atPath: folder)) ?? []
        return names.filter { !$0.hasSuffix(".expected.yml") && names.contains($0 + ".expected.yml") }.sorted().map { "domains/" + $0 }
    }()

    /// A fixture of `Fixtures/domains/` without its expected report would go untested.
    @Test func everyDomainFixtureHasAnExpectedReport() throws {
        let folder = repositoryRoot + "/Fixtures/domains"
        let names = (try? FileManager.default.contentsOfDirectory(atPath: folder)) ?? []
        let untested = names.filter { !$0.hasSuffix(".expected.yml") && !$0.hasPrefix(".") && !names.contains($0 + ".expected.yml") }
        #expect(untested == [], "write an expected report for each: \(untested)")
    }

    @Test(arguments: fixtures)
    func fixtureMatchesItsExpectedReport(_ name: String) throws {
        let bytes = try [UInt8](Data(contentsOf: URL(fileURLWithPath: fixturePath(name))))
        let report = sharedChecker.check(bytes, source: name)
        let expectedText = try String(contentsOfFile: fixturePath(name + ".expected.yml"), encoding: .utf8)
        let expected = try #require(try Yams.load(yaml: expectedText) as? [String: Any])

        if let gate = expected["gate"] as? String {
            #expect(report.gate.rawValue == gate, "gate of \(name)")
        }
        for case let item as [String: Any] in expected["verdicts"] as? [Any] ?? [] {
            let line = item["line"] as? Int ?? 0, column = item["column"] as? Int ?? 0
            let starts = item["starts"] as? String ?? ""
            let found = report.verdicts.first { $0.location.line == line && $0.location.column == column }
            guard let verdict = found else {
                let near = report.verdicts.filter { $0.claim.hasPrefix(starts) }.map { "\($0.location.line):\($0.location.column)" }
                Issue.record("\(name): no verdict at \(line):\(column) (\(starts)); same text found at \(near)")
                continue
            }
            #expect(verdict.claim.hasPrefix(starts), "\(name):\(line): claim starts “\(verdict.claim.prefix(60))”")
            let allowed = (item["verdict"] as? [String]) ?? [(item["verdict"] as? String) ?? ""]
            #expect(allowed.contains(verdict.verdict.rawValue), "\(name):\(line): verdict \(verdict.verdict.rawValue), expected \(allowed)")
            if let severity = item["severity"] as? String {
                #expect(verdict.severity.rawValue == severity, "\(name):\(line): severity")
            }
            if let minimum = (item["min-severity"] as? String).flatMap(Severity.init(rawValue:)) {
                #expect(verdict.severity >= minimum, "\(name):\(line): severity \(verdict.severity) below \(minimum)")
            }
            if let rule = item["rule"] as? String {
                #expect(verdict.reasons.contains { $0.rule == rule }, "\(name):\(line): no reason \(rule) in \(verdict.reasons.map(\.rule))")
            }
            if let evidence = item["evidence"] as? String {
                #expect(verdict.evidence.contains { $0.id == evidence }, "\(name):\(line): evidence \(verdict.evidence.map(\.id))")
            }
            if let organisation = item["organisation"] as? String {
                #expect(verdict.reasons.contains { $0.message.contains(organisation) }, "\(name):\(line): organisation \(organisation) not named")
            }
            if let region = item["region"] as? String {
                #expect(verdict.region.rawValue == region, "\(name):\(line): region")
            }
        }
        let listed = Set((expected["verdicts"] as? [Any] ?? []).compactMap { item -> String? in
            guard let item = item as? [String: Any], let line = item["line"] as? Int, let column = item["column"] as? Int else { return nil }
            return "\(line):\(column)"
        })
        for verdict in report.verdicts where !listed.contains("\(verdict.location.line):\(verdict.location.column)") {
            Issue.record("""
                \(name): verdict not listed in \(name).expected.yml; if it is right, add:
                  - line: \(verdict.location.line)
                    column: \(verdict.location.column)
                    starts: "\(verdict.claim.prefix(40))"
                    verdict: \(verdict.verdict.rawValue)
                    rule: \(verdict.reasons.first?.rule ?? "")
                    region: \(verdict.region.rawValue)
                """)
        }
        for case let item as [String: Any] in expected["absent"] as? [Any] ?? [] {
            let starts = item["starts"] as? String ?? "\u{0}"
            let flagged = report.verdicts.filter { $0.claim.hasPrefix(starts) }
            #expect(flagged.isEmpty, "\(name): “\(starts)” must not be reported, got \(flagged.map { $0.verdict.rawValue })")
        }
        for phrase in expected["no-body-claims-containing"] as? [String] ?? [] {
            let hits = report.verdicts.filter { $0.region == .body && $0.claim.contains(phrase) }
            #expect(hits.isEmpty, "\(name): body verdict contains “\(phrase)”")
        }
        for (region, minimum) in expected["regions"] as? [String: Int] ?? [:] {
            let count = report.verdicts.filter { $0.region.rawValue == region }.count
            #expect(count >= minimum, "\(name): \(count) verdicts in \(region), expected at least \(minimum)")
        }
    }
}
