/// Finds quotations in a block and who the text attributes them to.
///
/// Shapes it reads (the speech verb from the lexicon's `speech-verbs`):
/// - `NAME, DESCRIPTOR, VERB, "…"` and `DESCRIPTOR, NAME, VERB, "…"`
/// - `"…," VERB NAME, DESCRIPTOR.` and `"…," NAME VERB.` and `"…," he said.`
/// - `According to [a report by] ORGANISATION, "…"`
struct AttributionRecognizer {
    let analysis: BlockAnalysis
    let matching: MatchingLayer

    struct Quote {
        var open: Int
        var close: Int
        var attribution: Attribution?
        /// Token range of the attribution, if any.
        var attributionTokens: Range<Int>?
        var isPronoun = false
    }

    /// Pairs of quotation marks around at least four words.
    func quotes() -> [Quote] {
        var marks: [(index: Int, isOpen: Bool?)] = []
        let text = analysis.block.text
        for (index, token) in analysis.tokens.enumerated() where token.kind == .punctuation && token.lead == UInt8(ascii: "\"") {
            let start = Int(token.start)
            if text[start] == 0xE2, start + 2 < text.count {
                marks.append((index, text[start + 2] == 0x9C))
            } else {
                marks.append((index, nil))
            }
        }
        var quotes: [Quote] = []
        var open: Int?
        for mark in marks {
            if let current = open, mark.isOpen != true {
                if mark.index - current > 4 { quotes.append(Quote(open: current, close: mark.index)) }
                open = nil
            } else if mark.isOpen != false {
                open = mark.index
            }
        }
        return quotes.map(attribute)
    }

    private func attribute(_ quote: Quote) -> Quote {
        var quote = quote
        let tokens = analysis.tokens
        // After the closing mark, in the same sentence.
        var start = quote.close + 1
        while start < tokens.count, analysis.isPunctuation(start, ",") { start += 1 }
        let afterEnd = sentenceEnd(from: start)
        if start < afterEnd, let found = attributionAfter(start..<afterEnd) {
            quote.attribution = found.0; quote.attributionTokens = found.1; quote.isPronoun = found.2
            return quote
        }
        // Before the opening mark, from the start of its sentence.
        let sentence = analysis.sentence(containing: quote.open) ?? (quote.open..<quote.open)
        if sentence.lowerBound < quote.open, let found = attributionBefore(sentence.lowerBound..<quote.open) {
            quote.attribution = found.0; quote.attributionTokens = found.1
        }
        return quote
    }

    private func sentenceEnd(from index: Int) -> Int {
        guard index < analysis.tokens.count else { return analysis.tokens.count }
        var end = analysis.sentence(containing: index)?.upperBound ?? analysis.tokens.count
        // Stop at the next quotation.
        for look in index..<end where analysis.tokens[look].lead == UInt8(ascii: "\"") && analysis.tokens[look].kind == .punctuation {
            end = look; break
        }
        return end
    }

    private func isSpeechVerb(at index: Int) -> PhraseAutomaton.Match? {
        guard index >= 0, index < analysis.tokens.count else { return nil }
        return analysis.listMatches(.speechVerbs, in: index..<min(analysis.tokens.count, index + 3), matching: matching).first { $0.start == index }
    }

    /// `VERB NAME[, DESCRIPTOR]` or `NAME VERB` or `PRONOUN VERB`.
    private func attributionAfter(_ range: Range<Int>) -> (Attribution, Range<Int>, Bool)? {
        var index = range.lowerBound
        if analysis.isWord(index, matching.words.aptly) { index += 1 }
        guard index < range.upperBound else { return nil }
        if let verb = isSpeechVerb(at: index) {
            let nameRange = name(from: verb.end, limit: range.upperBound)
            guard !nameRange.isEmpty else { return nil }
            var descriptor: Range<Int>?
            if nameRange.upperBound < range.upperBound, analysis.isPunctuation(nameRange.upperBound, ",") {
                descriptor = (nameRange.upperBound + 1)..<trimmedEnd(range.upperBound, floor: nameRange.upperBound + 1)
            }
            return (make(speaker: nameRange, descriptor: descriptor, whole: range.lowerBound..<trimmedEnd(range.upperBound, floor: range.lowerBound)),
                    range.lowerBound..<trimmedEnd(range.upperBound, floor: range.lowerBound), false)
        }
        if analysis.hasList(.pronouns, in: index..<(index + 1), matching: matching), index + 1 < range.upperBound, isSpeechVerb(at: index + 1) != nil {
            return (Attribution(speaker: analysis.word(index), range: analysis.textRange(index..<(index + 2))), index..<(index + 2), true)
        }
        let nameRange = name(from: index, limit: range.upperBound)
        if !nameRange.isEmpty, nameRange.upperBound < range.upperBound, let verb = isSpeechVerb(at: nameRange.upperBound) {
            return (make(speaker: nameRange, descriptor: nil, whole: index..<verb.end), index..<verb.end, false)
        }
        return nil
    }

    /// Comma-separated chunks before the quote: a name, a descriptor, a verb.
    private func attributionBefore(_ range: Range<Int>) -> (Attribution, Range<Int>)? {
        // "According to a report by the Mayo Clinic,"
        for index in range where analysis.isWord(index, matching.words.according) && index + 1 < range.upperBound
            && analysis.isWord(index + 1, matching.words.to) {
            let rest = (index + 2)..<range.upperBound
            let organisations = analysis.matches(in: rest, kind: .organisation, matching: matching)
            var attribution = Attribution(range: analysis.textRange(index..<trimmedEnd(range.upperBound, floor: range.lowerBound)))
            // "According to lead investigator Jane Roe, MD, chief of … at Example Cancer Center" is a
            // person with an affiliation: the organisation speaks only when it comes first.
            attribution.isOrganisational = organisations.first.map { $0.start - rest.lowerBound <= 4 } ?? true
            attribution.organisations = organisations.compactMap { if case .organisation(let id) = matching.tags[Int($0.tag)] { return id }; return nil }
            let capitalised = capitalisedRun(in: rest)
            attribution.speaker = capitalised.map { analysis.string($0) }
            attribution.affiliation = attribution.speaker
            return (attribution, index..<trimmedEnd(range.upperBound, floor: range.lowerBound))
        }
        guard let verbIndex = range.first(where: { isSpeechVerb(at: $0) != nil }) else { return nil }
        var chunks: [Range<Int>] = []
        var chunkStart = range.lowerBound
        for index in range.lowerBound..<verbIndex where analysis.isPunctuation(index, ",") {
            if index > chunkStart { chunks.append(chunkStart..<index) }
            chunkStart = index + 1
        }
        if verbIndex > chunkStart { chunks.append(chunkStart..<verbIndex) }
        var speaker: Range<Int>?
        var descriptor: Range<Int>?
        for chunk in chunks {
            if speaker == nil, isName(chunk) {
                speaker = chunk
            } else if descriptor == nil, !(chunk.count == 1 && analysis.tokens[chunk.lowerBound].kind == .word
                                           && !analysis.tokens[chunk.lowerBound].isCapitalized && speaker != nil) {
                descriptor = chunk   // "a renowned dermatologist", "CEO of Example Health"
            }
        }
        guard let speaker else { return nil }
        let whole = range.lowerBound..<trimmedEnd(range.upperBound, floor: range.lowerBound)
        return (make(speaker: speaker, descriptor: descriptor, whole: whole), whole)
    }

    /// `end` moved back over trailing punctuation, never below `floor`.
    private func trimmedEnd(_ end: Int, floor: Int) -> Int {
        var end = end
        while end > floor, analysis.tokens[end - 1].kind == .punctuation { end -= 1 }
        return end
    }

    /// A run of name tokens: an optional title ("Dr.", "Prof."), then capitalised words.
    private func name(from start: Int, limit: Int) -> Range<Int> {
        var index = start
        if index < limit, analysis.hasList(.personTitles, in: index..<(index + 1), matching: matching) {
            index += 1
            if analysis.isPunctuation(index, ".") { index += 1 }
        }
        let firstName = index
        while index < limit, analysis.tokens[index].kind == .word, analysis.tokens[index].isCapitalized || analysis.tokens[index].lead >= 0x80 {
            index += 1
            if analysis.isPunctuation(index, "."), index + 1 < limit, analysis.tokens[index + 1].isCapitalized,
               analysis.tokens[index - 1].end - analysis.tokens[index - 1].start == 1 { index += 1 }  // an initial: "J. Smith"
            if index - firstName >= 4 { break }
        }
        return index > firstName ? start..<index : start..<start
    }

    private func isName(_ chunk: Range<Int>) -> Bool {
        let run = name(from: chunk.lowerBound, limit: chunk.upperBound)
        return !run.isEmpty && run.upperBound == chunk.upperBound
    }

    /// The longest run of capitalised words, with "of", "and", "for", "the", "&",
    /// "on" or "in" inside ("Johnson & Johnson", "Centre for Hair and Skin").
    private func capitalisedRun(in range: Range<Int>) -> Range<Int>? {
        analysis.capitalisedRun(in: range, chainsConnectors: true, isConnector: isConnector)
    }

    /// "of", "and", "for", "the", "&", "on" or "in", in any case, compared byte by
    /// byte: a lower-cased String per token tested cost more than the run itself.
    private func isConnector(_ index: Int) -> Bool {
        let token = analysis.tokens[index]
        let equals = { (word: StaticString) in analysis.isWord(index, spelled: word) }
        switch token.end - token.start {
        case 1: return analysis.block.text[Int(token.start)] == UInt8(ascii: "&")
        case 2: return equals("of") || equals("on") || equals("in")
        case 3: return equals("and") || equals("for") || equals("the")
        default: return false
        }
    }

    private func make(speaker: Range<Int>, descriptor: Range<Int>?, whole: Range<Int>) -> Attribution {
        var attribution = Attribution(range: analysis.textRange(whole))
        attribution.speaker = analysis.string(speaker)
        let span = descriptor ?? (speaker.upperBound..<speaker.upperBound)
        if let descriptor, !descriptor.isEmpty {
            attribution.descriptor = analysis.string(descriptor)
            // Praise counts in the head of the description, in lower case: "a renowned
            // dermatologist", not "who noted that" or "Distinguished Professor".
            let head = descriptor.lowerBound..<min(descriptor.upperBound, descriptor.lowerBound + 5)
            attribution.vagueWords = analysis.listMatches(.vagueCredentials, in: head, matching: matching)
                .filter { !analysis.tokens[$0.start].isCapitalized || $0.start == descriptor.lowerBound }
                .map { analysis.string($0.start..<$0.end) }
            attribution.hasRole = analysis.hasList(.roleWords, in: descriptor, matching: matching)
            // Skip the descriptor's first word, which is capitalised only because it opens the sentence.
            let inner = (descriptor.lowerBound + 1)..<descriptor.upperBound
            if let run = capitalisedRun(in: inner) {
                attribution.affiliation = analysis.string(run)
                attribution.isInstitutional = analysis.hasList(.institutionWords, in: run, matching: matching)
            }
        }
        // "NIAID Director Anthony Fauci": a role in the name itself.
        if analysis.hasList(.roleWords, in: speaker, matching: matching) { attribution.hasRole = true }
        let whole = speaker.lowerBound < span.lowerBound ? speaker.lowerBound..<max(speaker.upperBound, span.upperBound)
                                                          : span.lowerBound..<speaker.upperBound
        var matchIndex = analysis.firstMatch(from: whole.lowerBound)
        while matchIndex < analysis.matches.count, analysis.matches[matchIndex].start < whole.upperBound {
            let match = analysis.matches[matchIndex]
            matchIndex += 1
            guard match.end <= whole.upperBound else { continue }
            switch matching.tags[Int(match.tag)] {
            case .organisation(let id): attribution.organisations.append(id)
            case .expert(let id): attribution.expert = id
            default: break
            }
        }
        return attribution
    }
}
