/// Gives each claim its attribution from the document model: a citation in its
/// sentence, its quote's speaker (or the person the sentence reports), the study
/// its paragraph speaks of, or the document's reported study.
struct ClaimSourceResolver {
    let analysis: BlockAnalysis
    let matching: MatchingLayer
    let model: DocumentModel

    /// Completes a quote's attribution with what the article says of the speaker
    /// anywhere (a role or affiliation given before or after, a pronoun's
    /// antecedent); returns the source's index in the model.
    func resolveSpeaker(_ attribution: inout Attribution, isPronoun: Bool, at token: Int) -> Int? {
        let index: Int?
        if isPronoun {
            index = model.sourceIndex(mentionedBefore: Int(analysis.tokens[token].start), inBlock: analysis.index)
        } else if let speaker = attribution.speaker {
            index = attribution.isOrganisational ? model.sourceIndex(surnameHash: Vocabulary.hash(speaker.utf8)) : model.sourceIndex(named: speaker)
        } else {
            index = nil
        }
        guard let index else { return nil }
        let source = model.sources[index]
        if isPronoun, let known = source.attribution, attribution.descriptor == nil, attribution.affiliation == nil {
            let range = attribution.range
            attribution = known
            attribution.range = range
        }
        if attribution.affiliation == nil, let affiliation = source.affiliation {
            attribution.affiliation = affiliation
            attribution.isInstitutional = attribution.isInstitutional || source.isInstitutional
        }
        if !attribution.isOrganisational { attribution.hasRole = attribution.hasRole || source.hasRole }
        if source.isIdentified { attribution.isIntroduced = true }
        if isPronoun, attribution.speaker == nil || attribution.speaker == analysis.word(token) { attribution.speaker = source.name }
        return index
    }

    /// The claim's attribution. `speaker` is the quote's resolved source, if any.
    func source(for claim: Claim, speaker: Int?, cited: [Bool]) -> ClaimSource {
        let sentences = claim.sentenceIndices
        let recognizer = CitationRecognizer(analysis: analysis, matching: matching)
        for index in sentences where index < cited.count && cited[index] {
            if let mark = recognizer.mark(in: analysis.sentences[index]) { return .sentence(citation: analysis.textRange(mark)) }
        }
        // "… greater risk. [1][2]": reference marks after the full stop are read as a sentence of their own.
        if let next = sentences.last.map({ $0 + 1 }), next < analysis.sentences.count, next < cited.count, cited[next] {
            let following = analysis.sentences[next]
            if let mark = referenceMarksOnly(following, recognizer) { return .sentence(citation: analysis.textRange(mark)) }
            // "… in Western countries.1 Diet has …", "… of adults.[5] Most …": the mark opens the next sentence but cites this one.
            let opening = analysis.tokens[following.lowerBound]
            if let mark = recognizer.referenceMarker(at: following.lowerBound, in: following),
               opening.kind == .number || (opening.kind == .punctuation && opening.lead == UInt8(ascii: "[")) {
                return .sentence(citation: analysis.textRange(mark))
            }
        }
        if let speaker, model.sources[speaker].isIdentified { return .speaker(source: speaker) }
        if claim.kind == .attribution, let attribution = claim.attribution, attribution.affiliation != nil || !attribution.organisations.isEmpty
            || attribution.expert != nil, let index = attribution.speaker.flatMap({ model.sourceIndex(named: $0) }) {
            return .speaker(source: index)
        }
        for index in sentences {
            if let reported = reportedSource(in: analysis.sentences[index]), model.sources[reported].isIdentified { return .speaker(source: reported) }
        }
        // "Some studies suggest", "according to studies": the sentence points at sources nobody can find.
        if sentences.contains(where: { isVague(analysis.sentences[$0]) }) { return .none }
        let study = studySource(for: claim, sentences: sentences)
        // A fact sheet's or a release's notes name the source of its figures once ("Source: …").
        if study == .none, model.sourceNote != nil { return .sourceNote }
        return study
    }

    /// The sentence points at studies nobody can find ("some studies suggest",
    /// "other research has found"), not at the article's own ("our research shows",
    /// "Example University research shows").
    private func isVague(_ sentence: Range<Int>) -> Bool {
        let ids = matching.documentCues
        let vague = analysis.listMatches(.vagueSources, in: sentence, matching: matching) + analysis.listMatches(id: ids.id(.unnamedStudies), in: sentence, matching: matching)
        return vague.contains { match in
            guard match.start > sentence.lowerBound else { return true }
            let before = match.start - 1
            let token = analysis.tokens[before]
            if token.kind == .word, token.isCapitalized, before > sentence.lowerBound { return false }
            return !analysis.hasList(id: ids.id(.ownWorkWords), in: before..<match.start, matching: matching)
        }
    }

    /// The sentence's tokens are only reference marks ("[1][2]"): their range.
    private func referenceMarksOnly(_ sentence: Range<Int>, _ recognizer: CitationRecognizer) -> Range<Int>? {
        var index = sentence.lowerBound
        while index < sentence.upperBound {
            guard let marker = recognizer.referenceMarker(at: index, in: sentence) else {
                if analysis.tokens[index].kind == .punctuation { index += 1; continue }
                return nil
            }
            index = marker.upperBound
        }
        return sentence
    }

    /// A sentence that speaks of a study takes that study; any other sentence takes
    /// its paragraph's study, else the document's, when it gives a figure or reads as
    /// a finding: "X has been shown to help" in a paragraph about a new trial is
    /// background, not the trial's result.
    private func studySource(for claim: Claim, sentences: Range<Int>) -> ClaimSource {
        let block = analysis.index
        if let own = sentences.lazy.compactMap({ self.model.sentenceSpeaksOfStudy($0, inBlock: block) }).first {
            return attribution(to: own)
        }
        // "The study reports that …. In 2016, 29 percent …": the study's own account goes on.
        if let first = sentences.first, first > 0, opensStudyAccount(analysis.sentences[first - 1]) {
            if let study = model.studyIndex(forSentence: first - 1, inBlock: block), case let source = attribution(to: study), source.isAttributed {
                return source
            }
            if let main = model.mainStudyIndex { return .documentStudy(study: main) }
        }
        guard let main = model.mainStudyIndex else { return .none }
        if model.isPaper { return .documentStudy(study: main) }
        // "Low back pain affects 80 percent of adults": background, not the study's finding.
        if sentences.contains(where: { isBackground(analysis.sentences[$0]) }) { return .none }
        if let paragraph = sentences.first.flatMap({ model.studyIndex(forSentence: $0, inBlock: block) }),
           sentences.contains(where: { hasFigure(analysis.sentences[$0]) || readsAsFinding(analysis.sentences[$0]) }) {
            return attribution(to: paragraph)
        }
        // Press releases give their study's results sentence after sentence, the study
        // named once: a figure anywhere in the body is taken to be the study's.
        guard sentences.contains(where: { hasFigure(analysis.sentences[$0]) || readsAsFinding(analysis.sentences[$0]) }) else { return .none }
        return .documentStudy(study: main)
    }

    /// A figure in the words of background ("an estimated", "of the population",
    /// "each year") in a sentence that does not read as a finding.
    private func isBackground(_ sentence: Range<Int>) -> Bool {
        analysis.hasList(id: matching.documentCues.id(.backgroundWords), in: sentence, matching: matching)
            && hasFigure(sentence) && !readsAsFinding(sentence)
    }

    private func hasFigure(_ sentence: Range<Int>) -> Bool {
        analysis.tokens[sentence].contains { $0.kind == .number }
            && !StatisticRecognizer(analysis: analysis, matching: matching).statistics(in: sentence).isEmpty
    }

    /// The sentence speaks of the work ("the participants", "the team"), or gives a
    /// figure in the words of a result ("compared with those who").
    private func readsAsFinding(_ sentence: Range<Int>) -> Bool {
        analysis.hasList(.studyReferences, in: sentence, matching: matching)
            || analysis.hasList(id: matching.documentCues.id(.researcherWords), in: sentence, matching: matching)
            || (hasFigure(sentence) && analysis.hasList(.studyResults, in: sentence, matching: matching))
            || reportsParticipants(sentence)
    }

    /// The study's participants in the past tense: "three patients experienced a
    /// relapse", "5.1 percent of patients had an event each year". Background speaks
    /// of the present ("affects 8 percent of patients"), so the two do not meet.
    private func reportsParticipants(_ sentence: Range<Int>) -> Bool {
        let cues = matching.documentCues
        let verbs = cues.id(.resultVerbs)
        return analysis.listMatches(id: cues.id(.participantWords), in: sentence, matching: matching).contains { match in
            match.end < sentence.upperBound && analysis.hasList(id: verbs, in: match.end..<(match.end + 1), matching: matching)
        }
    }

    /// The sentence opens the study's own account ("The study reports …", "The
    /// authors also note …"), which the next sentence of the paragraph continues.
    private func opensStudyAccount(_ sentence: Range<Int>) -> Bool {
        analysis.hasList(id: matching.documentCues.id(.reportFrames), in: sentence, matching: matching)
    }

    /// A named study: the paragraph's when the paragraph names it (or it is another
    /// study), else the document's. The article's own study left unnamed ("the trial
    /// enrolled 300 people" in a release that cites only its background) takes the
    /// document's named source; another unnamed study ("a previous study") gives none.
    private func attribution(to study: Int) -> ClaimSource {
        let reported = model.studies[study]
        guard reported.isNamed else {
            if study == model.leadCluster, let main = model.mainStudyIndex { return .documentStudy(study: main) }
            return .none
        }
        if study != model.mainStudyIndex || reported.naming.contains(where: { $0.blockIndex == analysis.index }) {
            return .paragraphStudy(study: study)
        }
        return .documentStudy(study: study)
    }

    /// The person a sentence reports: "Lee said …", "…, she added", "said Dr. Lee",
    /// "according to Lee", or whose research it tells: "Dr. Lee and colleagues studied …".
    func reportedSource(in sentence: Range<Int>) -> Int? {
        let tokens = analysis.tokens
        let cues = matching.documentCues
        for verb in analysis.listMatches(id: cues.id(.researchVerbs), in: sentence, matching: matching) {
            if let index = subject(before: verb.start, in: sentence) { return index }
        }
        for verb in analysis.listMatches(id: cues.id(.reportVerbs), in: sentence, matching: matching) {
            if let index = subject(before: verb.start, in: sentence) { return index }
            var after = verb.end
            if after < sentence.upperBound, analysis.isWord(after, matching.words.to) { after += 1 }   // "according to"
            let run = SourceRecognizer(analysis: analysis, matching: matching).personName(from: after, limit: sentence.upperBound)
            if let last = run.last, let index = model.sourceIndex(named: analysis.word(last)) { return index }
            if after < sentence.upperBound, tokens[after].isCapitalized, tokens[after].kind == .word,
               let index = model.sourceIndex(named: analysis.word(after)) { return index }
        }
        return nil
    }

    /// The source a verb's subject names: a surname ("Lee said", "Lee, said"), a
    /// pronoun ("she added"), or a surname through "and colleagues" or "and her
    /// team" ("Dr. Lee and colleagues found").
    private func subject(before verb: Int, in sentence: Range<Int>) -> Int? {
        let tokens = analysis.tokens
        var before = verb - 1
        if before >= sentence.lowerBound, analysis.isPunctuation(before, ",") { before -= 1 }
        guard before >= sentence.lowerBound else { return nil }
        if analysis.hasList(id: matching.documentCues.id(.colleagueWords), in: before..<(before + 1), matching: matching) {
            // Back over "and", "her", "his", "their" to the name.
            var steps = 0
            repeat { before -= 1; steps += 1 } while before > sentence.lowerBound && steps < 3 && !tokens[before].isCapitalized
        }
        if tokens[before].isCapitalized, tokens[before].kind == .word { return model.sourceIndex(named: analysis.word(before)) }
        if analysis.hasList(.pronouns, in: before..<(before + 1), matching: matching) {
            return model.sourceIndex(mentionedBefore: Int(tokens[before].start), inBlock: analysis.index)
        }
        return nil
    }
}
