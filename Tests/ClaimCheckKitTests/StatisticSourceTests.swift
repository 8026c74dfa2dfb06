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
}
