import Foundation

/// Runs the compiled rules over a document's claims and returns each claim's signals.
/// It reads the analysis through the matching layer, and the registry for what
/// the attribution and evidence rules compare a claim with.
public struct RuleEngine: Sendable {
    public let book: RuleBook
    public let matching: MatchingLayer
    public let registry: EvidenceRegistry

    public init(book: RuleBook, matching: MatchingLayer, registry: EvidenceRegistry) {
        self.book = book
        self.matching = matching
        self.registry = registry
    }

    /// The signals the rules raise on a claim (whether the body names a source is in `facts`).
    public func signals(for claim: Claim, in analysis: BlockAnalysis, onTopic: Bool = true,
                        facts: DocumentFacts = DocumentFacts()) -> [Signal] {
        signals(for: claim, in: analysis, context: context(for: claim, in: analysis, onTopic: onTopic, facts: facts), facts: facts)
    }

    /// Whether any rule can fire on the claim (its gate lets it through): a claim no
    /// rule can fire on gets no signal, so its source need not be resolved.
    func mayFire(on claim: Claim, context: RuleContext) -> Bool {
        book.gates.withUnsafeBufferPointer { gates in gates.indices.contains { gates[$0].allows(claim, at: $0, context: context) } }
    }

    /// What the engine reads of a claim once, before any rule runs.
    func context(for claim: Claim, in analysis: BlockAnalysis, onTopic: Bool, facts: DocumentFacts) -> RuleContext {
        // One look at the claim's matches and tokens says which rules can fire at all;
        // most sentences need none of them.
        var phraseRules: [Int] = []
        var namesIntervention = false
        var index = analysis.firstMatch(from: claim.tokens.lowerBound)
        let codes = matching.tagCodes
        while index < analysis.matches.count, analysis.matches[index].start < claim.tokens.upperBound {
            let code = codes[Int(analysis.matches[index].tag)]
            switch code.kind {
            case .rulePhrase: if !phraseRules.contains(Int(code.value)) { phraseRules.append(Int(code.value)) }
            case .intervention: namesIntervention = true
            default: break
            }
            index += 1
        }
        let context = RuleContext(phraseRules: phraseRules, namesIntervention: namesIntervention,
                                  hasNumber: analysis.tokens[claim.tokens].contains { $0.kind == .number },
                                  isHeading: analysis.block.kind == .heading, onTopic: onTopic, reportsStudies: !facts.model.studies.isEmpty,
                                  hasAttribution: claim.attribution != nil, strengths: StrengthReadings(matching: matching))
        return context
    }

    func signals(for claim: Claim, in analysis: BlockAnalysis, context: RuleContext, facts: DocumentFacts) -> [Signal] {
        var signals: [Signal] = []
        book.rules.withUnsafeBufferPointer { all in
            book.handlers.withUnsafeBufferPointer { handlers in
                book.gates.withUnsafeBufferPointer { gates in
                    for index in gates.indices where gates[index].allows(claim, at: index, context: context) {
                        signals += handlers[index].signals(of: all[index], at: index, for: claim, in: analysis, engine: self,
                                                           facts: facts, context: context)
                    }
                }
            }
        }
        return signals
    }

    // MARK: Exceptions

    func isExcepted(_ rule: Rule, _ index: Int, match: Range<Int>, sentence: Range<Int>, claim: Claim, analysis: BlockAnalysis,
                    facts: DocumentFacts) -> Bool {
        let unless = rule.unless
        if unless.negated, Negation.isNegated(match, in: sentence, analysis: analysis, matching: matching) { return true }
        if unless.question, Negation.isQuestion(sentence, analysis) { return true }
        if unless.cited, claim.isCited { return true }
        if unless.unasserted, isUnasserted(match, in: sentence, analysis: analysis) { return true }
        if unless.attributed, claim.source.isAttributed { return true }
        if unless.quoted, case .speaker = claim.source { return true }
        if unless.testimony, facts.model.mainStudy?.isNamed == true,
           AssertionScope(analysis: analysis, matching: matching).isTestimony(match, in: sentence) { return true }
        if unless.boilerplate, AssertionScope(analysis: analysis, matching: matching).isOrganisationDescription() { return true }
        if unless.reportedStudy, facts.model.mainStudy?.isNamed == true { return true }
        if unless.strongStudy, let study = facts.model.study(for: claim), study.isNamed, !study.isOther,
           study.designs.contains(where: { $0 == .randomised || $0 == .phase3 || $0 == .metaAnalysis }) { return true }
        // "Group Health researchers found", "UT Southwestern research shows": the text names whose work it is.
        if unless.named, match.lowerBound > sentence.lowerBound {
            let before = analysis.tokens[match.lowerBound - 1]
            if before.kind == .word, before.isCapitalized, match.lowerBound - 1 > sentence.lowerBound { return true }
        }
        if !unless.sentence.isEmpty {
            var matchIndex = analysis.firstMatch(from: sentence.lowerBound)
            while matchIndex < analysis.matches.count, analysis.matches[matchIndex].start < sentence.upperBound {
                let match = analysis.matches[matchIndex]
                if match.end <= sentence.upperBound, matching.tagCodes[Int(match.tag)] == .ruleException(index) { return true }
                matchIndex += 1
            }
            for entry in unless.sentence where entry.hasPrefix("@") {
                if analysis.hasList(named: String(entry.dropFirst()), in: sentence, matching: matching) { return true }
            }
        }
        return false
    }

    /// Whether the phrase is out of the writer's assertion (see `AssertionScope`).
    func isUnasserted(_ match: Range<Int>, in sentence: Range<Int>, analysis: BlockAnalysis) -> Bool {
        AssertionScope(analysis: analysis, matching: matching).reason(for: match, in: sentence) != nil
    }

    // MARK: Statistics

    /// The claim's figures that are health statistics (see `HealthStatisticFilter`).
    func healthStatistics(in claim: Claim, _ analysis: BlockAnalysis) -> [Range<Int>] {
        let filter = HealthStatisticFilter(analysis: analysis, matching: matching)
        return StatisticRecognizer(analysis: analysis, matching: matching).statistics(in: claim.tokens).filter(filter.isHealthStatistic)
    }
}

/// Negations and questions around a match.
enum Negation {
    /// A negation word within three tokens before the match (or inside it).
    static func isNegated(_ match: Range<Int>, in sentence: Range<Int>, analysis: BlockAnalysis, matching: MatchingLayer) -> Bool {
        let window = max(sentence.lowerBound, match.lowerBound - 3)..<match.upperBound
        return analysis.hasList(.negations, in: window, matching: matching)
    }

    static func isQuestion(_ sentence: Range<Int>, _ analysis: BlockAnalysis) -> Bool {
        var index = sentence.upperBound - 1
        while index >= sentence.lowerBound, analysis.tokens[index].kind == .punctuation {
            if analysis.tokens[index].lead == UInt8(ascii: "?") { return true }
            index -= 1
        }
        return false
    }
}
