import Testing
@testable import ClaimCheckKit

/// What sits at the edges of an article: bylines, datelines and captions go; lists
/// and schedules that are the article stay.
@Suite struct MainContentEdgeTests {
    /// Each block's region and text, in page order, boilerplate included.
    func regions(_ html: String) throws -> [String] {
        let document = try DocumentExtractor(keepsBoilerplate: true).extract(Array(html.utf8), path: "page.html", format: .html)
        return document.blocks.map { "\($0.region.rawValue): \(String(decoding: $0.text, as: UTF8.self))" }
    }

    static let prose = "<p>The clinic opened a second ward this spring, and its waiting list fell by a third, the staff said.</p>"

    @Test func aDatelineEndingInAnAbbreviationIsNotTheArticle() throws {
        let html = """
            <article><h1>Clinic opens a ward</h1>
            <p>Nov. 20, 2019 Updated: Nov. 21, 2019 1:35 a.m.</p>
            \(Self.prose)
            </article>
            """
        #expect(try regions(html) == [
            "body: Clinic opens a ward",
            "boilerplate: Nov. 20, 2019 Updated: Nov. 21, 2019 1:35 a.m.",
            "body: The clinic opened a second ward this spring, and its waiting list fell by a third, the staff said.",
        ])
    }

    @Test func aListBetweenSentencesAtTheStartStaysInTheArticle() throws {
        let html = """
            <article><h1>Ward news</h1>
            <p>What changed this month?</p>
            <ul><li>Longer visiting hours</li><li>A quiet room</li></ul>
            \(Self.prose)
            </article>
            """
        #expect(try regions(html) == [
            "body: Ward news",
            "body: What changed this month?",
            "body: Longer visiting hours",
            "body: A quiet room",
            "body: The clinic opened a second ward this spring, and its waiting list fell by a third, the staff said.",
        ])
    }

    @Test func aLongScheduleAtTheEdgeIsContent() throws {
        let schedule = (1...8).map { "Week \($0): clinic open on Monday and Thursday mornings" }.joined(separator: "<br>")
        let html = "<article><h1>Opening hours</h1>\(Self.prose)<p>\(schedule)</p></article>"
        let blocks = try regions(html)
        #expect(blocks.count == 3)
        #expect(blocks.last?.hasPrefix("body: Week 1: clinic open") == true)
    }

    @Test func captionsCreditsAndGalleriesAreNotTheArticle() throws {
        let html = """
            <article><h1>Ward news</h1>
            <div class="gallery"><p>The new ward seen from the garden, where patients can sit in the afternoon sun.</p></div>
            \(Self.prose)
            <div class="image-caption">A nurse at the new ward, photographed on the first morning it opened, with her team.</div>
            <span class="photo-credit">Photo: A. Photographer</span>
            <p>Staff expect the second ward to be full by the winter, when admissions usually rise.</p>
            </article>
            """
        #expect(try regions(html) == [
            "body: Ward news",
            "boilerplate: The new ward seen from the garden, where patients can sit in the afternoon sun.",
            "body: The clinic opened a second ward this spring, and its waiting list fell by a third, the staff said.",
            "boilerplate: A nurse at the new ward, photographed on the first morning it opened, with her team.",
            "boilerplate: Photo: A. Photographer",
            "body: Staff expect the second ward to be full by the winter, when admissions usually rise.",
        ])
    }
}
