import Foundation
import Testing
@testable import ClaimCheckKit

/// Positions are carried from the parser; these prove they survive what breaks
/// re-finding: entities, inline tags, multibyte text and hard-wrapped lines.
struct PositionTests {
    /// The 1-based line and column of the verdict on the claim starting with `prefix`.
    func position(_ report: Report, _ prefix: String) -> (Int, Int)? {
        report.verdicts.first { $0.claim.hasPrefix(prefix) }.map { ($0.location.line, $0.location.column) }
    }

    @Test func entitiesBeforeTheClaimKeepItsColumn() {
        let html = "<p>Caf&eacute; &amp; co&#8217;s view. Biotin is a miracle cure for thinning hair.</p>"
        let report = check(html, format: .html)
        // "Biotin" is the 39th character of the source line; every character before it is ASCII.
        #expect(position(report, "Biotin is a miracle cure")! == (1, 39))
    }

    @Test func inlineTagsDoNotShiftTheClaim() {
        let html = "<p><em>Note:</em> <a href=\"/x\">read</a> this. <strong>Rosemary oil</strong> is a miracle cure.</p>"
        let report = check(html, format: .html)
        let verdict = report.verdicts.first { $0.claim.hasPrefix("Rosemary oil is a miracle cure") }
        #expect(verdict?.location.line == 1)
        #expect(verdict?.location.column == 55)   // the "R" inside <strong>
        #expect(verdict?.claim == "Rosemary oil is a miracle cure.")
    }

    @Test func multibyteCharactersCountAsOneColumn() {
        let text = "Zoë 🙌 said 日本 hi. Rosemary oil is a miracle cure.\n"
        let report = check(text, format: .text)
        let verdict = report.verdicts.first { $0.claim.hasPrefix("Rosemary") }
        #expect(verdict?.location.column == 19)
        // Offsets stay UTF-8 bytes: ë is 2 bytes, 🙌 4, each CJK character 3.
        #expect(verdict?.location.offset == Array("Zoë 🙌 said 日本 hi. ".utf8).count)
    }

    @Test func hardWrappedClaimsStartAndEndOnTheirOwnLines() {
        let text = """
        Hair care is a broad subject and we cover only a little of it in this
        short note. Cyclosporine has been proven to regrow hair in some of the
        people who take it for other reasons.

        """
        let report = check(text, format: .text)
        let verdict = report.verdicts.first { $0.claim.hasPrefix("Cyclosporine has been proven") }
        #expect(verdict?.location.line == 2)
        #expect(verdict?.location.column == 13)
        #expect(verdict?.location.endLine == 3)
        #expect(verdict?.location.endColumn == 38)
        #expect(verdict?.verdict == .overstated)
    }

    @Test func markdownEmphasisAndEntitiesMapToTheSource() {
        let markdown = "# Title\n\nSome *context* &amp; more. **Biotin** is a miracle cure.\n"
        let report = check(markdown, format: .markdown)
        let verdict = report.verdicts.first { $0.claim.hasPrefix("Biotin") }
        #expect(verdict?.location.line == 3)
        #expect(verdict?.location.column == 30)
    }

    @Test func latin1PagesMapToOriginalBytes() {
        // "é" is one byte in Latin-1 (two once decoded); the claim must still be at column 13, byte 12 of line 2.
        var bytes = Array("<p>Caf".utf8) + [0xE9] + Array(" ok. Biotin is a miracle cure.</p>".utf8)
        bytes = Array("<meta charset=\"iso-8859-1\">\n".utf8) + bytes
        let report = sharedChecker.check(bytes, source: "latin1.html", format: .html)
        let verdict = report.verdicts.first { $0.claim.hasPrefix("Biotin") }
        #expect(verdict?.location.line == 2)
        #expect(verdict?.location.column == 13)
        #expect(verdict?.location.offset == 28 + 12)
    }
}

/// Any bytes at all: nothing crashes, nothing after a deep or huge part is lost.
struct RobustnessTests {
    @Test func emptyAndWhitespaceInputsGiveEmptyReports() {
        for format in InputFormat.allCases {
            #expect(check("", format: format).verdicts.isEmpty)
            #expect(check("   \n\n", format: format).verdicts.isEmpty)
        }
    }

    @Test func binaryInputIsAnErrorNamingTheFile() {
        let bytes: [UInt8] = [0x89, 0x50, 0x4E, 0x47, 0x00, 0x01, 0x02, 0xFF, 0x00]
        let report = sharedChecker.check(bytes, source: "image.html")
        #expect(report.error != nil)
        #expect(report.source == "image.html")
        #expect(report.gate == .fail)
    }

    @Test func tenThousandNestedDivsKeepTheTextAfterThem() {
        let deep = String(repeating: "<div>", count: 10_000) + "<p>Biotin is a miracle cure.</p>" + String(repeating: "</div>", count: 10_000)
        let html = "<html><body>\(deep)<p>Scalp massage cures baldness.</p></body></html>"
        let report = check(html, format: .html)
        #expect(report.verdicts.contains { $0.claim == "Biotin is a miracle cure." })
        #expect(report.verdicts.contains { $0.claim == "Scalp massage cures baldness." })
    }

    @Test func unclosedTagsStillGiveBlocks() {
        let html = "<html><body><p>Biotin is a miracle cure.<p>Scalp massage cures baldness.<div><span>unclosed"
        let report = check(html, format: .html)
        #expect(report.verdicts.count == 2)
    }

    @Test func aTwentyMegabytePageIsReadToTheEnd() {
        let filler = String(repeating: "<p>Plain words about hair care and nothing else here.</p>\n", count: 360_000)
        let html = "<html><body>" + filler + "<p>Biotin is a miracle cure.</p></body></html>"
        #expect(html.utf8.count > 20_000_000)
        let report = check(html, format: .html)
        #expect(report.verdicts.map(\.location.line) == [360_001])
    }

    @Test func aDeclaredCharsetThatLiesIsReadByItsBytes() {
        let html = "<meta charset=\"windows-1252\"><p>It’s true: biotin is a miracle cure.</p>"
        let report = check(html, format: .html)
        #expect(report.verdicts.first?.claim == "It’s true: biotin is a miracle cure.")
        #expect(report.notes.contains { $0.contains("valid UTF-8") })
    }

    @Test func scriptsStylesAndChromeAreNeverBodyClaims() {
        let html = """
        <html><head><script>var x = "clinically proven";</script><style>.a{}</style></head><body>
        <div class="cookie-banner">Our cookies are a miracle cure.</div>
        <nav><a href="/">Miracle cures that work</a></nav>
        <main><p>Nothing to see.</p></main>
        <footer>This site is clinically proven to help.</footer>
        </body></html>
        """
        #expect(check(html, format: .html).verdicts.isEmpty)
    }

    @Test func commentsAndSidebarsKeepTheirRegion() {
        let html = """
        <main><p>Nothing to see.</p></main>
        <aside class="sidebar"><p>Biotin is a miracle cure.</p></aside>
        <section id="comments"><p>Scalp massage cures baldness.</p></section>
        """
        let report = check(html, format: .html)
        #expect(report.verdicts.map(\.region) == [.related, .comments])
        #expect(report.gate == .pass)
    }

    @Test func plainTextCommentHeadingsOpenTheCommentsRegion() {
        let text = "A title\nNothing to see here at all.\n3 Comments\nBiotin is a miracle cure.\n"
        #expect(check(text, format: .text).verdicts.map(\.region) == [.comments])
    }

    @Test func sentencesDoNotSplitAfterAbbreviations() {
        let text = "Dr. Ann Lee of the U.S. agency said e.g. 2.5 mg works. Biotin is a miracle cure.\n"
        let report = check(text, format: .text)
        #expect(report.verdicts.first?.claim == "Biotin is a miracle cure.")
    }

    @Test func tablesStayTablesInEveryFormat() throws {
        let html = "<table><caption>Results</caption><tr><th>Effect</th><th>Share</th></tr><tr><td>Redness</td><td>80%</td></tr></table>"
        let document = try DocumentExtractor().extract(Array(html.utf8), path: nil, format: .html)
        let table = try #require(document.blocks.first?.table)
        #expect(table.header.count == 2)
        #expect(table.rows.count == 1)
        #expect(table.caption != nil)
        let markdown = try DocumentExtractor().extract(Array("| A | B |\n|---|---|\n| x | 80% |\n".utf8), path: nil, format: .markdown)
        #expect(markdown.blocks.first?.table?.rows.count == 1)
        let text = try DocumentExtractor().extract(Array("A | B |\n---|---|\nx | 80% |\n".utf8), path: nil, format: .text)
        #expect(text.blocks.first?.table?.header.count == 2)
        #expect(text.blocks.first?.string == "A | B\nx | 80%")
    }
}

/// Citation marks: each of these makes a figure sourced; without it, it is flagged.
struct CitationTests {
    static let cited = [
        "Around 40% of users saw regrowth (Smith 2020).",
        "Around 40% of users saw regrowth [3].",
        "Around 40% of users saw regrowth, doi:10.1000/xyz123.",
        "Around 40% of users saw regrowth (PMID 12345678).",
        "A 2021 review in the Journal of Hair found that around 40% of users saw regrowth.",
        "Around 40% of users saw regrowth, according to the American Academy of Dermatology.",
        "Around 40% of users saw regrowth, Lee et al. reported.",
        "Around 40% of users saw regrowth in a trial published this month in Skin Research.",
    ]

    @Test(arguments: cited)
    func aCitationMarkSourcesTheFigure(_ sentence: String) {
        let report = check(sentence + "\n", format: .text)
        #expect(!report.verdicts.contains { $0.reasons.contains { $0.rule == "statistic.unsourced" } }, "\(sentence)")
    }

    @Test func aFigureWithNoMarkIsFlagged() {
        let report = check("Around 40% of users saw regrowth.\n", format: .text)
        let verdict = report.verdicts.first
        #expect(verdict?.verdict == .unsupported)
        #expect(verdict?.reasons.first?.message == "40% with no source nearby")
    }

    @Test func aLinkInHTMLIsACitation() {
        let report = check("<p>Around 40% of users saw regrowth (<a href=\"https://example.org/study\">study</a>).</p>", format: .html)
        #expect(report.verdicts.isEmpty)
    }

    @Test func yearsDecadesAndDosesAreNotStatistics() {
        let report = check("The FDA approved the cream in the late 1990s, at 5 mg a day, in 2004.\n", format: .text)
        #expect(report.verdicts.isEmpty)
    }

    @Test func aPageThatDeclaresUTF8ButIsLatin1IsReadAsWindows1252() {
        let bytes = Array("<meta charset=\"utf-8\"><p>Caf".utf8) + [0xE9] + Array(": biotin is a miracle cure.</p>".utf8)
        let report = sharedChecker.check(bytes, source: "mislabelled.html")
        #expect(report.verdicts.first?.claim == "Café: biotin is a miracle cure.")
        #expect(report.notes.contains { $0.contains("declares UTF-8") })
    }
}
