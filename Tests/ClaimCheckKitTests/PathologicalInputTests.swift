import Foundation
import Testing
@testable import ClaimCheckKit

/// Inputs built to crash, hang or blow up a checker: deep nesting, entity and
/// attribute storms, runs of quote marks, megabyte sentences and lines, wide
/// tables, control characters and stray bytes. Each is generated here; each must
/// give a bounded, correctly positioned report.
struct PathologicalInputTests {
    func repeated(_ piece: String, _ count: Int) -> String { String(repeating: piece, count: count) }

    // MARK: Nesting

    @Test(arguments: [
        String(repeating: ">", count: 20_000) + " Biotin is a miracle cure.\n",
        String(repeating: "- ", count: 50_000) + "Biotin is a miracle cure.\n",
        String(repeating: "> - ", count: 20_000) + "Biotin is a miracle cure.\n",
        String(repeating: "*a ", count: 30_000) + String(repeating: "[x", count: 30_000) + "\n",
    ])
    func deeplyNestedMarkdownIsReadWithoutRecursion(_ markdown: String) {
        let report = check(markdown, format: .markdown, checker: everyTopicChecker)
        #expect(report.error == nil)
        if markdown.hasPrefix(">") || markdown.hasPrefix("-") {
            #expect(report.notes.contains { $0.contains("nested deeper than 100 levels") })
        }
    }

    @Test func nestingWithinTheLimitKeepsItsClaim() {
        let markdown = repeated("> ", 50) + "Biotin is a miracle cure.\n"
        let verdict = check(markdown, format: .markdown, checker: everyTopicChecker).verdicts.first
        #expect(verdict?.claim == "Biotin is a miracle cure.")
        #expect(verdict?.location.column == 101)
        #expect(verdict?.location.offset == 100)
    }

    @Test func blockquotesFollowedByAngleBracketsFinish() {
        // cmark-gfm's inline parser is quadratic inside tens of thousands of containers.
        let markdown = repeated(">", 47_000) + repeated("<", 50_000) + "\n"
        let report = check(markdown, format: .markdown, checker: everyTopicChecker)
        #expect(report.error == nil)
        #expect(report.verdicts.isEmpty)
    }

    @Test func unclosedHTMLAndStrayEndTagsFinish() {
        let html = "<body>" + repeated("<div>", 50_000) + repeated("</span>", 50_000) + "<p>Biotin is a miracle cure.</p>"
        let verdict = check(html, format: .html, checker: everyTopicChecker).verdicts.first
        #expect(verdict?.claim == "Biotin is a miracle cure.")
        #expect(verdict?.location.offset == 6 + 50_000 * 5 + 50_000 * 7 + 3)
    }

    // MARK: Storms

    @Test func aRunOfEntitiesIsLinearAndMapsExactly() {
        let html = "<p>Hi " + repeated("&amp;", 125_000) + " Biotin is a miracle cure.</p>"
        let document = try! DocumentExtractor().extract(Array(html.utf8), path: "x.html", format: .html)
        #expect(document.blocks.count == 1)
        let block = document.blocks[0]
        #expect(block.text.count == 3 + 125_000 + 26)
        // "Biotin" starts after the run: its source offset is the entity run's end plus a space.
        let biotin = block.text.count - 25
        #expect(block.map.sourceOffset(ofTextStart: biotin) == 6 + 125_000 * 5 + 1)
    }

    @Test func attributesPastTheLimitAreIgnoredAndTheTextKept() {
        let attributes = (0..<100_000).map { "data-a\($0)=\"x\"" }.joined(separator: " ")
        let html = "<body><p class=\"lead\" " + attributes + ">Biotin is a miracle cure.</p></body>"
        let report = check(html, format: .html, checker: everyTopicChecker)
        let verdict = report.verdicts.first
        #expect(verdict?.claim == "Biotin is a miracle cure.")
        #expect(verdict?.location.offset == html.utf8.count - 36)
        #expect(report.notes.contains { $0.contains("attributes past the first 256") })
    }

    @Test func attributesInsideScriptsAndCommentsAreLeftAlone() {
        var bytes = Array(("<script>if (a<b " + repeated("c ", 300) + ") {}</script><!-- <p " + repeated("d ", 300) + "--><p>ok</p>").utf8)
        let original = bytes
        bytes = InputScrubber.scrub(bytes, format: .html).bytes
        #expect(bytes == original)
    }

    @Test(arguments: [
        String(repeating: "\"", count: 100_000),
        String(repeating: "\u{201C}", count: 50_000) + String(repeating: "\u{201D}", count: 50_000),
        String(repeating: "\"a b c d e\" said Dr. Lee, a renowned expert. ", count: 4_000),
    ])
    func runsOfQuoteMarksFinishWithBoundedClaims(_ text: String) {
        let report = check(text, format: .text, checker: everyTopicChecker)
        #expect(report.error == nil)
        #expect(report.verdicts.allSatisfy { $0.claim.utf8.count < 1_000 })
    }

    // MARK: Long sentences, lines and tables

    @Test func aMegabyteSentenceIsCutIntoBoundedClaims() {
        let words = ["the", "cream", "is", "proven", "to", "work", "for", "hair", "and", "skin"]
        let text = (0..<150_000).map { words[$0 % words.count] }.joined(separator: " ") + "\n"
        let report = check(text, format: .text, checker: everyTopicChecker)
        #expect(!report.verdicts.isEmpty)
        // 200 tokens of these words are at most about 1,000 bytes.
        #expect(report.verdicts.allSatisfy { $0.claim.utf8.count <= 1_100 })
        #expect(report.verdicts.allSatisfy { $0.location.length == $0.claim.utf8.count })
    }

    @Test func sentencesAreCutAtACommaNearTheLimit() {
        let tokens = sharedChecker.matching.tokenizer.tokenize(Array((repeated("word ", 150) + ", " + repeated("more ", 150) + ".").utf8))
        let pieces = SentenceSplitter.bounded(0..<tokens.count, tokens)
        #expect(pieces.count == 2)
        #expect(pieces[0] == 0..<151)   // 150 words and the comma
        #expect(pieces[1] == 151..<tokens.count)
    }

    @Test func columnsOnAMegabyteLineAreExact() {
        // Multibyte characters on a long line: columns count characters, from checkpoints.
        let unit = "Zoë said it is proven to work. "   // 31 characters, 32 bytes
        let text = repeated(unit, 40_000)
        let report = check(text, format: .text, checker: everyTopicChecker)
        #expect(report.verdicts.count == 40_000)
        let last = report.verdicts.last!
        #expect(last.location.line == 1)
        #expect(last.location.column == 39_999 * 31 + 1)
        #expect(last.location.offset == 39_999 * 32)
    }

    /// Past 100 columns a Markdown table is read as text (cmark-gfm's table code is
    /// quadratic in columns): the claims stay bounded and a note says why.
    @Test func aWideMarkdownTableIsReadAsBoundedText() {
        let columns = 5_000
        let header = "|" + (0..<columns).map { "h\($0)" }.joined(separator: "|") + "|\n"
        let rule = "|" + repeated("---|", columns) + "\n"
        let row = "|" + (0..<columns).map { "\($0 % 100)% effective" }.joined(separator: "|") + "|\n"
        let report = check(header + rule + repeated(row, 10), format: .markdown, checker: everyTopicChecker)
        #expect(report.error == nil)
        #expect(report.verdicts.allSatisfy { $0.claim.utf8.count <= VerdictResolver.maximumClaimBytes + 3 })
        #expect(report.notes.contains { $0.hasPrefix("12 lines past a table's limit") })
        #expect(report.verdicts.contains { $0.rule == "statistic.unsourced" })
    }

    @Test func aLongHTMLTableReportsItsHeaderNotItsRows() throws {
        let rows = (0..<4_000).map { "<tr><td>Group \($0)</td><td>\($0 % 100)%</td><td>\(($0 * 7) % 100)%</td></tr>" }.joined()
        let html = "<table><tr><th>Group</th><th>Before</th><th>After</th></tr>" + rows + "</table>"
        let report = check(html, format: .html, checker: everyTopicChecker)
        let table = try #require(report.verdicts.first { $0.kind == .table })
        #expect(table.claim == "Group | Before | After")
        #expect(table.rule == "table.unsourced")
        let json = try JSONEncoder().encode(report)
        #expect(json.count < 20_000)
    }

    @Test func quotesInsideATableSpanTheirRowOnly() {
        let rows = (0..<500).map { "<tr><td>\"It is proven to work, every time,\" said Dr. Lee, a renowned expert \($0).</td></tr>" }.joined()
        let report = check("<table>" + rows + "</table>", format: .html, checker: everyTopicChecker)
        #expect(report.verdicts.allSatisfy { $0.claim.utf8.count < 200 })
    }

    // MARK: Characters and bytes

    @Test(arguments: [InputFormat.html, .text, .markdown])
    func formFeedsAndVerticalTabsSeparateWords(_ format: InputFormat) {
        let body = "This cream is proven to be\u{0C}effective and\u{0B}safe."
        let source = format == .html ? "<p>" + body + "</p>" : body + "\n"
        let report = check(source, format: format, checker: everyTopicChecker)
        let verdict = report.verdicts.first
        #expect(verdict?.claim == "This cream is proven to be effective and safe.")
        #expect(verdict?.location.column == (format == .html ? 4 : 1))
        #expect(verdict?.location.length == body.utf8.count)
    }

    @Test func oneStrayByteKeepsAUTF8PageUTF8() {
        var bytes = Array("<meta charset=\"utf-8\"><p>Café owners say it is proven to work, said Dr. José Núñez.</p><p>Bad ".utf8)
        bytes.append(0xFF)
        bytes += Array(" byte.</p>".utf8)
        let report = everyTopicChecker.check(bytes, source: "page.html", format: .html)
        let verdict = report.verdicts.first
        #expect(verdict?.claim == "Café owners say it is proven to work, said Dr. José Núñez.")
        #expect(verdict?.location.column == 26)
        #expect(report.notes == ["has 1 byte that is not UTF-8 in otherwise UTF-8 text; read as U+FFFD (\u{FFFD})"])
    }

    @Test func textAfterAStrayByteKeepsItsOffsets() {
        var bytes = Array("Bad ".utf8)
        bytes.append(0xC3)   // a lead byte with no continuation
        bytes += Array(" byte. Zoë says biotin is a miracle cure.\n".utf8)
        let verdict = everyTopicChecker.check(bytes, source: "note.txt", format: .text).verdicts.first
        #expect(verdict?.claim == "Zoë says biotin is a miracle cure.")
        #expect(verdict?.location.offset == 12)
        #expect(verdict?.location.length == Array("Zoë says biotin is a miracle cure.".utf8).count)
    }

    @Test func aLatin1PageWithNoMultibyteSequenceIsStillWindows1252() {
        var bytes = Array("<meta charset=\"utf-8\"><p>Caf".utf8)
        bytes.append(0xE9)
        bytes += Array(" owners say it is proven.</p>".utf8)
        let decoded = DecodedSource(bytes: bytes)
        #expect(decoded.encoding == .windows1252)
    }

    // MARK: Long Markdown, parsed in pieces

    /// About 600 KB of ordinary paragraphs, so the source is parsed in several pieces.
    var longMarkdown: String {
        repeated("The clinic said the new treatment helped many patients feel better within weeks, according to its survey.\n\n", 6_000)
    }

    @Test func aLongMarkdownDraftKeepsExactPositionsAcrossPieces() {
        let bytes = Array((longMarkdown + "Biotin is a miracle cure.\n").utf8)
        let chunker = MarkdownChunker(source: bytes, lineStarts: MarkdownExtractor.lineStarts(bytes))
        #expect(chunker.chunks().count > 1)
        let verdict = everyTopicChecker.check(bytes, source: "draft.md", format: .markdown).verdicts.first
        #expect(verdict?.claim == "Biotin is a miracle cure.")
        #expect(verdict?.location.line == 12_001)
        #expect(verdict?.location.column == 1)
        #expect(verdict?.location.offset == bytes.count - 26)
    }

    @Test func linkReferencesDefinedInOnePieceServeTheOthers() {
        let markdown = "[trial]: https://example.org/trial\n\n" + longMarkdown + "Studies show [it works][trial].\n"
        let report = check(markdown, format: .markdown, checker: everyTopicChecker)
        // The reference resolves, so the sentence carries a link and is cited.
        #expect(!report.verdicts.contains { $0.claim.hasPrefix("Studies show") })
        let unresolved = check(longMarkdown + "Studies show [it works][nowhere].\n", format: .markdown, checker: everyTopicChecker)
        #expect(unresolved.verdicts.contains { $0.claim.hasPrefix("Studies show") })
    }

    @Test func noPieceEndsInsideFencedCode() {
        let fenced = "```\n" + repeated("Biotin is a miracle cure.\n\nAnother line of code.\n\n", 12_000) + "```\n"
        let bytes = Array((longMarkdown + fenced + "Biotin is a miracle cure.\n").utf8)
        let chunks = MarkdownChunker(source: bytes, lineStarts: MarkdownExtractor.lineStarts(bytes)).chunks()
        let fenceStart = Array(longMarkdown.utf8).count
        #expect(chunks.allSatisfy { !($0.bytes.lowerBound > fenceStart && $0.bytes.lowerBound < bytes.count - 26) })
        let verdicts = everyTopicChecker.check(bytes, source: "draft.md", format: .markdown).verdicts
        #expect(verdicts.count == 1)
        #expect(verdicts.first?.location.offset == bytes.count - 26)
    }

    @Test func aHugeMarkdownTableEndsAtTheCellLimit() {
        let columns = 100
        let header = "|" + (0..<columns).map { "h\($0)" }.joined(separator: "|") + "|\n"
        let rule = "|" + repeated("---|", columns) + "\n"
        let row = "|" + repeated("x|", columns) + "\n"
        let report = check(header + rule + repeated(row, 2_000), format: .markdown, checker: everyTopicChecker)
        #expect(report.error == nil)
        #expect(report.notes.contains { $0.contains("past a table's limit (100 columns, 50000 cells)") })
    }

    // MARK: Suppressions

    @Test func suppressionsPastTheLimitAreOneErrorAndTheFileFinishes() {
        let comment = "<!-- claimcheck-disable-next-line certainty.miracle -- quoted to rebut it -->"
        let markdown = repeated(comment, 20_000) + repeated("\n", 200_000) + "Biotin is a miracle cure.\n"
        let report = check(markdown, format: .markdown, checker: everyTopicChecker)
        let tooMany = report.diagnostics.filter { $0.rule == "suppression.too-many" }
        #expect(tooMany.count == 1)
        #expect(tooMany.first?.line == 1)
        #expect(tooMany.first?.column == 1 + SuppressionApplier.maximumDirectives * comment.count)
        // The first directive still skips the blank lines and silences the claim.
        #expect(report.verdicts.first?.suppression != nil)
        #expect(report.verdicts.first?.location.line == 200_001)
    }

    // MARK: Positions cmark-gfm reports wrongly

    @Test func aParagraphLineBeforeATableKeepsItsPosition() {
        // cmark-gfm takes the line before a delimiter row as the table's header and
        // reports the rest of the paragraph at the end of the table.
        let markdown = "# Notes\n\nOne advert called scalp massage a miracle cure.\n| a | b |\n|:--|:--|\n| 1 | 2 |\n"
        let verdict = check(markdown, format: .markdown, checker: everyTopicChecker).verdicts.first { $0.claim.hasPrefix("One advert") }
        #expect(verdict?.location.line == 3)
        #expect(verdict?.location.column == 1)
        #expect(verdict?.location.length == 47)
    }

    @Test func loneCarriageReturnsEndMarkdownLines() {
        let markdown = "Intro.\r\rBiotin is a miracle cure."
        let verdict = check(markdown, format: .markdown, checker: everyTopicChecker).verdicts.first
        #expect(verdict?.claim == "Biotin is a miracle cure.")
        #expect(verdict?.location.offset == 8)
        #expect(verdict?.location.length == 25)
    }

    // MARK: The token budget

    @Test func blocksPastTheTokenBudgetAreJudgedTheSame() throws {
        let html = try String(contentsOfFile: fixturePath("attribution.html"), encoding: .utf8)
            + (try String(contentsOfFile: fixturePath("overclaim.html"), encoding: .utf8))
        var tight = everyTopicChecker
        tight.analysisTokenBudget = 50
        let full = everyTopicChecker.check(Array(html.utf8), source: "page.html", format: .html)
        let streamed = tight.check(Array(html.utf8), source: "page.html", format: .html)
        #expect(full.verdicts.count > 10)
        #expect(streamed.verdicts == full.verdicts)
        #expect(streamed.checklist == full.checklist)
    }

    // MARK: A page with no article

    @Test func aPageWithNoArticleTextSaysSo() throws {
        let html = "<html><body><aside><p>Great post, thanks for sharing this with all of us here.</p></aside></body></html>"
        let report = check(html, format: .html, name: "page.html", checker: everyTopicChecker)
        #expect(report.noArticleText == true)
        #expect(report.notes.last == "no article text found (blocks read as 1 related); see what was read with `claimcheck extract --regions all page.html`")
        let line = String(decoding: ReportJSONWriter().line(report), as: UTF8.self)
        #expect(line.contains("\"gate\":\"pass\",\"noArticleText\":true,\"notes\""))
        let article = check("<p>Biotin is a miracle cure.</p>", format: .html, checker: everyTopicChecker)
        #expect(article.noArticleText == nil)
    }

    @Test func aTableWithAnEmptyHeaderShowsItsFirstRowWithText() throws {
        let text = "Side effects:\n\n||\n| --- | --- |\n| Redness at the treated site | 62% |\n| Flu-like symptoms | 14% |\n| Hair shedding | 9% |\n"
        let verdict = try #require(check(text, format: .text, checker: everyTopicChecker).verdicts.first { $0.kind == .table })
        #expect(verdict.claim.hasSuffix("Redness at the treated site | 62%"))
        #expect(verdict.location.length > 0)
    }

    @Test func aCitationLineAfterTheArticleStaysInTheBody() throws {
        let prose = repeated("<p>The trial enrolled adults with floaters, and the treated group reported fewer symptoms after six months.</p>", 4)
        let html = "<html><body><nav><a href=\"/\">Home</a></nav><div>" + prose
            + "<p>By Staff</p><p>(doi:10.1001/example.2017.2388)</p></div><footer>All rights reserved</footer></body></html>"
        let document = try DocumentExtractor().extract(Array(html.utf8), path: "page.html", format: .html)
        let body = document.blocks.filter { $0.region == .body }.map(\.string)
        #expect(body.last == "(doi:10.1001/example.2017.2388)")
        #expect(!body.contains("By Staff"))
    }
}
