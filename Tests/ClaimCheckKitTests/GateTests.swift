import Foundation
import Testing
@testable import ClaimCheckKit

/// Suppressions in the source, in HTML and Markdown comments.
struct SuppressionTests {
    func report(_ name: String) throws -> Report {
        let bytes = try [UInt8](Data(contentsOf: URL(fileURLWithPath: fixturePath(name))))
        return sharedChecker.check(bytes, source: name)
    }

    @Test func aSuppressionWithAReasonPassesTheGate() throws {
        let report = try report("suppressed.md")
        let suppressed = try #require(report.verdicts.first { $0.location.line == 7 })
        #expect(suppressed.suppression == Suppression(kind: .inSource, justification: "a quoted advert, rebutted in the next paragraph"))
        #expect(report.diagnostics.isEmpty)
        #expect(report.gate == .pass)
    }

    @Test func theSameSuppressionWithoutAReasonIsAnError() throws {
        let report = try report("suppressed-no-reason.md")
        #expect(report.diagnostics.map(\.rule) == ["suppression.missing-reason"])
        #expect(report.diagnostics.first?.severity == .error)
        #expect(report.diagnostics.first.map { ($0.line, $0.column) } ?? (0, 0) == (3, 1))
        #expect(report.verdicts.allSatisfy { $0.suppression == nil })
        #expect(report.gate == .fail)
    }

    /// The comment the editor's page and the language server insert carries a
    /// placeholder for the reason; left unfilled, it suppresses nothing.
    @Test func theInsertedPlaceholderIsNoReason() {
        for reason in ["reason: …", "reason: ...", "…", "REASON:"] {
            let draft = "<!-- claimcheck-disable-next-line certainty.miracle -- \(reason) -->\nBiotin is a miracle cure.\n"
            let report = sharedChecker.check(Array(draft.utf8), source: "draft.md")
            #expect(report.diagnostics.map(\.rule) == ["suppression.missing-reason"], "\(reason)")
            #expect(report.verdicts.allSatisfy { $0.suppression == nil }, "\(reason)")
        }
        let filled = "<!-- claimcheck-disable-next-line certainty.miracle -- reason: quoted from the advert we rebut -->\nBiotin is a miracle cure.\n"
        let report = sharedChecker.check(Array(filled.utf8), source: "draft.md")
        #expect(report.verdicts.first?.suppression?.justification == "reason: quoted from the advert we rebut")
    }

    @Test func anUnusedSuppressionIsReported() throws {
        let report = try report("suppressed-unused.md")
        #expect(report.diagnostics.map(\.rule) == ["suppression.unused"])
        #expect(report.diagnostics.first?.severity == .warning)
        #expect(report.gate == .pass)
    }

    @Test func htmlCommentsAndBlocksSuppressToo() {
        let html = """
        <p>Intro text here.</p>
        <!-- claimcheck-disable certainty.* -- a glossary of advertising phrases -->
        <p>Biotin is a miracle cure.</p>
        <p>Scalp oil is guaranteed to work.</p>
        <!-- claimcheck-enable certainty.* -->
        <p>Rosemary oil is a miracle cure.</p>
        """
        let report = check(html, format: .html)
        #expect(report.verdicts.map { $0.suppression != nil } == [true, true, false])
        #expect(report.verdicts.last?.location.line == 6)
        #expect(report.diagnostics.isEmpty)
    }

    @Test func anUnknownRuleInASuppressionIsAnError() {
        let report = check("<!-- claimcheck-disable-next-line certainty.prooven -- typo -->\nBiotin is a miracle cure.\n", format: .markdown)
        #expect(report.diagnostics.map(\.rule) == ["suppression.unknown-rule"])
    }
}

/// Baselines: keyed by rule and normalised claim text, never by line.
struct BaselineTests {
    @Test func editsAboveAFindingDoNotResurrectItAndNewFindingsFail() throws {
        let original = try String(contentsOfFile: fixturePath("overclaim.md"), encoding: .utf8)
        let before = sharedChecker.check(Array(original.utf8), source: "post.md")
        #expect(before.gate == .fail)
        let baseline = Baseline(reports: [before])
        #expect(!baseline.findings.isEmpty)

        // A paragraph inserted at the top moves every finding down three lines.
        let edited = "An editor's note added at the top of the page.\n\n" + original
        var reports = [sharedChecker.check(Array(edited.utf8), source: "post.md")]
        baseline.apply(to: &reports, strict: false)
        #expect(reports[0].gate == .pass)
        #expect(reports[0].verdicts.filter { $0.verdict != .supported }.allSatisfy { $0.suppression?.kind == .baseline })

        // A new overclaim in the body fails the gate, and it is the only finding not baselined.
        let added = "An editor's note added at the top of the page.\n\nMinoxidil is guaranteed to regrow every hair on your head.\n\n" + original
        reports = [sharedChecker.check(Array(added.utf8), source: "post.md")]
        baseline.apply(to: &reports, strict: false)
        #expect(reports[0].gate == .fail)
        let fresh = reports[0].verdicts.filter { $0.suppression == nil && $0.verdict != .supported }
        #expect(fresh.map(\.claim) == ["Minoxidil is guaranteed to regrow every hair on your head."])
    }

    @Test func strictBaselineFailsWhenFindingsAreGone() {
        let text = "Biotin is a miracle cure.\n\nScalp massage cures baldness.\n"
        let baseline = Baseline(reports: [check(text, format: .text, name: "a.txt")])
        var reports = [check("Biotin is a miracle cure.\n", format: .text, name: "a.txt")]
        baseline.apply(to: &reports, strict: true)
        #expect(reports[0].diagnostics.map(\.rule) == ["baseline.resolved"])
        #expect(reports[0].gate == .fail)
        var lenient = [check("Biotin is a miracle cure.\n", format: .text, name: "a.txt")]
        baseline.apply(to: &lenient, strict: false)
        #expect(lenient[0].gate == .pass)
    }

    @Test func fingerprintsIgnoreCaseSpacingAndPunctuation() {
        #expect(Verdict.fingerprint(rule: "r", claim: "Biotin is a  MIRACLE cure!") == Verdict.fingerprint(rule: "r", claim: "biotin is a miracle cure"))
        #expect(Verdict.fingerprint(rule: "r", claim: "a b") != Verdict.fingerprint(rule: "s", claim: "a b"))
        #expect(Verdict.fingerprint(rule: "r", claim: "“Zoë’s” cure — now") == Verdict.fingerprint(rule: "r", claim: "\"zoë s\" cure - now"))
    }
}

/// The reporters, each a pure function of the report.
struct ReporterTests {
    func reports(_ names: [String]) throws -> [Report] {
        try names.map { name in
            sharedChecker.check(try [UInt8](Data(contentsOf: URL(fileURLWithPath: fixturePath(name)))), source: "Fixtures/" + name)
        }
    }

    @Test func sarifRegionsMatchTheTextOutput() throws {
        let reports = try reports(["attribution.html", "overclaim.md"])
        let sarif = SARIFReporter(catalog: sharedChecker.catalog).render(reports)
        let log = try #require(try JSONSerialization.jsonObject(with: Data(sarif.utf8)) as? [String: Any])
        #expect(log["version"] as? String == "2.1.0")
        let run = try #require((log["runs"] as? [[String: Any]])?.first)
        #expect(run["columnKind"] as? String == "unicodeCodePoints")
        let driver = try #require((run["tool"] as? [String: Any])?["driver"] as? [String: Any])
        let ruleIDs = (driver["rules"] as? [[String: Any]] ?? []).compactMap { $0["id"] as? String }
        #expect(Set(sharedChecker.book.rules.map(\.id)).isSubset(of: Set(ruleIDs)))
        let results = try #require(run["results"] as? [[String: Any]])
        let verdicts = reports.flatMap(\.verdicts)
        #expect(results.count == verdicts.count)
        let text = reports.map { TextReporter().render($0) }.joined()
        for (result, verdict) in zip(results, verdicts) {
            let location = try #require((result["locations"] as? [[String: Any]])?.first?["physicalLocation"] as? [String: Any])
            let region = try #require(location["region"] as? [String: Int])
            #expect(region["startLine"] == verdict.location.line && region["startColumn"] == verdict.location.column)
            #expect(region["endColumn"] == verdict.location.endColumn)
            let uri = (location["artifactLocation"] as? [String: Any])?["uri"] as? String ?? ""
            #expect(text.contains("\(uri):\(region["startLine"]!):\(region["startColumn"]!): "))
            #expect((result["partialFingerprints"] as? [String: String])?["primaryLocationLineHash"] == verdict.fingerprint + ":1")
            #expect(result["ruleId"] as? String == verdict.rule)
        }
    }

    @Test func sarifCarriesSuppressions() throws {
        let sarif = SARIFReporter(catalog: sharedChecker.catalog).render(try reports(["suppressed.md"]))
        #expect(sarif.contains("\"kind\" : \"inSource\""))
        #expect(sarif.contains("a quoted advert, rebutted in the next paragraph"))
    }

    @Test func junitHasASuiteADocumentAndFailuresAtFailOn() throws {
        let xml = JUnitReporter().render(try reports(["overclaim.md", "balanced.md"]))
        #expect(xml.hasPrefix("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<testsuites name=\"claimcheck\""))
        #expect(xml.components(separatedBy: "<testsuite ").count - 1 == 2)
        #expect(xml.contains("<testsuite name=\"Fixtures/overclaim.md\" tests=\"5\" failures=\"1\" errors=\"0\">"))
        #expect(xml.contains("<testsuite name=\"Fixtures/balanced.md\" tests=\"4\" failures=\"0\" errors=\"0\">"))
        #expect(xml.contains("<failure type=\"overstated\""))
    }

    @Test func githubCommandsEscapeWhatGitHubRequires() {
        #expect(GitHubReporter.data("100% sure\r\nnext") == "100%25 sure%0D%0Anext")
        #expect(GitHubReporter.property("a:b,c%") == "a%3Ab%2Cc%25")
        let report = check("Biotin is a miracle cure, 100% guaranteed.\n", format: .text, name: "dir/a,b.txt")
        let lines = GitHubReporter().render([report]).split(separator: "\n")
        #expect(lines.first?.hasPrefix("::error file=dir/a%2Cb.txt,line=1,col=1,endColumn=43,title=claimcheck certainty.guaranteed%3A overstated::") == true)
    }

    @Test func claimReviewHasTheFieldsForEachFlaggedClaim() throws {
        let reports = try reports(["attribution.html"])
        let json = ClaimReviewReporter(organisation: "Example Desk").render(reports)
        let reviews = try #require(try JSONSerialization.jsonObject(with: Data(json.utf8)) as? [[String: Any]])
        let flagged = reports[0].verdicts.filter { $0.verdict != .supported }
        #expect(reviews.count == flagged.count)
        for (review, verdict) in zip(reviews, flagged) {
            #expect(review["@context"] as? String == "https://schema.org")
            #expect(review["@type"] as? String == "ClaimReview")
            #expect(review["claimReviewed"] as? String == verdict.claim)
            let rating = try #require(review["reviewRating"] as? [String: Any])
            #expect(rating["alternateName"] as? String == verdict.verdict.rawValue)
            #expect(rating["bestRating"] as? Int == 5 && rating["worstRating"] as? Int == 1)
            #expect((1...5).contains(rating["ratingValue"] as? Int ?? 0))
            let item = try #require(review["itemReviewed"] as? [String: Any])
            #expect(item["@type"] as? String == "Claim")
            #expect((item["appearance"] as? [String: Any])?["url"] as? String == "https://clearskin-weekly.example.com/imiquimod-hair-shedding")
            #expect((review["author"] as? [String: Any])?["name"] as? String == "Example Desk")
            #expect((review["datePublished"] as? String)?.count == 10)
            #expect((review["url"] as? String)?.hasPrefix("https://clearskin-weekly.example.com/imiquimod-hair-shedding#claim-") == true)
        }
    }

    @Test func htmlReportIsSelfContainedAndMarksEveryClaim() throws {
        var checker = sharedChecker
        checker.keepsArticleText = true
        let reports = [checker.check(try [UInt8](Data(contentsOf: URL(fileURLWithPath: fixturePath("attribution.html")))), source: "attribution.html")]
        #expect(!reports[0].blocks.isEmpty)
        let html = HTMLReporter().render(reports)
        #expect(!html.contains("<script"))
        #expect(!html.contains("src=\"http") && !html.contains("href=\"http") && !html.contains("@import"))
        let marks = html.components(separatedBy: "<mark class=\"claim").count - 1
        let tables = reports[0].verdicts.filter { $0.kind == .table }.count
        #expect(marks + tables == reports[0].verdicts.count)
        #expect(html.contains("Lumen Dermal Institute"))
        #expect(html.contains("class=\"gate fail\""))
    }

    @Test func jsonLinesAreOneReportEach() throws {
        let reports = try reports(["overclaim.md", "balanced.md"])
        let lines = reports.map { JSONReporter().line($0) }
        for line in lines {
            #expect(line.hasSuffix("}\n") && line.dropLast().contains("\n") == false)
            #expect((try JSONSerialization.jsonObject(with: Data(line.utf8)) as? [String: Any])?["schemaVersion"] as? Int == 1)
        }
    }
}

/// `.claimcheck.yml`.
struct ConfigurationTests {
    func write(_ text: String) throws -> String {
        let folder = NSTemporaryDirectory() + "config-\(UUID().uuidString)"
        try FileManager.default.createDirectory(atPath: folder + "/site/drafts", withIntermediateDirectories: true)
        try text.write(toFile: folder + "/.claimcheck.yml", atomically: true, encoding: .utf8)
        return folder
    }

    @Test func unknownKeysAreErrorsWithLineAndColumn() throws {
        let folder = try write("fail-on: warning\nregion: [body]\n")
        do { _ = try Configuration.load(path: folder + "/.claimcheck.yml"); Issue.record("no error") } catch {
            #expect(error.line == 2 && error.column == 1)
            #expect(error.message == "unknown key `region` in .claimcheck.yml")
            #expect(error.fix?.hasPrefix("did you mean `regions`?") == true)
        }
    }

    @Test func theNearestConfigAboveAnInputIsFound() throws {
        let folder = try write("fail-on: warning\n")
        let found = Configuration.find(forInput: folder + "/site/drafts/post.md")
        #expect(found.map { URL(fileURLWithPath: $0).standardizedFileURL.path } == URL(fileURLWithPath: folder + "/.claimcheck.yml").standardizedFileURL.path)
    }

    @Test func settingsAreRead() throws {
        let folder = try write("""
        disable: [certainty.miracle]
        severity: {statistic.unsourced: info}
        fail-on: warning
        regions: [body, comments]
        ignore: ["site/drafts/**"]
        organisation: Example Desk
        """)
        let config = try Configuration.load(path: folder + "/.claimcheck.yml")
        #expect(config.failOn == "warning")
        #expect(config.regions == [.body, .comments])
        #expect(config.organisation == "Example Desk")
        #expect(config.ignores(folder + "/site/drafts/post.md"))
        #expect(!config.ignores(folder + "/site/post.md"))
        let checker = try ClaimChecker.load(rulesFolder: repositoryRoot + "/Rules", configuration: config, gate: GatePolicy())
        let report = checker.check(Array("Rosemary oil is a miracle cure.\n\nAbout 40% of users regrow hair.\n".utf8), source: "x.txt", format: .text)
        #expect(!report.verdicts.contains { $0.reasons.contains { $0.rule == "certainty.miracle" } })
        #expect(report.verdicts.first { $0.rule == "statistic.unsourced" }?.severity == .info)
    }

    @Test func globsMatchSegments() {
        #expect(Glob.matches("drafts/*.md", "drafts/a.md"))
        #expect(!Glob.matches("drafts/*.md", "drafts/x/a.md"))
        #expect(Glob.matches("**/*.tmp.md", "a/b/c.tmp.md"))
        #expect(Glob.matches("**/*.tmp.md", "c.tmp.md"))
        #expect(Glob.matches("site/?.html", "site/a.html"))
    }
}
