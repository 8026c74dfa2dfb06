import Foundation

/// Runs the compiled rules over a document's claims and returns each claim's signals.
public struct RuleEngine: Sendable {
    public let rules: RuleSet

    public init(rules: RuleSet) { self.rules = rules }

    public func signals(for claim: Claim, in analysis: BlockAnalysis, bodyNamesSource: Bool, onTopic: Bool = true,
                        facts: DocumentFacts = DocumentFacts()) -> [Signal] {
        // One look at the claim's matches and tokens says which rules can fire at all;
        // most sentences need none of them.
        var phraseRules: [Int] = []
        var namesIntervention = false
        var index = analysis.firstMatch(from: claim.tokens.lowerBound)
        while index < analysis.matches.count, analysis.matches[index].start < claim.tokens.upperBound {
            switch rules.tags[Int(analysis.matches[index].tag)] {
            case .rulePhrase(let rule): if !phraseRules.contains(rule) { phraseRules.append(rule) }
            case .intervention: namesIntervention = true
            default: break
            }
            index += 1
        }
        let hasNumber = analysis.tokens[claim.tokens].contains { $0.kind == .number }
        // A heading never carries its citation, so rules about missing sources do not
        // judge one ("What the Evidence Shows"); hype in a headline is still caught.
        let isHeading = analysis.block.kind == .heading
        var signals: [Signal] = []
        rules.rules.withUnsafeBufferPointer { all in
            for index in all.indices where all[index].enabled {
                switch all[index].kind {
                case .phrase:
                    guard phraseRules.contains(index), !(isHeading && all[index].namespace == "source") else { continue }
                    signals += phraseSignals(all[index], index, claim, analysis, facts)
                case .pattern:
                    guard all[index].prefilter.isEmpty || phraseRules.contains(index) else { continue }
                    signals += patternSignals(all[index], index, claim, analysis, facts)
                case .attribution:
                    guard claim.attribution != nil else { continue }
                    if let signal = attributionSignal(all[index], claim, analysis) { signals.append(signal) }
                case .statistic:
                    guard hasNumber, !isHeading else { continue }
                    if let signal = statisticSignal(all[index], claim, analysis, bodyNamesSource, facts) { signals.append(signal) }
                case .table:
                    guard claim.kind == .table else { continue }
                    if let signal = tableSignal(all[index], claim, analysis) { signals.append(signal) }
                case .evidence:
                    // The registry grades treatments for its conditions only: weigh a claim
                    // when the article is on that topic (a condition is named in its body).
                    guard onTopic, namesIntervention else { continue }
                    if let signal = EvidenceWeigher(rules: rules, rule: all[index]).signal(for: claim, in: analysis, facts: facts) { signals.append(signal) }
                case .study:
                    guard !facts.model.studies.isEmpty else { continue }
                    if let signal = StudyChecker(engine: self, rule: all[index], ruleIndex: index).signal(for: claim, in: analysis, facts: facts) {
                        signals.append(signal)
                    }
                case .checklist: break
                }
            }
        }
        return signals
    }

    // MARK: Phrase and pattern

    private func phraseSignals(_ rule: Rule, _ index: Int, _ claim: Claim, _ analysis: BlockAnalysis, _ facts: DocumentFacts) -> [Signal] {
        // Longest match first at each start, so "has been proven" wins over "been proven".
        let found = analysis.matches(in: claim.tokens, where: { $0 == .rulePhrase(rule: index) }, rules: rules)
            .sorted { ($0.start, $1.end) < ($1.start, $0.end) }
        var signals: [Signal] = []
        var lastEnd = -1
        for match in found where match.start >= lastEnd {
            let sentence = analysis.sentence(containing: match.start) ?? claim.tokens
            if isExcepted(rule, index, match: match.start..<match.end, sentence: sentence, claim: claim, analysis: analysis, facts: facts) { continue }
            let text = analysis.string(match.start..<match.end)
            var values = ["phrase": text]
            if rule.afterOrganisation {
                guard let organisation = organisation(before: match.start, in: sentence, analysis: analysis) else { continue }
                values["organisation"] = organisation
            }
            signals.append(Signal(rule: rule.id, message: MessageTemplate.fill(rule.message, values),
                                  range: analysis.textRange(match.start..<match.end)))
            lastEnd = match.end
        }
        return signals
    }

    func isExcepted(_ rule: Rule, _ index: Int, match: Range<Int>, sentence: Range<Int>, claim: Claim, analysis: BlockAnalysis,
                    facts: DocumentFacts) -> Bool {
        let unless = rule.unless
        if unless.negated, Negation.isNegated(match, in: sentence, analysis: analysis, rules: rules) { return true }
        if unless.question, Negation.isQuestion(sentence, analysis) { return true }
        if unless.cited, claim.isCited { return true }
        if unless.unasserted, isUnasserted(match, in: sentence, analysis: analysis) { return true }
        if unless.attributed, claim.source.isAttributed { return true }
        if unless.quoted, case .speaker = claim.source { return true }
        if unless.testimony, facts.model.mainStudy?.isNamed == true,
           AssertionScope(analysis: analysis, rules: rules).isTestimony(match, in: sentence) { return true }
        if unless.boilerplate, AssertionScope(analysis: analysis, rules: rules).isOrganisationDescription() { return true }
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
                if match.end <= sentence.upperBound, rules.tags[Int(match.tag)] == .ruleException(rule: index) { return true }
                matchIndex += 1
            }
            for entry in unless.sentence where entry.hasPrefix("@") {
                if analysis.hasList(named: String(entry.dropFirst()), in: sentence, rules: rules) { return true }
            }
        }
        return false
    }

    /// Whether the phrase is out of the writer's assertion (see `AssertionScope`).
    func isUnasserted(_ match: Range<Int>, in sentence: Range<Int>, analysis: BlockAnalysis) -> Bool {
        AssertionScope(analysis: analysis, rules: rules).reason(for: match, in: sentence) != nil
    }

    /// Runs a rule's regular expression over each sentence of the claim (each row
    /// of a table), so the text a pattern sees is bounded whatever the document.
    /// A sentence of long words can still pass `PatternCache.maximumTextLength`; the
    /// pattern then sees its first 4 KB (cut at a character).
    private func patternSignals(_ rule: Rule, _ ruleIndex: Int, _ claim: Claim, _ analysis: BlockAnalysis, _ facts: DocumentFacts) -> [Signal] {
        var signals: [Signal] = []
        for sentence in analysis.sentences(overlapping: claim.tokens) {
            let piece = sentence.clamped(to: claim.tokens)
            guard !piece.isEmpty else { continue }
            var textRange = analysis.textRange(piece)
            if textRange.count > PatternCache.maximumTextLength {
                var end = textRange.lowerBound + PatternCache.maximumTextLength
                while end > textRange.lowerBound, analysis.block.text[end] & 0xC0 == 0x80 { end -= 1 }
                textRange = textRange.lowerBound..<end
            }
            let text = String(decoding: analysis.block.text[textRange], as: UTF8.self)
            for result in rules.patterns.matches(for: rule.id, in: text) {
                guard let matched = Range(result.range, in: text) else { continue }
                let start = textRange.lowerBound + text.utf8.distance(from: text.startIndex, to: matched.lowerBound)
                let range = start..<(start + text.utf8.distance(from: matched.lowerBound, to: matched.upperBound))
                let tokenIndex = analysis.firstToken(startingAtOrAfter: range.lowerBound, in: piece)
                let tokenEnd = analysis.firstToken(startingAtOrAfter: range.upperBound, in: piece)
                if isExcepted(rule, ruleIndex, match: tokenIndex..<max(tokenIndex + 1, tokenEnd), sentence: sentence, claim: claim, analysis: analysis, facts: facts) { continue }
                signals.append(Signal(rule: rule.id, message: MessageTemplate.fill(rule.message, ["phrase": String(text[matched])]), range: range))
            }
        }
        return signals
    }

    // MARK: Attribution

    private func attributionSignal(_ rule: Rule, _ claim: Claim, _ analysis: BlockAnalysis) -> Signal? {
        guard let attribution = claim.attribution else { return nil }
        let registry = rules.registry
        let organisations = attribution.organisations.map { registry.organisations[$0] }
        let vouching = organisations.contains { $0.vouchesForTreatments }
        let speaker = attribution.speaker ?? "the speaker"
        var message: String?
        switch rule.check {
        case "vague-credential":
            guard !attribution.vagueWords.isEmpty, attribution.expert == nil, !attribution.isInstitutional, !vouching,
                  !claim.isCited, !(attribution.hasRole && attribution.affiliation != nil) else { return nil }
            let words = attribution.vagueWords.map { "“\($0)”" }.joined(separator: ", ")
            var detail = "no affiliation, link or registry entry identifies \(speaker)"
            if let weak = organisations.first(where: { !$0.vouchesForTreatments }) {
                detail = "\(weak.name) is an organisation of kind “\(weak.kind)”, not a clinical authority, and no link or registry entry identifies \(speaker)"
            } else if let affiliation = attribution.affiliation {
                detail = "“\(affiliation)” is not a known organisation and no link or registry entry identifies \(speaker)"
            }
            message = MessageTemplate.fill(rule.message, ["words": words, "detail": detail, "speaker": speaker])
        case "no-affiliation":
            guard !attribution.isOrganisational, attribution.vagueWords.isEmpty, attribution.affiliation == nil,
                  organisations.isEmpty, attribution.expert == nil, attribution.descriptor == nil, !attribution.isIntroduced,
                  !attribution.hasRole,
                  !claim.isCited else { return nil }
            message = MessageTemplate.fill(rule.message, ["speaker": speaker])
        case "unknown-organisation":
            guard let affiliation = attribution.affiliation, !attribution.isInstitutional, organisations.isEmpty,
                  !attribution.isOrganisational || attribution.organisations.isEmpty else { return nil }
            message = MessageTemplate.fill(rule.message, ["organisation": affiliation, "speaker": speaker])
        case "uncited-organisation":
            guard attribution.isOrganisational, let organisation = organisations.first, !claim.isCited else { return nil }
            message = MessageTemplate.fill(rule.message, ["organisation": organisation.name, "speaker": speaker])
        default:
            return nil
        }
        return message.map { Signal(rule: rule.id, message: $0, range: attribution.range) }
    }

    // MARK: Statistics and tables

    /// A figure is unsourced when the document model gives its claim no attribution:
    /// no citation in its sentence, no identified speaker, no named study that its
    /// paragraph or the document reports on (press releases give their study's
    /// results sentence after sentence, the study named once).
    private func statisticSignal(_ rule: Rule, _ claim: Claim, _ analysis: BlockAnalysis, _ bodyNamesSource: Bool,
                                 _ facts: DocumentFacts) -> Signal? {
        guard claim.kind != .table, !claim.source.isAttributed else { return nil }
        let found = healthStatistics(in: claim, analysis)
        guard let first = found.first, !organisationNamedBeside(claim, analysis),
              !summarisedByTheReview(claim, facts.model) else { return nil }
        let figures = found.map { analysis.string($0) }.joined(separator: ", ")
        return Signal(rule: rule.id, message: MessageTemplate.fill(rule.message, ["figures": figures]),
                      range: analysis.textRange(first))
    }

    /// A document that reports a named review or meta-analysis summarises the
    /// studies it pooled: a sentence that speaks of one of them ("another phase 2
    /// trial of 29 patients showed …") is the review's account, sourced by it.
    private func summarisedByTheReview(_ claim: Claim, _ model: DocumentModel) -> Bool {
        guard let main = model.mainStudy, main.isNamed,
              main.designs.contains(where: { $0 == .review || $0 == .metaAnalysis }) else { return false }
        return claim.sentenceIndices.contains { model.sentenceSpeaksOfStudy($0, inBlock: claim.blockIndex) != nil }
    }

    /// A registry organisation, or a capitalised society, agency or institute
    /// (`source-bodies`), named in the claim's sentences or the sentence on either
    /// side: such bodies' estimates come in a run of sentences, the body named once
    /// ("According to the American Cancer Society, …").
    private func organisationNamedBeside(_ claim: Claim, _ analysis: BlockAnalysis) -> Bool {
        guard !claim.sentenceIndices.isEmpty, !analysis.sentences.isEmpty else { return false }
        let low = max(0, claim.sentenceIndices.lowerBound - 1)
        let high = min(analysis.sentences.count - 1, claim.sentenceIndices.upperBound)
        guard low <= high else { return false }
        let span = analysis.sentences[low].lowerBound..<analysis.sentences[high].upperBound
        if !analysis.matches(in: span, where: { if case .organisation = $0 { return true }; return false }, rules: rules).isEmpty { return true }
        let bodies = rules.listID(.sourceBodies)
        return analysis.matches(in: span, where: { _ in true }, rules: rules).contains { match in
            rules.tagList[Int(match.tag)] == bodies && analysis.tokens[match.start].isCapitalized
        }
    }

    /// The claim's figures that are health statistics (see `HealthStatisticFilter`).
    func healthStatistics(in claim: Claim, _ analysis: BlockAnalysis) -> [Range<Int>] {
        let filter = HealthStatisticFilter(analysis: analysis, rules: rules)
        return StatisticRecognizer(analysis: analysis, rules: rules).statistics(in: claim.tokens).filter(filter.isHealthStatistic)
    }

    private func tableSignal(_ rule: Rule, _ claim: Claim, _ analysis: BlockAnalysis) -> Signal? {
        guard claim.kind == .table, let layout = analysis.block.table else { return nil }
        let recognizer = StatisticRecognizer(analysis: analysis, rules: rules)
        let figures = recognizer.statistics(in: claim.tokens)
        let numbers = analysis.tokens[claim.tokens].filter { $0.kind == .number }.count
        guard !figures.isEmpty || numbers >= 3 else { return nil }
        let sampleCount = analysis.listMatches(.sampleNouns, in: claim.tokens, rules: rules).contains { match in
            match.start > claim.tokens.lowerBound && analysis.tokens[match.start - 1].kind == .number
        }
        if claim.isCited || sampleCount || analysis.hasList(.sampleCues, in: claim.tokens, rules: rules)
            || analysis.hasList(.sourceLabels, in: claim.tokens, rules: rules) { return nil }
        // Anchor the finding on the header row (or the first row), where a reader looks for a caption.
        let row = layout.header.isEmpty ? (layout.rows.first ?? []) : layout.header
        let range = (row.first?.lowerBound ?? claim.range.lowerBound)..<(row.last?.upperBound ?? claim.range.upperBound)
        return Signal(rule: rule.id, message: rule.message, range: range)
    }
}

/// Negations and questions around a match.
enum Negation {
    /// A negation word within three tokens before the match (or inside it).
    static func isNegated(_ match: Range<Int>, in sentence: Range<Int>, analysis: BlockAnalysis, rules: RuleSet) -> Bool {
        let window = max(sentence.lowerBound, match.lowerBound - 3)..<match.upperBound
        return analysis.hasList(.negations, in: window, rules: rules)
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
