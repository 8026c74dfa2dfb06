/// The `study` rules: what a claim says, weighed against the study the article
/// reports on. No registry can catch these, because the evidence is the study
/// itself: a causal claim drawn from an observational study, a result in mice or
/// cells written as an effect in people, an early or small trial called proven,
/// safe or a cure.
///
/// A claim is weighed only where it states the study's result: the headline
/// (headings before the lede), the lede's first sentence, or a sentence outside
/// quotes that speaks of the study with a verb of finding ("the study found",
/// "the results show"). Background ("smoking causes cancer") and quotes are the
/// writer's or the speaker's, not the study's. The strength must come from a verb
/// of change or proof or a cue of benefit ("reduces", "cures", "is effective"),
/// not from a noun ("the role of", "the effects of").
struct StudyChecker {
    /// The engine, for the rule's `unless` conditions.
    let engine: RuleEngine
    let rule: Rule
    /// The rule's index in the rule book: its `phrases` match under that tag.
    let ruleIndex: Int
    let check: StudyCheck

    var matching: MatchingLayer { engine.matching }

    /// A trial with fewer people than this is small: "proven", "safe" or "a cure" outruns it.
    static let smallTrial = 50

    func signal(for claim: Claim, in analysis: BlockAnalysis, facts: DocumentFacts, strengths: StrengthReadings) -> Signal? {
        guard claim.kind != .table else { return nil }
        let model = facts.model
        let isHeadline = analysis.block.kind == .heading && claim.blockIndex < (facts.lede ?? Int.max)
        for (offset, sentence) in analysis.sentences(overlapping: claim.tokens).enumerated() {
            let index = claim.sentenceIndices.lowerBound + offset
            let study: ReportedStudy?
            if isHeadline || (claim.blockIndex == facts.lede && index == 0) {
                study = model.mainStudy
            } else if claim.kind != .attribution, analysis.hasList(.findingVerbs, in: sentence, matching: matching),
                      let spoken = model.sentenceSpeaksOfStudy(index, inBlock: claim.blockIndex) {
                study = model.studies[spoken]
            } else {
                study = nil
            }
            guard let study, !study.isOther, !Negation.isQuestion(sentence, analysis) else { continue }
            let reading = strengths.reading(of: sentence, in: analysis)
            let found: Signal?
            switch check {
            case .causalFromObservational: found = causalFromObservational(study, sentence, analysis, reading)
            case .animalAsHuman: found = animalAsHuman(study, sentence, analysis, reading)
            case .earlyTrialOverclaim: found = earlyTrial(study, sentence, analysis, reading)
            }
            if let found, !engine.isExcepted(rule, ruleIndex, match: reading.cue ?? sentence, sentence: sentence, claim: claim, analysis: analysis, facts: facts) {
                return found
            }
        }
        return nil
    }

    /// The phrase of a reading whose cue is a verb of change or proof, or says the
    /// treatment helps: what a study's result is stated with.
    private func claimedEffect(_ reading: StrengthReading, _ analysis: BlockAnalysis) -> Range<Int>? {
        guard reading.strength >= .causal, !reading.isNegated, let cue = reading.cue, let phrase = reading.phrase else { return nil }
        let cues = analysis.matches(in: cue, where: { _ in true }, matching: matching).compactMap { matching.strengthCue(of: $0.tag) }
        return cues.contains(where: { [.changeVerbs, .provenVerbs, .proven, .benefits].contains($0) }) ? phrase : nil
    }

    // MARK: Checks

    /// Cause and effect read into a study that only watched people.
    private func causalFromObservational(_ study: ReportedStudy, _ sentence: Range<Int>, _ analysis: BlockAnalysis,
                                         _ reading: StrengthReading) -> Signal? {
        // A survey alone is too weak a cue (trials hand out questionnaires too), and a
        // pilot, phase or uncontrolled trial assigned its treatment.
        guard let phrase = claimedEffect(reading, analysis),
              study.designs.contains(where: { $0.isObservational && $0 != .survey }),
              !study.designs.contains(where: { $0 == .randomised || $0 == .interventional || $0.isPreclinical || $0.isEarlyOrUncontrolled || $0 == .phase3 }) else { return nil }
        return signal(phrase, analysis, study)
    }

    /// A result in animals or cells stated with no word that says so.
    private func animalAsHuman(_ study: ReportedStudy, _ sentence: Range<Int>, _ analysis: BlockAnalysis,
                               _ reading: StrengthReading) -> Signal? {
        guard let phrase = claimedEffect(reading, analysis), study.designs.contains(where: \.isPreclinical), !study.designs.contains(where: Self.studiesPeople) else { return nil }
        let saysSo = StudyDesign.allCases.filter(\.isPreclinical).contains { design in
            analysis.hasList(named: DocumentCues.listName(design), in: sentence, matching: matching)
        }
        return saysSo ? nil : signal(phrase, analysis, study)
    }

    /// Proof, safety or a cure claimed for an early, uncontrolled or small trial:
    /// the sentence reads as proof, or one of the rule's phrases ("safe and
    /// effective", "a cure") is asserted in it.
    private func earlyTrial(_ study: ReportedStudy, _ sentence: Range<Int>, _ analysis: BlockAnalysis,
                            _ reading: StrengthReading) -> Signal? {
        let isEarly = study.designs.contains(where: \.isEarlyOrUncontrolled) && !study.designs.contains(.phase3)
        let isSmallTrial = (study.size?.count ?? Int.max) < Self.smallTrial && study.designs.contains(where: Self.studiesPeople)
        // A denied claim ("was not designed to show it is a cure") claims nothing.
        guard isEarly || isSmallTrial, !reading.isNegated else { return nil }
        // A negation anywhere before the phrase in its sentence denies it ("was not
        // designed to show the drug is a cure").
        let phrase = analysis.matches(in: sentence, code: .rulePhrase(ruleIndex), matching: matching)
            .first { !analysis.hasList(.negations, in: sentence.lowerBound..<$0.end, matching: matching) }
            .map { $0.start..<$0.end }
        guard let range = phrase ?? (reading.strength == .proven && !reading.isNegated ? reading.phrase : nil) else { return nil }
        return signal(range, analysis, study)
    }

    // MARK: Message

    private func signal(_ phrase: Range<Int>, _ analysis: BlockAnalysis, _ study: ReportedStudy) -> Signal {
        let message = MessageTemplate.fill(rule.message, [
            "phrase": analysis.string(phrase),
            "design": Self.describe(study),
        ])
        return Signal(rule: rule.id, message: message, range: analysis.textRange(phrase))
    }

    /// "a cohort study of 4,200 people", "a study in mice", "a phase 2 trial of 38 people".
    static func describe(_ study: ReportedStudy) -> String {
        let words = study.designs.map(Self.name).joined(separator: ", ")
        let size = study.size.map { " (\($0.text))" } ?? ""
        guard let first = words.first else { return "a study" + size }
        return ("aeiou".contains(first) ? "an " : "a ") + words + " study" + size
    }

    private static func name(_ design: StudyDesign) -> String {
        switch design {
        case .caseControl: return "case-control"
        case .crossSectional: return "cross-sectional"
        case .metaAnalysis: return "meta-analysis"
        case .phase1: return "phase 1"
        case .phase2: return "phase 2"
        case .phase3: return "phase 3"
        case .cell: return "cell or laboratory"
        default: return design.rawValue
        }
    }

    /// A design that studies people (a pilot or an uncontrolled series may be in animals).
    static func studiesPeople(_ design: StudyDesign) -> Bool {
        switch design {
        case .randomised, .cohort, .caseControl, .crossSectional, .survey, .observational, .phase1, .phase2, .phase3: return true
        default: return false
        }
    }
}
