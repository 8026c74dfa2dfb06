/// Whether the writer asserts a phrase of the treatment the sentence is about.
///
/// A certainty, safety or hype phrase is the writer's own claim only when nothing
/// in its clause takes it out of scope: a negation ("none of these has been
/// proven"), a question, a condition or purpose ("if it were proven", "in order to
/// achieve a cure"), reported or sceptical speech ("the so-called wonder pill",
/// "marketed as completely safe", a phrase in scare quotes), another treatment
/// ("unlike the approved drugs, which were proven in large trials") or a trial's
/// control arm ("the placebo group reported no side effects").
///
/// The cue words are data (`scope-*` lists and `negations` in `Rules/lexicon.yml`);
/// this type decides only how far a cue reaches: forward, to the end of its clause.
struct AssertionScope {
    /// Why a phrase is not asserted.
    enum Reason: String, Sendable, Equatable {
        case negated, question, hypothetical, sceptical, otherTreatment, controlArm
    }

    /// The single-word lists, tested token by token (see `MatchingLayer.wordListNames`).
    static let wordLists = ["scope-relatives", "scope-determiner-negations", "scope-coordinators", "scope-frame-openers", "scope-question-openers"]

    /// The lexicon lists this type reads; the lexicon must define each.
    static let lists = ["scope-clause-breaks", "scope-relatives", "scope-not-negations", "scope-determiner-negations", "scope-coordinators", "scope-hypothetical",
                        "scope-sceptical", "scope-comparison", "scope-control-arms", "scope-frame-openers", "scope-question-openers",
                        "scope-first-person", "scope-first-person-plural", "scope-opinion-openers", "scope-description-openers",
                        "organisation-self-description"]

    let analysis: BlockAnalysis
    let matching: MatchingLayer

    /// The reason the phrase at `match` is out of the writer's assertion, or nil when it is asserted.
    func reason(for match: Range<Int>, in sentence: Range<Int>) -> Reason? {
        if Negation.isQuestion(sentence, analysis) || isHeadlineQuestion(sentence) { return .question }
        let clause = clause(before: match.lowerBound, in: sentence)
        if isNegated(clause, before: match) { return .negated }
        if has("scope-hypothetical", in: clause), !isPresupposed(match, in: clause) { return .hypothetical }
        if has("scope-sceptical", in: clause) || isScareQuoted(match, in: sentence) { return .sceptical }
        if has("scope-comparison", in: clause) { return .otherTreatment }
        if has("scope-control-arms", in: clause) || hasControlArmFrame(before: clause, in: sentence) { return .controlArm }
        return nil
    }

    // MARK: Clauses

    /// The tokens of the clause before `position`: back to a clause mark or break
    /// word, and on through one ", which …" or ", who …" to the clause it describes.
    func clause(before position: Int, in sentence: Range<Int>) -> Range<Int> {
        var start = clauseStart(before: position, in: sentence)
        if start > sentence.lowerBound + 1, start < position, matching.isWord(analysis.tokens[start], inList: "scope-relatives"),
           analysis.isPunctuation(start - 1, ",") {
            start = clauseStart(before: start - 1, in: sentence)
        }
        return start..<position
    }

    private func clauseStart(before position: Int, in sentence: Range<Int>) -> Int {
        var start = sentence.lowerBound
        var index = position - 1
        while index >= sentence.lowerBound {
            let token = analysis.tokens[index]
            if token.kind == .punctuation, Self.clauseMarks.contains(token.lead) { start = index + 1; break }
            index -= 1
        }
        for found in listMatches("scope-clause-breaks", in: start..<position) { start = max(start, found.end) }
        return start
    }

    /// Commas, semicolons, colons, brackets and dashes (a lone "-" or "--" between words).
    private static let clauseMarks: Set<UInt8> = Set(",;:()[]-".utf8)

    // MARK: The cues

    /// A negation in the clause that is not part of "not only", "no doubt" and the
    /// like. A determiner's negation ("no", "without") governs its own noun phrase:
    /// it does not reach past "and" ("with no relapse and essentially cured").
    private func isNegated(_ clause: Range<Int>, before match: Range<Int>) -> Bool {
        let releases = listMatches("scope-not-negations", in: clause)
        return analysis.listMatches(.negations, in: clause, matching: matching).contains { negation in
            if releases.contains(where: { $0.start <= negation.start && negation.end <= $0.end }) { return false }
            if negation.end == negation.start + 1, matching.isWord(analysis.tokens[negation.start], inList: "scope-determiner-negations"),
               (negation.end..<match.lowerBound).contains(where: { matching.isWord(analysis.tokens[$0], inList: "scope-coordinators") }) { return false }
            return true
        }
    }

    /// "If we can treat them with the scientifically proven product": a phrase inside
    /// a noun phrase ("the …") is presupposed, not what the condition puts in doubt.
    private func isPresupposed(_ match: Range<Int>, in clause: Range<Int>) -> Bool {
        let previous = match.lowerBound - 1
        return previous >= clause.lowerBound && analysis.isWord(previous, matching.words.the)
    }

    /// A headline that asks without a question mark: "Can Turmeric Cure Arthritis".
    private func isHeadlineQuestion(_ sentence: Range<Int>) -> Bool {
        analysis.block.kind == .heading && !sentence.isEmpty && matching.isWord(analysis.tokens[sentence.lowerBound], inList: "scope-question-openers")
    }

    /// The phrase alone in quotation marks ("a 'miracle' cure", hailed as a “game changer”):
    /// the writer holds the word at a distance. A long quotation is speech, not a scare quote.
    /// A sentence that quotes someone (a speech verb, or more quotation marks than the
    /// pair) quotes their words: those are speech, not the writer's distance.
    private func isScareQuoted(_ match: Range<Int>, in sentence: Range<Int>) -> Bool {
        guard match.lowerBound > sentence.lowerBound, isQuoteMark(match.lowerBound - 1) else { return false }
        let marks = sentence.filter(isQuoteMark).count
        guard marks == 2, !analysis.hasList(.speechVerbs, in: sentence, matching: matching) else { return false }
        return (match.upperBound..<min(sentence.upperBound, match.upperBound + Self.scareQuoteSlack)).contains(where: isQuoteMark)
    }

    /// Tokens a scare quote may hold after the phrase ("“miracle patient.”").
    private static let scareQuoteSlack = 3

    private func isQuoteMark(_ index: Int) -> Bool {
        analysis.isPunctuation(index, "\"") || analysis.isPunctuation(index, "'")
    }

    /// "In the placebo group, …": a control arm named in an opening phrase frames the clause after it.
    private func hasControlArmFrame(before clause: Range<Int>, in sentence: Range<Int>) -> Bool {
        guard clause.lowerBound > sentence.lowerBound, analysis.isPunctuation(clause.lowerBound - 1, ",") else { return false }
        let frame = sentence.lowerBound..<(clause.lowerBound - 1)
        guard !frame.isEmpty, matching.isWord(analysis.tokens[frame.lowerBound], inList: "scope-frame-openers") else { return false }
        return has("scope-control-arms", in: frame)
    }

    // MARK: Testimony and self-description (read by their own `unless` keys)

    /// A participant's own experience in their words: the phrase is inside a
    /// quotation, the sentence before it speaks in the first person singular ("I'm
    /// now", "for me, it felt like") other than to give an opinion ("I think", "I'm
    /// excited"), and never as "we" or "our", the voice of a research team.
    func isTestimony(_ match: Range<Int>, in sentence: Range<Int>) -> Bool {
        guard isInsideQuotation(match.lowerBound) else { return false }
        let before = sentence.lowerBound..<match.lowerBound
        guard !has("scope-first-person-plural", in: before) else { return false }
        let opinions = listMatches("scope-opinion-openers", in: before)
        return listMatches("scope-first-person", in: before).contains { person in
            !opinions.contains { $0.start <= person.start && person.end <= $0.end }
        }
    }

    /// A quotation is open at the position: the nearest double quotation mark before
    /// it in its paragraph opens one (a curly “, or a straight mark with a space before
    /// it and a word right after). A quote of several sentences opens once, and a
    /// paragraph that goes on quoting opens each sentence again. The look back is
    /// bounded, so a long paragraph costs the same per phrase.
    private func isInsideQuotation(_ position: Int) -> Bool {
        var index = position - 1
        while index >= max(0, position - Self.quotationReach) {
            if analysis.isPunctuation(index, "\"") { return isOpeningMark(index) }
            index -= 1
        }
        return false
    }

    /// Tokens a quotation may run before a phrase and still be found open.
    private static let quotationReach = 400

    private func isOpeningMark(_ index: Int) -> Bool {
        let tokens = analysis.tokens, text = analysis.block.text
        let start = Int(tokens[index].start)
        if text[start] == 0xE2, start + 2 < text.count { return text[start + 2] == 0x9C }
        let spaceBefore = index == 0 || tokens[index - 1].end < tokens[index].start
        let wordAfter = index + 1 < tokens.count && tokens[index + 1].start == tokens[index].end && tokens[index + 1].kind != .punctuation
        return spaceBefore && wordAfter
    }

    /// The paragraph is an organisation's description of itself: it opens with
    /// "About" and a name ("About Example University"), or it is short, quotes no one
    /// and has the words of such a description (`organisation-self-description`:
    /// "boasts", "is ranked among", "is home to"). A paragraph of quotation is a person
    /// speaking, whatever words of the organisation it uses ("our donors").
    func isOrganisationDescription() -> Bool {
        let tokens = analysis.tokens
        guard !tokens.isEmpty else { return false }
        if tokens.count > 1, tokens[1].kind == .word, tokens[1].isCapitalized,
           listMatches("scope-description-openers", in: 0..<1).contains(where: { $0.start == 0 }) { return true }
        guard tokens.count <= Self.descriptionLength, !tokens.indices.contains(where: { analysis.isPunctuation($0, "\"") }) else { return false }
        return has("organisation-self-description", in: 0..<tokens.count)
    }

    /// Tokens of the longest paragraph read as an organisation's description (such
    /// paragraphs are a few sentences; a page without paragraph breaks is not one).
    private static let descriptionLength = 300

    // MARK: Lists by name

    private func has(_ list: String, in range: Range<Int>) -> Bool {
        !range.isEmpty && analysis.hasList(named: list, in: range, matching: matching)
    }

    private func listMatches(_ name: String, in range: Range<Int>) -> [PhraseAutomaton.Match] {
        guard !range.isEmpty, let list = matching.listIDs[name] else { return [] }
        return analysis.listMatches(id: list, in: range, matching: matching)
    }
}
