import Foundation
import Testing
@testable import ClaimCheckKit

/// `statistic.unsourced` judges health statistics only: risks, rates, prevalence,
/// efficacy, survival, side-effect frequency and shares of patients; never doses,
/// concentrations, prices, markets, purity labels or figures of speech.
struct HealthStatisticTests {
    static let rule = sharedChecker.book.rule("statistic.unsourced")!

    func flagged(_ text: String) -> [String] {
        RuleExampleRunner(checker: sharedChecker).signals(of: Self.rule, in: text)
    }

    @Test(arguments: [
        ("About 40% of adults over 65 have high blood pressure.", "40%"),
        ("Side effects hit 12 percent of users in the first month.", "12 percent"),
        ("Survival rose to 65% at five years.", "65%"),
        ("Roughly 1 in 5 women reported hot flushes.", "1 in 5"),
        ("The gel, a 1% cream, caused redness in 30% of patients.", "30%"),
    ])
    func healthStatisticsAreFlagged(_ text: String, _ span: String) {
        #expect(flagged(text) == [span])
    }

    @Test(arguments: [
        "A 2% solution of the acid is sold over the counter.",
        "The serum contains 0.3% retinol and costs $40.",
        "Shares of the maker rose 15% on Monday.",
        "The market for the pills grew 8% last year.",
        "Even a 1 percent chance of rain can spoil the trip, the guide joked.",
        "We are 100 percent committed to every patient we see.",
        "Use the code SPRING for 20% off every order of the tonic.",
        "The shampoo is 100% natural and smells of mint.",
        "Each tablet holds 5 mg of the active ingredient.",
        "Mice fed 5% dried berries for a month gained less weight.",
    ])
    func otherFiguresAreNot(_ text: String) {
        #expect(flagged(text) == [])
    }

    @Test func theMessageNamesOnlyTheHealthFigures() {
        let report = check("The gel, a 1% cream, caused redness in 30% of patients.", format: .text)
        let messages = report.verdicts.flatMap(\.reasons).filter { $0.rule == "statistic.unsourced" }.map(\.message)
        #expect(messages == ["30% with no source nearby"])
    }
}
