import Testing
@testable import ClaimCheckKit

/// The `study.*` rules: a claim weighed against the design and size of the study
/// the article reports on. They ship off, so these run with every rule on.
struct StudyRuleTests {
    /// The study reasons of each verdict: rule, message and the flagged line:column.
    func studyReasons(_ text: String) -> [String] {
        check(text, format: .text, checker: everyRuleChecker).verdicts.flatMap { verdict in
            verdict.reasons.filter { $0.rule.hasPrefix("study.") }.map { "\(verdict.location.line):\(verdict.location.column) \($0.rule): \($0.message)" }
        }
    }

    @Test func theStudyRulesShipOff() throws {
        for id in ["study.causal-from-observational", "study.animal-as-human", "study.early-trial-overclaim"] {
            #expect(try #require(sharedChecker.book.rule(id)).enabled == false, "\(id)")
        }
        #expect(check("Walking protects the heart, according to a cohort study of 9,000 adults published in Example Cardiology.",
                      format: .text).verdicts.flatMap(\.reasons).filter { $0.rule.hasPrefix("study.") }.isEmpty)
    }

    @Test func aHeadlineStatesCauseFromACohortStudy() {
        let text = """
            Tea protects the heart

            Adults who drank tea had fewer heart attacks over ten years, according to a cohort study of 12,000 adults published in the Journal of Example Cardiology.
            """
        #expect(studyReasons(text) == [
            "1:1 study.causal-from-observational: “protects” states cause and effect, but the study it reports is a cohort study (12,000 adults): it shows an association, not a cause",
        ])
    }

    @Test func aTrialFollowedForYearsIsNotObservational() {
        let trial = """
            Cooling treatment reduces seizures in newborns

            The clinical trial, published in the Journal of Example Neurology, cooled 300 babies for three days; the babies were followed for five years and compared with the control group.
            """
        #expect(studyReasons(trial) == [])
        let cohort = """
            Cooling treatment reduces seizures in newborns

            The cohort study, published in the Journal of Example Neurology, followed 300 babies for five years.
            """
        #expect(studyReasons(cohort) == [
            "1:1 study.causal-from-observational: “reduces” states cause and effect, but the study it reports is a cohort study (300 babies): it shows an association, not a cause",
        ])
    }

    @Test func associationLanguageAndBackgroundAreLeftAlone() {
        let text = """
            Tea drinking linked to fewer heart attacks

            Adults who drank tea had fewer heart attacks over ten years, according to a cohort study of 12,000 adults published in the Journal of Example Cardiology.

            Smoking causes heart disease, and quitting lowers the risk within a year.
            """
        #expect(studyReasons(text) == [])
    }

    @Test func aMouseResultInTheHeadlineReadsAsHuman() {
        let text = """
            Berry extract reverses memory loss

            The team fed the extract to mice for six weeks, in a study published in Example Neuroscience.
            """
        #expect(studyReasons(text) == [
            "1:1 study.animal-as-human: “reverses” reads as an effect in people, but the study it reports is an animal study: say it was found in animals or cells",
        ])
        let saysSo = text.replacingOccurrences(of: "reverses memory loss", with: "reverses memory loss in mice")
        #expect(studyReasons(saysSo) == [])
    }

    @Test func aPilotTrialCalledSafeAndEffective() {
        let text = """
            The pilot study of 20 patients, published in Example Oncology, shows the vaccine is safe and effective.

            Larger trials will start next year.
            """
        #expect(studyReasons(text) == [
            "1:1 study.early-trial-overclaim: “safe and effective” claims more than a pilot study (20 patients) can show",
        ])
        let denied = "The phase 1 trial published in Example Medicine was not designed to show that the drug is a cure."
        #expect(studyReasons(denied) == [])
    }

    @Test func aLargeControlledTrialMayBeCalledEffective() {
        let text = "A randomised trial of 4,000 adults published in Example Medicine shows the vaccine is safe and effective."
        #expect(studyReasons(text) == [])
    }
}
