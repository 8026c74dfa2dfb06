/// Reads how strong a relationship one sentence claims (`ClaimStrength`), from
/// the cues of `Rules/strength.yml` that the block's one automaton pass already
/// matched: no second pass, no allocation beyond a few small arrays per sentence.
///
/// The reading, cue by cue in sentence order:
/// - a neutral phrase ("side effects", "in relation to") hides the cues inside it;
/// - a question claims nothing; nor does a clause with a recommendation cue
///   ("should", "future studies"), except what it says of proof or of its
///   absence ("lacks evidence of benefit and should not be used"); a clause of
///   its own (after ";" or a comma and a clause opener: "…, but larger trials
///   are needed") keeps its claim, and so does a hedged claim made before the
///   call for research ("may lower it and should be tested");
/// - a cue up to six tokens after an `unclaimed` word ("whether", "to determine") is asked about, not claimed;
/// - a change verb ("reduced") right after a modifier opener ("with reduced
///   risk"), at the start of the sentence, or right before a change follower
///   ("increased with age") compares rather than causes: it counts as a weak
///   association, unless a hedge governs it (a verb of proof there is a noun,
///   "treatments and cures", and counts for nothing); after "to" it is a purpose
///   ("strategies to reduce") unless an infinitive carrier precedes ("helps to reduce");
/// - an association participle ("associated") right after a noun describes the
///   noun ("the costs associated with surgery"): a weak association;
/// - a hedge up to eight tokens before a causal cue makes it conditional; a
///   negation up to four tokens before (or inside) a cue negates it, and so
///   does a denial anywhere before it in its clause ("no evidence that … causes").
///
/// Proof asserted without hedge or negation decides the sentence; an association
/// cue ("associated with") outweighs causal ones in the same sentence ("X was
/// associated with improved survival"), unless the sentence asserts proof; a
/// hedged causal cue outweighs unhedged ones; weak comparisons ("higher",
/// "than") count only when nothing else does.
public struct ClaimStrengthClassifier: Sendable {
    public let matching: MatchingLayer

    /// How far before a causal cue a hedge governs it, and a negation negates it.
    static let hedgeWindow = 8
    static let negationWindow = 4
    /// How far an `unclaimed` word ("whether", "aimed at") reaches: its own clause, not the sentence's
    /// later claims ("aimed at improving tolerance, rehabilitation can possibly improve …").
    static let unclaimedWindow = 6
    /// How far before "to" an infinitive carrier keeps a verb of change a claim.
    static let carrierReach = 4

    public init(matching: MatchingLayer) { self.matching = matching }

    /// The strength of a sentence given as text (the whole text read as one sentence).
    public func strength(of sentence: String) -> StrengthReading {
        let bytes = Array(sentence.utf8)
        let tokens = matching.tokenizer.tokenize(bytes)
        let matches = matching.matches(in: tokens, text: bytes)
        return reading(tokens: tokens, matches: matches, firstMatch: 0, sentence: 0..<tokens.count)
    }

    /// The strength of one sentence (a token range) of an analysed block.
    public func strength(of sentence: Range<Int>, in analysis: BlockAnalysis) -> StrengthReading {
        reading(tokens: analysis.tokens, matches: analysis.matches, firstMatch: analysis.firstMatch(from: sentence.lowerBound),
                sentence: sentence)
    }

    private struct Found {
        var range: Range<Int>
        var cue: StrengthCue
    }

    private struct Relation {
        var range: Range<Int>
        var phrase: Range<Int>
        var strength: ClaimStrength   // .proven, .causal or .correlational
        var isWeak: Bool
        var isHedged: Bool
        var isNegated: Bool
    }

    func reading(tokens: [Token], matches: [PhraseAutomaton.Match], firstMatch: Int, sentence: Range<Int>) -> StrengthReading {
        guard !sentence.isEmpty, !Self.isQuestion(tokens, sentence) else { return .none }
        var candidates: [Found] = []
        var hedges: [Range<Int>] = [], negations: [Range<Int>] = [], unclaimed: [Range<Int>] = []
        var firstDenial: Range<Int>?
        var recommendations: [Int] = []
        var index = firstMatch
        while index < matches.count, matches[index].start < sentence.upperBound {
            let match = matches[index]
            index += 1
            guard match.end <= sentence.upperBound, let cue = matching.strengthCue(of: match.tag) else { continue }
            let range = match.start..<match.end
            switch cue {
            case .recommendations:
                // After an article a one-word cue is an adjective: "reduces the required dose".
                if match.end - match.start == 1, match.start > sentence.lowerBound, isArticle(tokens[match.start - 1].id) { continue }
                recommendations.append(match.start)
            case .hedges: hedges.append(range)
            case .negations: negations.append(range)
            case .denials: if firstDenial == nil || range.upperBound < firstDenial!.upperBound { firstDenial = range }
            case .unclaimed: unclaimed.append(range)
            case .proven, .provenVerbs, .causal, .changeVerbs, .correlational, .weakCorrelational, .neutral:
                candidates.append(Found(range: range, cue: cue))
            case .modifierOpeners, .infinitiveCarriers, .changeFollowers, .participles, .copulas, .clauseOpeners, .efficacy, .benefits, .harms, .endorsements: break
            }
        }
        guard !candidates.isEmpty else { return .none }
        // At each start the longest cue first; a cue inside one already read is not read again.
        candidates.sort { ($0.range.lowerBound, $1.range.count) < ($1.range.lowerBound, $0.range.count) }
        /// The start of the nearest of `ranges` inside the window (the longest of those
        /// ending nearest: "does not" over "not"), if any.
        func nearest(_ ranges: [Range<Int>], within window: Range<Int>) -> Int? {
            ranges.filter { $0.lowerBound >= window.lowerBound && $0.upperBound <= window.upperBound }
                .max { ($0.upperBound, -$0.lowerBound) < ($1.upperBound, -$1.lowerBound) }?.lowerBound
        }
        func isWord(_ position: Int, _ cue: StrengthCue) -> Bool {
            sentence.contains(position) && matching.isStrengthWord(tokens[position].id, cue)
        }
        /// A ";", or a clause opener right after a comma ("…, but larger trials are needed").
        func isClauseBreak(_ position: Int) -> Bool {
            let token = tokens[position]
            if token.kind == .punctuation { return token.lead == UInt8(ascii: ";") }
            return position > sentence.lowerBound && tokens[position - 1].kind == .punctuation
                && tokens[position - 1].lead == UInt8(ascii: ",") && isWord(position, .clauseOpeners)
        }
        /// A recommendation in the clause of the cue at `cue` that takes its claim: one before it, or,
        /// for an unhedged cue, one after it ("the effect of X on Y needs study"); a hedged claim
        /// made before the call for research stands ("X may lower Y and should be tested").
        func isRecommended(_ cue: Range<Int>, isHedged: Bool) -> Bool {
            recommendations.contains { recommendation in
                (!isHedged || recommendation < cue.lowerBound)
                    && !(min(recommendation, cue.lowerBound) + 1..<max(recommendation, cue.lowerBound) + 1).contains(where: isClauseBreak)
            }
        }
        var relations: [Relation] = []
        var readUpTo = Int.min
        for found in candidates where found.range.lowerBound >= readUpTo {
            let start = found.range.lowerBound, end = found.range.upperBound
            if found.cue == .neutral { readUpTo = end; continue }   // "side effects": "effects" is not read
            if nearest(unclaimed, within: max(sentence.lowerBound, start - Self.unclaimedWindow)..<start) != nil { continue }
            let hedge = nearest(hedges, within: max(sentence.lowerBound, start - Self.hedgeWindow)..<start)
                ?? nearest(hedges, within: found.range)
            // A denial reaches to the end of its clause: "no trial has shown X to reverse it; at best it may help".
            let denial = firstDenial.flatMap { denial in
                denial.upperBound <= start && !tokens[denial.upperBound..<start].contains { $0.kind == .punctuation && $0.lead == UInt8(ascii: ";") }
                    ? denial.lowerBound : nil
            }
            let negation = denial ?? nearest(negations, within: max(sentence.lowerBound, start - Self.negationWindow)..<end)
            let isHedged = hedge != nil, isNegated = negation != nil
            var strength: ClaimStrength
            var isWeak = false
            switch found.cue {
            case .proven: strength = .proven
            case .causal: strength = .causal
            case .correlational:
                strength = .correlational
                // Right after a noun a participle describes it: "the costs associated with surgery".
                isWeak = isWord(start, .participles) && start > sentence.lowerBound && tokens[start - 1].kind == .word
                    && !isWord(start - 1, .copulas)
            case .weakCorrelational: strength = .correlational; isWeak = true
            default:   // a verb of change or of proof
                let isProof = found.cue == .provenVerbs
                strength = isProof ? .proven : .causal
                if !isHedged, start == sentence.lowerBound || isWord(start - 1, .modifierOpeners) || isWord(end, .changeFollowers) {
                    if isProof { continue }   // a noun: "treatments and cures"
                    strength = .correlational
                    isWeak = true
                }
                // A purpose ("strategies to reduce"), unless a carrier comes shortly before "to"
                // ("helps to reduce", "has shown scalp massage to reverse").
                if start - 2 >= sentence.lowerBound, tokens[start - 1].id == matching.words.to,
                   !(max(sentence.lowerBound, start - 1 - Self.carrierReach)..<(start - 1)).contains(where: { isWord($0, .infinitiveCarriers) }) {
                    continue
                }
            }
            let phrase = min(start, hedge ?? start, negation ?? start)..<end
            // A recommendation or a call for research claims nothing, but what it says of proof or of its absence stands.
            if !recommendations.isEmpty, !isNegated, strength != .proven || isHedged, isRecommended(found.range, isHedged: isHedged) { continue }
            relations.append(Relation(range: found.range, phrase: phrase, strength: strength, isWeak: isWeak,
                                      isHedged: isHedged, isNegated: isNegated))
            readUpTo = end
        }
        func reading(_ strength: ClaimStrength, _ relation: Relation) -> StrengthReading {
            StrengthReading(strength: strength, isNegated: relation.isNegated, cue: relation.range, phrase: relation.phrase)
        }
        if let proof = relations.first(where: { $0.strength == .proven && !$0.isNegated && !$0.isHedged }) {
            return reading(.proven, proof)
        }
        let assertsProof = relations.contains { $0.strength == .proven && !$0.isNegated }
        if !assertsProof, let association = relations.first(where: { $0.strength == .correlational && !$0.isWeak }) {
            return reading(.correlational, association)
        }
        let causal = relations.filter { $0.strength >= .causal }
        if let deciding = causal.first(where: \.isHedged) ?? causal.first {
            if deciding.isHedged { return reading(.conditional, deciding) }
            return reading(deciding.strength == .proven && !deciding.isNegated ? .proven : .causal, deciding)
        }
        if let comparison = relations.first { return reading(.correlational, comparison) }
        return .none
    }

    @inline(__always) private func isArticle(_ id: Int32) -> Bool {
        id == matching.words.the || id == matching.words.a || id == matching.words.an
    }

    /// A sentence ending in "?" (before any closing quotes or brackets).
    static func isQuestion(_ tokens: [Token], _ sentence: Range<Int>) -> Bool {
        var index = sentence.upperBound - 1
        while index >= sentence.lowerBound, tokens[index].kind == .punctuation {
            if tokens[index].lead == UInt8(ascii: "?") { return true }
            index -= 1
        }
        return false
    }
}
