import Testing
@testable import ClaimCheckKit

/// Where a figure's source is named beside it rather than in its own sentence.
struct StatisticSourceTests {
    func unsourced(_ text: String) -> [String] {
        check(text, format: .text).verdicts.flatMap { verdict in
            verdict.reasons.filter { $0.rule == "statistic.unsourced" }.map { "\(verdict.location.line): \($0.message)" }
        }
    }

    @Test func aFigureBesideANamedAgencyIsItsEstimate() {
        #expect(unsourced("""
            The CDC tracks the condition every year. About 12 percent of adults have it, and most are never treated.
            """) == [])
        #expect(unsourced("""
            The figures come from the American Example Society. About 12 percent of adults have the condition.
            """) == [])
        #expect(unsourced("About 12 percent of adults have the condition, and most are never treated.\n") == [
            "1: 12 percent with no source nearby",
        ])
    }

    @Test func aReviewAccountsForTheTrialsItPooled() {
        let review = """
            A systematic review published in the Journal of Example Oncology pooled 40 trials of the drug.

            Another trial of 29 patients showed that 66 percent were free of progression at 12 weeks.
            """
        #expect(unsourced(review) == [])
        let noReview = """
            The drug is sold in three countries.

            Another trial of 29 patients showed that 66 percent were free of progression at 12 weeks.
            """
        #expect(unsourced(noReview) == ["3: 66 percent with no source nearby"])
    }

    @Test func aNamedCentreGivesTheEstimatesBesideIt() {
        #expect(unsourced("""
            The National Example Center estimates that 7 percent of adults will have the condition. Among veterans, it is estimated that 30 percent will.
            """) == [])
    }

    @Test func credentialsBetweenANameAndItsRoleStillIdentifyTheSpeaker() {
        let introduced = """
            The commentary was written by Ana Lopez, M.D., Dr.P.H., a professor at Example University.

            "Their smoking rates may be as high as 75 percent," said Lopez.
            """
        #expect(unsourced(introduced) == [])
        let unknown = """
            The commentary was written by a panel.

            "Their smoking rates may be as high as 75 percent," said Lopez.
            """
        #expect(unsourced(unknown) == ["3: 75 percent with no source nearby"])
    }

    @Test func aPointBeforeDigitsAfterASpaceIsADecimalPoint() {
        let verdicts = check("The hospital's screening found a .6 percent prevalence in the first year, while rates elsewhere vary.\n", format: .text).verdicts
        #expect(verdicts.map(\.location.column) == [1])
        #expect(verdicts.first?.claim.hasPrefix("The hospital's screening found a .6 percent") == true)
    }

    @Test func theParticipantsInThePastTenseAreTheReportedStudysResult() {
        let release = """
            The trial, published in the Journal of Example Urology, treated 58 men with a single dose.

            At three years, three patients experienced a relapse, an estimated control rate of 93 percent each year.
            """
        #expect(unsourced(release) == [])
        // Background in the present tense stays the writer's own figure.
        let background = """
            The trial, published in the Journal of Example Urology, treated 58 men with a single dose.

            An estimated 12 percent of patients have a relapse each year.
            """
        #expect(unsourced(background) == ["3: 12 percent with no source nearby"])
    }

    @Test func theStudysAccountGoesOnInTheNextSentence() {
        let release = """
            The trial appears in the Journal of Example Oncology.

            The study reports the disease is the most common cancer in women. It accounted for 29 percent of new cancers in 2016.
            """
        #expect(unsourced(release) == [])
        let noFrame = """
            The trial appears in the Journal of Example Oncology.

            The disease is the most common cancer in women. It accounts for 29 percent of new cancers each year.
            """
        #expect(unsourced(noFrame) == ["3: 29 percent with no source nearby"])
    }

    @Test func aNamedResearcherAndColleaguesReportTheirOwnWork() {
        let release = """
            Dr. Ana Kuhl, chair of radiology at Example University, led the work.

            Between 2005 and 2013, Dr. Kuhl and colleagues studied 2,120 women with less than a 15 percent lifetime risk.
            """
        #expect(unsourced(release) == [])
    }

    @Test func aCostIsNotAHealthStatistic() {
        #expect(unsourced("The shorter course is estimated to cut the cost of treatment by about 25% for patients.\n") == [])
    }

    @Test func aReferenceMarkSourcesItsOwnFigureOnly() {
        let page = """
            About 30 percent of adults have the condition.[5] Most recover within a year.

            It is common in older people, and the treatment is simple.

            Nearly 40 percent of adults have it again within five years.
            """
        #expect(unsourced(page) == ["5: 40 percent with no source nearby"])
        let release = """
            The results were published November 2 in the Example Obesity Journal.

            After a year, people in the program group had lost about 4 percent of their weight.
            """
        #expect(unsourced(release) == [])
    }

    @Test func aSourceNoteSourcesTheFiguresOfTheDocument() throws {
        let sheet = """
            About 1 in 3 adults will develop the condition in their lifetime.

            Long-term nerve pain affects about 10 to 18 percent of people who get it.

            Source: National Example Center for Immunization, 2024.
            """
        #expect(unsourced(sheet) == [])
        let withoutNote = """
            About 1 in 3 adults will develop the condition in their lifetime.

            Long-term nerve pain affects about 10 to 18 percent of people who get it.
            """
        #expect(unsourced(withoutNote) == ["1: 1 in 3 with no source nearby", "3: 18 percent with no source nearby"])
        // "Studies show" still names nothing a reader can find, note or not.
        let vague = sheet + "\nStudies show that 40 percent of adults have it.\n"
        let verdict = try #require(check(vague, format: .text).verdicts.first)
        #expect(verdict.rule == "source.studies-show")
        #expect(verdict.attribution?.basis == "none")
    }

    @Test func theSourceNoteIsShownAsTheAttribution() throws {
        var checker = everyRuleChecker
        checker.weighsEveryTopic = true
        let sheet = """
            The new cream is a breakthrough: 40 percent of users saw thicker hair in a month.

            Source: National Example Center, 2024.
            """
        let verdict = try #require(check(sheet, format: .text, checker: checker).verdicts.first { $0.attribution?.basis == "source-note" })
        #expect(verdict.attribution?.source == "Source: National Example Center, 2024.")
        #expect(verdict.attribution?.line == 3)
    }
}

