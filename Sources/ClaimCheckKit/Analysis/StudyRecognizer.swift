/// What one sentence says about a study: the names it gives it, its design words,
/// its size, and whether it speaks of a study at all.
struct SentenceStudyCues: Sendable {
    var sentence: Int
    var naming: [StudyNaming] = []
    var designs: [StudyDesign] = []
    var size: StudySize?
    /// A study word, a researcher word or a definite reference ("the trial", "the team").
    var mentionsStudy = false
    /// The sentence introduces another study than the article's own ("a previous trial").
    var isOtherStudy = false
    /// Capitalised words of a sentence that speaks of a study, by hash: a named
    /// source among them ("Ellis and his colleagues ran the trial") names the study.
    var names: [UInt64] = []

    var isEmpty: Bool { naming.isEmpty && designs.isEmpty && size == nil && !mentionsStudy }
}

/// Reads a block's sentences for study cues, with the words of `Rules/documents.yml`.
struct StudyRecognizer {
    let analysis: BlockAnalysis
    let matching: MatchingLayer

    /// Cues of every sentence that has any; `cited` says which sentences carry a citation
    /// mark, `names` are the block's capitalised words (`BlockAnalysis.capitalisedWords`).
    func cues(cited: [Bool], names: [CapitalisedWord]) -> [SentenceStudyCues] {
        var result: [SentenceStudyCues] = []
        // Most blocks hold no study word and no citation: their sentences can give
        // cues only through a registry number, so only those are read.
        let mayHaveCues = cited.contains(true) || analysis.mayHaveList(matching.listID(.studyReferences))
            || matching.documentCues.cueListIDs.contains { analysis.mayHaveList($0) }
        // Sentences come in order: the first match and the first name of each are
        // found by moving on from the last sentence's, not by a search per sentence.
        var firstMatch = 0, firstName = 0
        for (index, sentence) in analysis.sentences.enumerated() where !sentence.isEmpty {
            guard mayHaveCues || mayHoldTrialNumber(sentence) else { continue }
            while firstMatch < analysis.matches.count, analysis.matches[firstMatch].start < sentence.lowerBound { firstMatch += 1 }
            while firstName < names.count, names[firstName].token < sentence.lowerBound { firstName += 1 }
            let found = cues(of: sentence, index: index, isCited: index < cited.count && cited[index],
                             firstMatch: firstMatch, names: names[firstName...])
            if !found.isEmpty { result.append(found) }
        }
        return result
    }

    /// The cues of one sentence; `firstMatch` is the index of the block's first match
    /// starting in it or after, `names` the block's capitalised words from the sentence on.
    private func cues(of sentence: Range<Int>, index: Int, isCited: Bool, firstMatch: Int,
                      names: ArraySlice<CapitalisedWord>) -> SentenceStudyCues {
        var cues = SentenceStudyCues(sentence: index)
        // One pass over the sentence's matches sorts them by what they stand for.
        var studyWords: [PhraseAutomaton.Match] = []
        var others: [PhraseAutomaton.Match] = []
        var trialWords: [PhraseAutomaton.Match] = []
        var namings: [(StudyNamingKind, PhraseAutomaton.Match)] = []
        var hasSizeVerb = false
        var matchIndex = firstMatch
        while matchIndex < analysis.matches.count, analysis.matches[matchIndex].start < sentence.upperBound {
            let match = analysis.matches[matchIndex]
            matchIndex += 1
            guard match.end <= sentence.upperBound, let cue = matching.documentCue(ofTag: match.tag) else { continue }
            switch cue {
            case .design(let design): if !cues.designs.contains(design) { cues.designs.append(design) }
            case .naming(let kind): namings.append((kind, match))
            case .list(.studyWords): studyWords.append(match)
            case .list(.researcherWords): cues.mentionsStudy = true
            case .list(.otherStudyWords): others.append(match)
            case .list(.trialNameWords): trialWords.append(match)
            case .list(.sizeVerbs): hasSizeVerb = true
            case .list: break
            }
        }
        cues.designs.sort()
        cues.mentionsStudy = cues.mentionsStudy || !studyWords.isEmpty || analysis.hasList(.studyReferences, in: sentence, matching: matching)
        // Most sentences say nothing of a study: no cue word, no citation, no trial number.
        if !cues.mentionsStudy, cues.designs.isEmpty, namings.isEmpty, !hasSizeVerb, !isCited, !mayHoldTrialNumber(sentence) { return cues }
        for kind in StudyNamingKind.fromData where !kind.needsStudyWord || cues.mentionsStudy {
            // An institution is named with capitals ("Example University"), not "a university".
            guard let match = namings.first(where: { $0.0 == kind && (kind != .institution || analysis.tokens[$0.1.start].isCapitalized) })?.1 else { continue }
            cues.naming.append(naming(kind, around: match.start..<match.end, in: sentence))
        }
        if let trial = trialName(in: sentence, trialWords: trialWords) { cues.naming.append(naming(.trial, exactly: trial)) }
        if isCited, cues.naming.isEmpty, let mark = CitationRecognizer(analysis: analysis, matching: matching).mark(in: sentence) {
            cues.naming.append(naming(.citation, exactly: mark))
        }
        if cues.mentionsStudy || !cues.designs.isEmpty || hasSizeVerb {
            cues.size = size(in: sentence)
        }
        if cues.mentionsStudy {
            cues.names = names.prefix { $0.token < sentence.upperBound }.map(\.hash)
        }
        // "A previous trial found …", not "The researchers note … double the rate of previous studies".
        guard !others.isEmpty else { return cues }
        let ownReference = analysis.listMatches(.studyReferences, in: sentence, matching: matching).first?.start
        cues.isOtherStudy = others.contains { other in
            studyWords.contains { $0.start >= other.end && $0.start - other.end <= 3 } && (ownReference.map { $0 > other.start } ?? true)
        }
        return cues
    }

    // MARK: Naming

    /// A word of eleven bytes starting with "N": perhaps a registry number ("NCT01234567").
    private func mayHoldTrialNumber(_ sentence: Range<Int>) -> Bool {
        analysis.tokens[sentence].contains { $0.lead == UInt8(ascii: "N") && $0.end - $0.start == 11 }
    }

    private func naming(_ kind: StudyNamingKind, exactly tokens: Range<Int>) -> StudyNaming {
        let text = analysis.textRange(tokens)
        return StudyNaming(kind: kind, text: String(decoding: analysis.block.text[text], as: UTF8.self), blockIndex: analysis.index,
                           sourceOffset: analysis.block.map.sourceOffset(ofTextStart: text.lowerBound))
    }

    /// The cue with the name around it: "published in" + "the Journal of Sleep Medicine",
    /// "Example" + "University" + "Hospital".
    private func naming(_ kind: StudyNamingKind, around cue: Range<Int>, in sentence: Range<Int>) -> StudyNaming {
        var start = cue.lowerBound, end = cue.upperBound
        if kind == .institution || kind == .company {
            while start > sentence.lowerBound, start > cue.lowerBound - 6, isNamePart(start - 1) { start -= 1 }
            while start < cue.lowerBound, !analysis.tokens[start].isCapitalized { start += 1 }
        }
        var look = end
        while look < sentence.upperBound, look < cue.upperBound + 10,
              isNamePart(look) || (analysis.isPunctuation(look, ".") && look > 0 && SentenceSplitter.isAbbreviation(analysis.tokens[look - 1], analysis.block.text)) {
            look += 1   // past "Dr." and initials: "led by Dr. J. Smith"
        }
        while look > end, !analysis.tokens[look - 1].isCapitalized, analysis.tokens[look - 1].kind != .number { look -= 1 }
        end = look
        return naming(kind, exactly: start..<end)
    }

    /// A capitalised word, or a connector inside a name ("of", "and", "for", "the").
    private func isNamePart(_ index: Int) -> Bool {
        let token = analysis.tokens[index]
        if token.kind == .word && (token.isCapitalized || token.lead >= 0x80) { return true }
        if token.kind != .word { return false }
        let words = matching.words
        return token.id == words.of || token.id == words.and || token.id == words.the || token.id == words.in
    }

    /// "the SPRINT trial", "the MASTER study" (capitals before a study word), or a
    /// registry number ("NCT01234567").
    private func trialName(in sentence: Range<Int>, trialWords: [PhraseAutomaton.Match]) -> Range<Int>? {
        let text = analysis.block.text
        for index in sentence {
            let token = analysis.tokens[index]
            guard token.kind == .word, token.lead == UInt8(ascii: "N"), token.end - token.start == 11 else { continue }
            let start = Int(token.start)
            if text[start + 1] == UInt8(ascii: "C"), text[start + 2] == UInt8(ascii: "T"),
               (start + 3..<start + 11).allSatisfy({ Tokenizer.isDigit(text[$0]) }) {
                return index..<(index + 1)
            }
        }
        for word in trialWords where word.start > sentence.lowerBound {
            let index = word.start - 1
            let token = analysis.tokens[index]
            let bytes = text[Int(token.start)..<Int(token.end)]
            let isAcronym = bytes.count >= 3 && bytes.allSatisfy { ($0 >= 0x41 && $0 <= 0x5A) || Tokenizer.isDigit($0) || $0 == UInt8(ascii: "-") }
                && bytes.contains { $0 >= 0x41 && $0 <= 0x5A }
            // A sentence in capitals (a shouted headline) names nothing.
            if isAcronym, index > sentence.lowerBound, !isShouted(sentence) { return index..<word.end }
        }
        return nil
    }

    private func isShouted(_ sentence: Range<Int>) -> Bool {
        let words = analysis.tokens[sentence].filter { $0.kind == .word }
        let text = analysis.block.text
        let capitals = words.filter { token in text[Int(token.start)..<Int(token.end)].allSatisfy { !($0 >= 0x61 && $0 <= 0x7A) } }
        return capitals.count * 2 > words.count
    }

    // MARK: Size

    /// "n = 120", "1,200 participants", "120 children and adolescents", "in 40 mice".
    func size(in sentence: Range<Int>) -> StudySize? {
        let tokens = analysis.tokens
        let nouns = matching.documentCues.id(.sizeNouns)
        for index in sentence where tokens[index].kind == .number {
            // "n = 162", "(n=13)"
            if index >= sentence.lowerBound + 2, analysis.isPunctuation(index - 1, "="),
               isLetterN(index - 2), let count = number(at: index) {
                return StudySize(count: count, text: analysis.string((index - 2)..<(index + 1)))
            }
            guard !isRatioOrShare(index, in: sentence), let count = number(at: index), count >= 2 else { continue }
            var look = index + 1
            while look < min(sentence.upperBound, index + 5), tokens[look].kind == .word {
                if analysis.hasList(id: nouns, in: look..<(look + 1), matching: matching) {
                    return StudySize(count: count, text: analysis.string(index..<(look + 1)))
                }
                look += 1
            }
            // "followed 12,400 nurses", "a trial of 240 shift workers": the number after
            // an enrolment verb, or after a study word and "of", whatever the noun.
            if look > index + 1, isAfterEnrolment(index, in: sentence) {
                return StudySize(count: count, text: analysis.string(index..<min(look, index + 3)))
            }
        }
        return nil
    }

    private func isAfterEnrolment(_ index: Int, in sentence: Range<Int>) -> Bool {
        let ids = matching.documentCues
        guard index > sentence.lowerBound else { return false }
        if analysis.listMatches(id: ids.id(.sizeVerbs), in: sentence.lowerBound..<index, matching: matching).contains(where: { $0.end == index }) { return true }
        guard index - 1 > sentence.lowerBound, analysis.isWord(index - 1, matching.words.of) else { return false }
        return analysis.listMatches(id: ids.id(.studyWords), in: sentence.lowerBound..<(index - 1), matching: matching).contains { $0.end == index - 1 }
    }

    private func isLetterN(_ index: Int) -> Bool {
        let token = analysis.tokens[index]
        return token.kind == .word && token.end - token.start == 1 && analysis.block.text[Int(token.start)] | 0x20 == UInt8(ascii: "n")
    }

    /// "1 in 4 people", "20% of patients", "3 percent of adults", "2018 patients" (a year), "9 years".
    private func isRatioOrShare(_ index: Int, in sentence: Range<Int>) -> Bool {
        if index + 1 < sentence.upperBound, analysis.isPunctuation(index + 1, "%") { return true }
        if index + 1 < sentence.upperBound, analysis.hasList(.statisticWords, in: (index + 1)..<min(sentence.upperBound, index + 3), matching: matching) {
            return true
        }
        if index >= sentence.lowerBound + 2, analysis.isWord(index - 1, matching.words.in), analysis.tokens[index - 2].kind == .number { return true }
        if index >= sentence.lowerBound + 3, analysis.isWord(index - 1, matching.words.of), analysis.isWord(index - 2, matching.words.out) { return true }
        return CitationRecognizer(analysis: analysis, matching: matching).isYear(index)
    }

    /// A whole number, thousands separators allowed ("12,400"); nil for decimals and words.
    private func number(at index: Int) -> Int? {
        let word = analysis.word(index)
        guard word.utf8.allSatisfy({ Tokenizer.isDigit($0) || $0 == UInt8(ascii: ",") }) else { return nil }
        return Int(word.filter { $0 != "," })
    }
}
