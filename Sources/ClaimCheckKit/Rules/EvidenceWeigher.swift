/// The `evidence` rule: how strongly a sentence says an intervention works (its
/// `ClaimStrength`), and the registry's grade for the condition it names. The
/// verdict stage turns the strength and the grade into a verdict (`VerdictResolver`).
struct EvidenceWeigher {
    let matching: MatchingLayer
    let registry: EvidenceRegistry
    let rule: Rule

    /// The strength asserted, the cue that decided it, and the cue with its hedge or negation (what the message quotes).
    private struct Assertion {
        var strength: AssertedStrength; var cue: Range<Int>; var phrase: Range<Int>
        /// The cue says the treatment helps (weighed against `evidence:`).
        var saysBenefit = false
        /// The cue says the treatment causes something ("lowers", "causes"), with the strength of that
        /// claim: weighed against `harm-claims:` where one covers a condition the sentence names.
        var harmStrength: AssertedStrength? = nil
        /// The organisation credited with backing the treatment ("the agency recommends X"), and whether
        /// the treatment follows the cue (active) or comes before it ("X was approved by …").
        var endorser: String? = nil, subjectFollows = false
    }

    /// One signal per sentence of the claim that asserts a strength of a treatment the
    /// registry grades, each with the strength and the grade of every reference it weighed.
    func signals(for claim: Claim, in analysis: BlockAnalysis, facts: DocumentFacts, strengths: StrengthReadings) -> [Signal] {
        guard claim.kind != .table else { return [] }
        // Most sentences name no treatment: leave them at once.
        guard !analysis.matches(in: claim.tokens, kind: .intervention, matching: matching).isEmpty
        else { return [] }
        let registry = self.registry
        var candidates: [Signal] = []
        for sentence in analysis.sentences(overlapping: claim.tokens) {
            guard let assertion = assertion(in: sentence, analysis, strengths) else { continue }
            let mentions = analysis.matches(in: sentence, kind: .intervention, matching: matching)
            // A pack's evidence counts in a document about its topic only ("vitamin C" in a skin-care piece is not a cold remedy).
            let targets = (assertion.subjectFollows ? following(assertion.cue, mentions: mentions)
                                                    : subjects(of: assertion.cue, phrase: assertion.phrase, mentions: mentions, analysis: analysis))
                .filter { facts.topicDomains.contains(registry.interventionDomain[$0]) }
            guard !targets.isEmpty else { continue }
            let conditionMatches = analysis.matches(in: sentence, kind: .condition, matching: matching)
            // The longest name wins where names nest ("cancer to grow" over "cancer").
            let named = conditionMatches
                .filter { match in !conditionMatches.contains { $0 != match && $0.start <= match.start && $0.end >= match.end } }
                .compactMap { match -> Condition? in
                    if case .condition(let id) = matching.tags[Int(match.tag)] { return registry.conditions[id] }
                    return nil
                }
            var references: [EvidenceReference] = [], notes: [String] = [], weighings: [EvidenceWeighing] = []
            var harmEffect: String?
            var asserted = assertion.strength
            let words = Set(sentence.compactMap { index in
                analysis.tokens[index].kind == .word ? analysis.string(index..<(index + 1)).lowercased() : nil
            })
            for interventionIndex in targets {
                let intervention = registry.interventions[interventionIndex]
                let weighed: (grade: EvidenceGrade, condition: String, summary: String, cites: [String], harm: Bool)
                if let harmStrength = assertion.harmStrength, let harm = registry.harmClaim(of: intervention, named: named) {
                    weighed = (harm.grade, harm.effect, harm.summary, harm.cites, true)
                    asserted = harmStrength
                } else if assertion.saysBenefit, let entry = registry.entry(of: intervention, named: named, words: words) {
                    weighed = (entry.grade, entry.condition, entry.summary, entry.cites, false)
                } else {
                    continue
                }
                let citation = intervention.citations(weighed.cites).max { ($0.doi != nil ? 2 : $0.pmid != nil ? 1 : 0) < ($1.doi != nil ? 2 : $1.pmid != nil ? 1 : 0) }
                let conditionName = registry.condition(weighed.condition)?.name ?? weighed.condition
                let reference = EvidenceReference(id: intervention.id, name: intervention.name, condition: conditionName,
                                                  grade: weighed.grade, summary: weighed.summary.trimmingCharacters(in: .whitespacesAndNewlines),
                                                  citation: citation?.formatted ?? "", link: citation?.link)
                let note = weighed.harm
                    ? "the registry grades the claim that \(intervention.name) causes \(conditionName) as \(weighed.grade.rawValue)"
                    : "the registry grades \(intervention.name) for \(conditionName) as \(weighed.grade.rawValue)"
                if weighed.harm { harmEffect = conditionName }
                references.append(reference); notes.append(note)
                weighings.append(EvidenceWeighing(strength: asserted, grade: weighed.grade))
            }
            guard !references.isEmpty else { continue }
            let phrase = analysis.string(assertion.phrase)
            let strength = assertion.endorser.map { Self.describe(asserted, backedBy: $0) }
                ?? harmEffect.map { Self.describe(asserted, causing: $0) } ?? Self.describe(asserted)
            let message = MessageTemplate.fill(rule.message, ["strength": strength, "phrase": phrase,
                                                              "evidence": notes.joined(separator: "; ")])
            let signal = Signal(rule: rule.id, message: message, range: analysis.textRange(assertion.phrase),
                                evidence: references, weighings: weighings)
            candidates.append(signal)
        }
        return candidates
    }

    /// How an endorsement is described: "credits the FDA with backing it".
    static func describe(_ strength: AssertedStrength, backedBy organisation: String) -> String {
        strength == .negative ? "says \(organisation) does not back it" : "credits \(organisation) with backing it"
    }

    /// The intervention an active endorsement names: the first after its cue, within a few
    /// words ("recommends taking colloidal silver daily").
    private func following(_ cue: Range<Int>, mentions: [PhraseAutomaton.Match]) -> [Int] {
        guard let next = mentions.filter({ $0.start >= cue.upperBound && $0.start - cue.upperBound <= 3 }).min(by: { $0.start < $1.start }),
              case .intervention(let id) = matching.tags[Int(next.tag)] else { return [] }
        return [id]
    }

    /// "The health agency recommends X", "X was approved by the regulator": an organisation of
    /// the registry credited with backing a treatment (an `endorsements` cue of strength.yml).
    /// The organisation comes up to six words before the cue, or right after it with "by"; a
    /// negation between them ("does not recommend") makes it a denial.
    private func endorsement(in sentence: Range<Int>, _ analysis: BlockAnalysis) -> Assertion? {
        guard let cue = analysis.matches(in: sentence, code: .strengthCue(.endorsements), matching: matching).first
        else { return nil }
        let organisations = analysis.matches(in: sentence, kind: .organisation, matching: matching)
        func name(_ match: PhraseAutomaton.Match) -> String? {
            if case .organisation(let id) = matching.tags[Int(match.tag)] { return registry.organisations[id].name }
            return nil
        }
        if let before = organisations.last(where: { $0.end <= cue.start && cue.start - $0.end <= 6 }), let organisation = name(before) {
            let negated = !analysis.matches(in: before.end..<cue.start, code: .strengthCue(.negations), matching: matching).isEmpty
            return Assertion(strength: negated ? .negative : .works, cue: cue.start..<cue.end, phrase: cue.start..<cue.end,
                             saysBenefit: true, endorser: organisation, subjectFollows: true)
        }
        var next = cue.end
        guard next < sentence.upperBound, analysis.isWord(next, matching.words.by) else { return nil }
        next += 1
        if next < sentence.upperBound, analysis.isWord(next, matching.words.the) { next += 1 }
        guard let after = organisations.first(where: { $0.start == next }), let organisation = name(after) else { return nil }
        let negated = cue.start > sentence.lowerBound
            && !analysis.matches(in: max(sentence.lowerBound, cue.start - 2)..<cue.start, code: .strengthCue(.negations), matching: matching).isEmpty
        return Assertion(strength: negated ? .negative : .works, cue: cue.start..<cue.end, phrase: cue.start..<cue.end,
                         saysBenefit: true, endorser: organisation)
    }

    /// How a harm claim is described: "says it causes autism", "says it may cause autism".
    static func describe(_ strength: AssertedStrength, causing effect: String) -> String {
        switch strength {
        case .proven: return "says it is proven to cause \(effect)"
        case .works: return "says it causes \(effect)"
        case .may: return "says it may cause \(effect)"
        case .negative: return "says it does not cause \(effect)"
        }
    }

    static func describe(_ strength: AssertedStrength) -> String {
        switch strength {
        case .proven: return "says it is proven"
        case .works: return "says it works"
        case .may: return "says it may help"
        case .negative: return "says it does not work"
        }
    }

    /// What the sentence asserts about a treatment, by its claim strength: proof;
    /// a causal claim ("works"), or its denial ("does not work"); a hedged one
    /// ("may"). Proof is weighed wherever it is claimed; a causal or hedged claim
    /// when its cue says the treatment works (an `efficacy` cue of strength.yml:
    /// "is effective", "works for"), or says it helps (a `benefits` cue:
    /// "reduces", "an effective", not "causes" or "side effects of") in a sentence
    /// that names a condition the registry grades: the registry grades benefit
    /// for a condition, and "prevents organ rejection" is not a claim about the
    /// condition the treatment is graded for. An association, a hedged denial ("may not help") and a sentence that
    /// claims nothing are not weighed.
    private func assertion(in sentence: Range<Int>, _ analysis: BlockAnalysis, _ strengths: StrengthReadings) -> Assertion? {
        if let endorsement = endorsement(in: sentence, analysis) { return endorsement }
        let reading = strengths.reading(of: sentence, in: analysis)
        let harms = analysis.matches(in: sentence, code: .strengthCue(.harms), matching: matching)
        guard let cue = reading.cue, let phrase = reading.phrase else {
            // "Sunscreen can trigger skin cancer": a harm verb the claim-strength cues do not read.
            // "Studies have linked X to Y" is an association: no more than that X may cause Y. A question
            // ("Does the vaccine cause autism?") asks it, as debunking headlines do.
            guard let harm = harms.first, !analysis.isPunctuation(sentence.upperBound - 1, "?") else { return nil }
            let before = max(sentence.lowerBound, harm.start - 3)..<harm.start
            let hedge = analysis.matches(in: before, code: .strengthCue(.hedges), matching: matching).first
            let negated = !analysis.matches(in: before, code: .strengthCue(.negations), matching: matching).isEmpty
            let association = !analysis.matches(in: harm.start..<harm.end, where: { $0 == .strengthCue(.correlational) || $0 == .strengthCue(.participles) },
                                                matching: matching).isEmpty
            let strength: AssertedStrength = negated ? .negative : (hedge != nil || association) ? .may : .works
            return Assertion(strength: strength, cue: harm.start..<harm.end, phrase: (hedge?.start ?? harm.start)..<harm.end,
                             harmStrength: strength)
        }
        // The cue, or its last words ("may lower" ends with the benefit verb "lower").
        func isCue(_ kind: StrengthCue) -> Bool {
            analysis.matches(in: cue, code: .strengthCue(kind), matching: matching)
                .contains { $0.start >= cue.lowerBound && $0.end == cue.upperBound }
        }
        // "X causes Y", "X is linked to Y", "X is proven to cause Y": weighed against the harm claims on
        // file, an association as a hedged claim (it says no more than that X may cause Y). A cue of both
        // kinds ("lowers blood sugar") is weighed as a benefit where no harm claim covers the sentence;
        // one of harm alone ("causes") never is.
        var harmStrength: AssertedStrength?
        let harm = harms.first { $0.start >= cue.lowerBound && $0.start <= cue.upperBound + 2 }
        if harm != nil {
            switch (reading.strength, reading.isNegated) {
            case (.correlational, false): harmStrength = .may
            case (.correlational, true): harmStrength = .negative
            default: harmStrength = Self.asserted(reading)
            }
        }
        let harmOnly = harm.map { match in
            analysis.matches(in: match.start..<match.end, code: .strengthCue(.benefits), matching: matching)
                .allSatisfy { $0.start != match.start || $0.end != match.end }
        } ?? false
        var saysBenefit = false
        let strength = Self.asserted(reading)
        if let strength, !harmOnly {
            // "X is effective" is weighed as it stands; "X reduces …", "an effective …", "its benefits" only
            // where the sentence names the condition it helps ("reduces shedding", not "reduces inflammation").
            let namesCondition = !analysis.matches(in: sentence, kind: .condition,
                                                   matching: matching).isEmpty
            saysBenefit = strength == .proven || isCue(.efficacy) || (isCue(.benefits) && namesCondition)
        }
        guard saysBenefit || harmStrength != nil else { return nil }
        return Assertion(strength: strength ?? harmStrength!, cue: cue, phrase: phrase, saysBenefit: saysBenefit, harmStrength: harmStrength)
    }

    static func asserted(_ reading: StrengthReading) -> AssertedStrength? {
        switch (reading.strength, reading.isNegated) {
        case (.proven, false): return .proven
        case (.proven, true), (.causal, true): return .negative
        case (.causal, false): return .works
        case (.conditional, false): return .may
        case (.conditional, true), (.correlational, _), (.none, _): return nil
        }
    }

    /// The interventions a strength cue is about: the nearest mention before the cue
    /// (a mention inside a denial counts: "no evidence that the vaccine causes …") with
    /// any coordinated with it by "and", "or" or "plus" ("minoxidil and finasteride";
    /// a comma alone does not join: "Unlike garcinia, semaglutide helps"), else the
    /// nearest right after the phrase.
    private func subjects(of cue: Range<Int>, phrase: Range<Int>, mentions: [PhraseAutomaton.Match], analysis: BlockAnalysis) -> [Int] {
        func id(_ match: PhraseAutomaton.Match) -> Int? {
            if case .intervention(let id) = matching.tags[Int(match.tag)] { return id }
            return nil
        }
        // Longest match wins where aliases nest ("oral minoxidil" over "minoxidil").
        let outer = mentions.filter { match in
            !mentions.contains { other in other != match && other.start <= match.start && other.end >= match.end && (other.end - other.start) > (match.end - match.start) }
        }
        let before = outer.filter { $0.end <= cue.lowerBound }.sorted { $0.end > $1.end }
        if let nearest = before.first {
            var group = [nearest]
            var cursor = nearest.start
            var conjoined = false
            for candidate in before.dropFirst() {
                // Aliases that overlap without nesting ("over-the-counter retinol", "retinol creams") name one thing.
                if candidate.end > cursor { cursor = min(cursor, candidate.start); continue }
                let gap = candidate.end..<cursor
                let joiners = gap.allSatisfy { index in
                    analysis.tokens[index].kind == .punctuation || analysis.isWord(index, matching.words.and)
                        || analysis.isWord(index, matching.words.or) || analysis.isWord(index, matching.words.plus)
                }
                guard joiners, gap.count <= 2 else { break }
                if gap.contains(where: { analysis.tokens[$0].kind != .punctuation }) { conjoined = true }
                group.append(candidate)
                cursor = candidate.start
            }
            if !conjoined { group = [nearest] }
            return Array(Set(group.compactMap(id))).sorted()
        }
        // Only a mention right after the phrase ("proven effective is minoxidil"): further away, it is another clause's subject.
        if let after = outer.filter({ $0.start >= phrase.upperBound }).min(by: { $0.start < $1.start }),
           after.start - phrase.upperBound <= 2, let value = id(after) {
            return [value]
        }
        return []
    }
}
