import Foundation
import Testing
@testable import ClaimCheckKit

/// The document model (studies and named sources) and the attribution each claim receives.
struct DocumentModelTests {
    func analysis(_ text: String, format: InputFormat = .text) throws -> ClaimAnalyzer.Result {
        let document = try sharedChecker.extractor.extract(Array(text.utf8), path: nil, format: format)
        return ClaimAnalyzer(matching: sharedChecker.matching).analyze(document)
    }

    /// The claim whose text starts with `prefix`.
    func claim(_ prefix: String, in result: ClaimAnalyzer.Result) throws -> Claim {
        try #require(result.claims.first { claim in
            String(decoding: result.blocks[claim.blockIndex].block.text[claim.range], as: UTF8.self).hasPrefix(prefix)
        }, "no claim starts “\(prefix)”")
    }

    func rules(of text: String, format: InputFormat = .text) -> [String] {
        check(text, format: format).verdicts.flatMap { $0.reasons.map(\.rule) }
    }

    // MARK: Studies

    @Test func aTrialIsReadWithItsDesignSizeAndJournal() throws {
        let model = try analysis("""
        Walking after meals lowers blood sugar

        A randomised trial of 310 office workers, published in the Journal of Example Metabolism, compared a short walk after lunch with sitting.
        """).facts.model
        let study = try #require(model.mainStudy)
        #expect(study.designs == [.randomised])
        #expect(study.size == StudySize(count: 310, text: "310 office workers"))
        let journal = try #require(study.naming.first { $0.kind == .journal })
        #expect(journal.text == "published in the Journal of Example Metabolism")
        #expect(journal.blockIndex == 1)
    }

    @Test func anAnimalStudyAtAMeetingIsReadAsAnimal() throws {
        let study = try #require(try analysis("""
        In a study in 24 mice, the compound shrank the tumours, the team will report at the annual meeting of the Example Oncology Society.
        """).facts.model.mainStudy)
        #expect(study.designs == [.animal])
        #expect(study.size?.count == 24)
        #expect(study.naming.map(\.kind) == [.meeting])
        #expect(study.designs.allSatisfy { $0.isPreclinical })
    }

    @Test func anEarlyTrialNamesItsLeadAuthorAndInstitution() throws {
        let study = try #require(try analysis("""
        The open-label phase 1 trial was led by Dr. Rosa Vidal at Example University Hospital and enrolled 18 volunteers (n = 18).
        """).facts.model.mainStudy)
        #expect(study.designs == [.uncontrolled, .phase1])
        #expect(study.designs.contains { $0.isEarlyOrUncontrolled })
        #expect(study.size?.count == 18)
        let kinds = study.naming.map(\.kind)
        #expect(kinds.contains(.leadAuthor) && kinds.contains(.institution))
        #expect(study.naming.first { $0.kind == .leadAuthor }?.text == "led by Dr. Rosa Vidal")
    }

    @Test func aCohortAndAPreviousStudyAreTwoStudies() throws {
        let model = try analysis("""
        Researchers at Example State University followed 8,200 retired teachers in a prospective cohort for twelve years.

        A previous study of 40 patients had found no such link.
        """).facts.model
        #expect(model.studies.count == 2)
        let main = try #require(model.mainStudy)
        #expect(main.designs == [.cohort])
        #expect(main.size?.count == 8200)
        #expect(main.designs.allSatisfy { $0.isObservational })
        #expect(model.studies[1].isOther)
        #expect(!model.studies[1].isNamed)
        #expect(model.mainStudyIndex == 0)
    }

    @Test func anAbstractIsItsOwnStudy() throws {
        let result = try analysis("""
        Background: Night shifts disturb sleep.

        Methods: We surveyed 1,050 nurses about their sleep.

        Results: About 41% reported poor sleep on work nights.

        Conclusions: Night work is linked with poor sleep.
        """)
        let model = result.facts.model
        #expect(model.isPaper)
        #expect(model.mainStudy?.isDocumentItself == true)
        #expect(model.mainStudy?.designs == [.survey])
        let results = try claim("Results: About 41%", in: result)
        #expect(results.source == .documentStudy(study: try #require(model.mainStudyIndex)))
        #expect(!rules(of: "Background: Night shifts disturb sleep.\n\nMethods: We surveyed 1,050 nurses.\n\nResults: About 41% reported poor sleep.\n").contains("statistic.unsourced"))
    }

    // MARK: Sources

    @Test func aSurnameAndATitleFindThePersonIntroducedEarlier() throws {
        let result = try analysis("""
        Ana Ruiz, a professor of nutrition at Example University, led the analysis.

        "We saw the rate of falls drop by about 30 percent," said Ruiz.

        "The effect held in every age group," said Professor Ruiz.
        """)
        let model = result.facts.model
        let index = try #require(model.sourceIndex(named: "Ruiz"))
        #expect(model.sources[index].affiliation == "Example University")
        #expect(model.sources[index].hasRole)
        let first = try claim("\"We saw the rate", in: result)
        #expect(first.source == .speaker(source: index))
        #expect(first.attribution?.affiliation == "Example University")
        let second = try claim("\"The effect held", in: result)
        #expect(second.source == .speaker(source: index))
    }

    @Test func aPronounFindsTheLastPersonNamed() throws {
        let result = try analysis("""
        Tomas Berg, director of the sleep clinic at Example General Hospital, ran the survey.

        "One in four parents slept less than six hours," he said.
        """)
        let model = result.facts.model
        let index = try #require(model.sourceIndex(named: "Berg"))
        let quote = try claim("\"One in four parents", in: result)
        #expect(quote.source == .speaker(source: index))
        #expect(quote.attribution?.speaker == "Tomas Berg")
        #expect(quote.attribution?.affiliation == "Example General Hospital")
    }

    @Test func aSpeakerIntroducedOnlyLaterIsStillIdentified() throws {
        let result = try analysis("""
        "Roughly 12 percent of the children improved," said Okafor.

        Lena Okafor is a paediatrician at Example Children's Hospital.
        """)
        let model = result.facts.model
        let index = try #require(model.sourceIndex(named: "Okafor"))
        #expect(model.sources[index].affiliation == "Example Children's Hospital")
        #expect(try claim("\"Roughly 12 percent", in: result).source == .speaker(source: index))
    }

    @Test func reportedSpeechIsAttributedToItsSpeaker() throws {
        let result = try analysis("""
        Mei Tan, a lecturer at Example University, studies hearing.

        Tan said about 15 percent of the listeners lost some hearing.
        """)
        let index = try #require(result.facts.model.sourceIndex(named: "Tan"))
        #expect(try claim("Tan said about 15", in: result).source == .speaker(source: index))
    }

    // MARK: Attribution per claim

    @Test func aFindingInTheStudysParagraphTakesTheStudy() throws {
        let result = try analysis("""
        Coffee and memory in older adults

        The study, published in the Journal of Example Ageing, followed 2,300 adults. Those who drank two cups a day scored 9 percent higher.

        Participants who drank none showed no change over 2 years.
        """)
        let main = try #require(result.facts.model.mainStudyIndex)
        #expect(try claim("Those who drank two cups", in: result).source == .paragraphStudy(study: main))
        #expect(try claim("Participants who drank none", in: result).source == .documentStudy(study: main))
        #expect(try claim("The study, published in", in: result).source.basis == "sentence")
    }

    @Test func anUnsourcedFigureInADocumentWithNoStudyStillFlags() throws {
        let text = "Cold showers burn fat\n\nAbout 70% of people who take cold showers lose weight within a month.\n"
        let result = try analysis(text)
        #expect(result.facts.model.studies.isEmpty)
        #expect(try claim("About 70% of people", in: result).source == .none)
        let verdict = try #require(check(text, format: .text).verdicts.first { $0.rule == "statistic.unsourced" })
        #expect(verdict.claim == "About 70% of people who take cold showers lose weight within a month.")
        #expect(verdict.attribution == VerdictAttribution(basis: "none"))
    }

    @Test func vagueStudiesGiveNoAttributionEvenBesideANamedStudy() throws {
        let text = """
        The trial, published in the Journal of Example Surgery, enrolled 90 patients.

        Some studies suggest that up to 40% of people never need a second operation.
        """
        let result = try analysis(text)
        #expect(try claim("Some studies suggest", in: result).source == .none)
        #expect(rules(of: text).contains("statistic.unsourced"))
    }

    @Test func researchersFoundIsJudgedOnlyWithoutANamedStudy() {
        #expect(rules(of: "Researchers found that the tea cleared the rash in a week.\n").contains("source.researchers-discovered"))
        #expect(!rules(of: """
        The work, led by Dr. Ines Moro at Example University, appears in the Journal of Example Dermatology.

        Researchers found that the cream cleared the rash in a week.
        """).contains("source.researchers-discovered"))
    }

    /// "Has been shown" is background in a document that names the study it reports
    /// on; on a page that names no study it is the only support there is.
    @Test func hasBeenShownIsJudgedOnlyOnAPageThatNamesNoStudy() {
        #expect(!rules(of: """
        The trial, published in the Journal of Example Cardiology, enrolled 400 adults.

        Garlic has been shown to thin the blood.
        """).contains("source.has-been-shown"))
        #expect(rules(of: "Garlic has been shown to thin the blood.\n").contains("source.has-been-shown"))
    }

    // MARK: Reference marks

    @Test(arguments: [
        "Up to 30% of patients relapse within a year [4].",
        "Up to 30% of patients relapse within a year [4,5].",
        "Up to 30% of patients relapse within a year [2–4].",
        "Up to 30% of patients relapse within a year, as Moreno et al12 reported.",
        "Up to 30% of patients relapse within a year.¹²",
        "Up to 30% of patients relapse within a year. [3][4]",
        "Up to 30% of patients relapse within a year,iii and most recover.",
        "Up to 30% of patients relapse within a year.2",
        "Up to 30% of patients relapse within a year. (2)",
        "Up to 30% of patients relapse within a year.1 Most of them recover.",
    ])
    func aReferenceMarkCitesTheSentence(_ sentence: String) throws {
        let result = try analysis(sentence + "\n")
        let first = try #require(result.claims.first)
        #expect(first.source.basis == "sentence", "\(sentence): \(first.source)")
        #expect(!rules(of: sentence + "\n").contains("statistic.unsourced"))
    }

    @Test func aSuperscriptReferenceInHTMLOrMarkdownCites() throws {
        let html = "<html><body><article><p>Up to 30% of patients relapse within a year<sup>12</sup>.</p></article></body></html>"
        #expect(!rules(of: html, format: .html).contains("statistic.unsourced"))
        let markdown = "Up to 30% of patients relapse within a year<sup>3,4</sup>.\n"
        #expect(!rules(of: markdown, format: .markdown).contains("statistic.unsourced"))
        // A superscript that is not a reference number leaves the figure unsourced.
        let unit = "<html><body><article><p>Up to 30% of patients relapse within a year in 5 m<sup>2</sup> rooms and more.</p></article></body></html>"
        #expect(rules(of: unit, format: .html).contains("statistic.unsourced"))
    }

    @Test func aUnitSuperscriptIsNotAReference() throws {
        let result = try analysis("Up to 30% of the 12 m² rooms had mould.\n")
        #expect(try #require(result.claims.first).source == .none)
    }

    // MARK: Reports

    @Test func theJSONReportShowsEachVerdictsAttribution() throws {
        let text = """
        A pilot study of 120 adults, published in the Journal of Example Sleep, tested a nightly routine.

        The participants called the routine a miracle cure for insomnia.
        """
        let report = check(text, format: .text, name: "sleep.txt")
        let bytes = ReportJSONWriter().line(report)
        let json = String(decoding: bytes, as: UTF8.self)
        let verdicts = try #require((try JSONSerialization.jsonObject(with: Data(bytes)) as? [String: Any])?["verdicts"] as? [[String: Any]])
        let study = try #require(verdicts.first { ($0["claim"] as? String)?.hasPrefix("The participants called") == true })
        let attribution = try #require(study["attribution"] as? [String: Any])
        #expect(attribution["basis"] as? String == "document-study")
        #expect(attribution["design"] as? [String] == ["pilot"])
        #expect(attribution["size"] as? Int == 120)
        #expect(attribution["line"] as? Int == 1)
        #expect(attribution["source"] as? String == "published in the Journal of Example Sleep")
        #expect(json.contains(#"{"attribution":{"basis":"document-study","design":["pilot"],"line":1,"size":120,"source":"published in the Journal of Example Sleep"},"claim":"The participants called the routine a miracle cure for insomnia.""#))
        // The field decodes back to what was written.
        let decoded = try JSONDecoder().decode(Report.self, from: Data(bytes))
        #expect(decoded.verdicts.map(\.attribution) == report.verdicts.map(\.attribution))
    }

    @Test func theTextReportSaysWhereAnAttributedClaimIsSourced() throws {
        let text = """
        Example University researchers led the trial, published in the Journal of Example Sleep.

        The routine the team tested is a miracle cure for insomnia.
        """
        let output = TextReporter().render(check(text, format: .text, name: "sleep.txt"))
        #expect(output.contains("    attributed (document-study): "), "\(output)")
        #expect(output.contains("published in the Journal of Example Sleep"))
    }
}
