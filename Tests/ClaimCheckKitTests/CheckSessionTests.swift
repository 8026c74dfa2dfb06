import ClaimCheckKit
import Foundation
import Testing

/// The kit's one way in: the CLI, the server and the language server all check through it.
@Suite struct CheckSessionTests {
    let rules = repositoryRoot + "/Rules"
    let draft = "A new pill is clinically proven to cure baldness in weeks.\n"

    /// A folder holding `draft.md` and, when given, a `.claimcheck.yml`.
    func folder(config: String?) throws -> String {
        let folder = NSTemporaryDirectory() + "claimcheck-session-" + UUID().uuidString
        try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
        try draft.write(toFile: folder + "/draft.md", atomically: true, encoding: .utf8)
        if let config { try config.write(toFile: folder + "/.claimcheck.yml", atomically: true, encoding: .utf8) }
        return folder
    }

    @Test func eachDocumentIsJudgedByTheConfigAboveIt() throws {
        let strict = try folder(config: "fail-on: warning\n")
        let plain = try folder(config: nil)
        let session = CheckSession(CheckOptions(rulesFolder: rules))
        let failing = try session.check(text: draft, name: strict + "/draft.md")
        let passing = try session.check(text: draft, name: plain + "/draft.md")
        #expect(failing.verdicts.map(\.rule) == ["certainty.proven"])
        #expect(failing.verdicts.first?.severity == .warning)
        let location = try #require(failing.verdicts.first?.location)
        #expect([location.line, location.column, location.endLine, location.endColumn, location.offset, location.length] as [Int] == [1, 1, 1, 59, 0, 58])
        #expect(failing.gate == .fail)
        #expect(passing.gate == .pass)
        // An option given to the session wins over the config.
        let lenient = CheckSession(CheckOptions(rulesFolder: rules, failOn: "never"))
        #expect(try lenient.check(text: draft, name: strict + "/draft.md").gate == .pass)
    }

    @Test func aConfigMistakeIsThrownWithItsLine() throws {
        let broken = try folder(config: "fail-on: sometimes\n")
        let session = CheckSession(CheckOptions(rulesFolder: rules))
        #expect(throws: ConfigurationErrors.self) { try session.check(text: draft, name: broken + "/draft.md") }
        do { _ = try session.check(text: draft, name: broken + "/draft.md") } catch {
            #expect(error.description.contains(".claimcheck.yml:1:10"))
            #expect(error.description.contains("unknown fail-on `sometimes`"))
        }
    }

    @Test func theInputsOfACommandLineSkipWhatTheirConfigIgnores() throws {
        let site = try folder(config: "ignore: ['drafts/**']\n")
        try FileManager.default.createDirectory(atPath: site + "/drafts", withIntermediateDirectories: true)
        try draft.write(toFile: site + "/drafts/wip.md", atomically: true, encoding: .utf8)
        try Data([0x89, 0x50]).write(to: URL(fileURLWithPath: site + "/picture.png"))
        let session = CheckSession(CheckOptions(rulesFolder: rules))
        let inputs = CheckInput.expand([InputPath(site)])
        #expect(inputs.map { ($0.text as NSString).lastPathComponent }.sorted() == ["draft.md", "wip.md"])
        var streamed: [String] = []
        let reports = try session.check(inputs) { streamed.append($0.source) }
        #expect(reports.map(\.source) == [site + "/draft.md"])
        #expect(streamed == reports.map(\.source))
        #expect(try CheckInput.removingIgnored(inputs, configFile: nil).count == 1)
    }

    @Test func streamingReportersRenderReportsOneAtATime() throws {
        let session = CheckSession(CheckOptions(rulesFolder: rules))
        let one = try session.check(text: draft, name: "one.md")
        let two = try session.check(text: "Vitamin C may shorten colds a little, a review found.\n", name: "two.txt")
        for format in ReportFormat.allCases {
            let reporter = format.reporter(ReporterSettings(asArray: true))
            #expect(reporter.identifier == format.rawValue)
            if reporter.streams {
                for reports in [[], [one], [one, two], [two, one, two]] {
                    let streamed = reporter.streamHeader() + reports.enumerated().map { reporter.streamPiece($1, index: $0) }.joined()
                        + reporter.streamFooter(count: reports.count)
                    #expect(streamed == reporter.render(reports), "\(format), \(reports.count) reports")
                }
            }
        }
        #expect(ReportFormat.allCases.filter { $0.reporter(ReporterSettings(asArray: true)).streams } == [.text, .json, .jsonl, .github])
        // One report as one object is not an array, and is written whole.
        #expect(!ReportFormat.json.reporter(ReporterSettings(asArray: false)).streams)
        let compact = JSONReporter(pretty: false, asArray: true)
        #expect(compact.streamHeader() + compact.streamPiece(one, index: 0) + compact.streamPiece(two, index: 1) + compact.streamFooter(count: 2)
                == compact.render([one, two]))
        #expect(JSONReporter(asArray: true).render([]) == "[\n\n]\n")
    }
}
