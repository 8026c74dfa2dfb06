/// `Document` → analysed blocks and candidate claims.
///
/// Every sentence is a candidate; a quotation with its attribution is one claim
/// spanning its sentences; a table is one claim. Rules then decide which
/// candidates carry signals, and only those become verdicts.
public struct ClaimAnalyzer: Sendable {
    public let rules: RuleSet

    public init(rules: RuleSet) { self.rules = rules }

    public struct Result: Sendable {
        public var blocks: [BlockAnalysis]
        public var claims: [Claim]
        /// The body names at least one source (a link, DOI, journal, dated study).
        public var bodyNamesSource: Bool
        /// The body mentions a condition of the registry (the article is on its topic).
        public var bodyMentionsCondition: Bool
    }

    public func analyze(_ document: Document) -> Result {
        // One pass gathers what the document says of itself (does its body name a
        // source, a condition of the registry, which names it narrates) and keeps
        // the analysis only of blocks some rule can fire on; the others are stripped
        // at once, so memory follows the claims of a page, not its length.
        var blocks: [BlockAnalysis] = []
        blocks.reserveCapacity(document.blocks.count)
        var citedSentences: [[Bool]] = []
        var bodyNamesSource = false
        var mentionsCondition = false
        var narrated: [UInt64: Int] = [:]
        let keepsEveryBlock = rules.rules.contains { $0.enabled && $0.kind == .pattern && $0.prefilter.isEmpty }
        for (index, block) in document.blocks.enumerated() {
            let analysis = BlockAnalysis(index: index, block: block, rules: rules)
            let recognizer = CitationRecognizer(analysis: analysis, rules: rules)
            let cited = analysis.sentences.map { recognizer.isCited($0) }
            if block.region == .body {
                if cited.contains(true) { bodyNamesSource = true }
                if !mentionsCondition {
                    mentionsCondition = analysis.matches.contains { if case .condition = rules.tags[Int($0.tag)] { return true }; return false }
                }
                countNames(analysis, into: &narrated)
            }
            if keepsEveryBlock || mayCarrySignals(analysis) {
                blocks.append(analysis)
                citedSentences.append(cited)
            } else {
                blocks.append(analysis.stripped())
                citedSentences.append([])
            }
        }
        var claims: [Claim] = []
        var known: [String: Attribution] = [:]   // speakers met so far, by surname
        for analysis in blocks where !analysis.tokens.isEmpty {
            let cited = citedSentences[analysis.index]
            let recognizer = CitationRecognizer(analysis: analysis, rules: rules)
            let region = analysis.block.region
            if analysis.block.kind == .table {
                // The table is weighed whole; the claim shows its caption and header row
                // (or first row), so a 4,000-row table is not repeated in every message.
                let layout = analysis.block.table
                let firstRow = layout.flatMap { $0.header.isEmpty ? $0.rows.first : $0.header }
                let end = firstRow?.last?.upperBound ?? analysis.block.text.count
                claims.append(Claim(kind: .table, blockIndex: analysis.index, region: region,
                                    range: 0..<end, tokens: 0..<analysis.tokens.count,
                                    attribution: nil, isCited: cited.contains(true), isNearCitation: false))
                continue
            }
            var covered = Set<Int>()
            for quote in AttributionRecognizer(analysis: analysis, rules: rules).quotes() {
                guard var attribution = quote.attribution, let attributionTokens = quote.attributionTokens else { continue }
                resolve(&attribution, known: &known, isPronoun: quote.isPronoun)
                if let surname = attribution.speaker?.split(separator: " ").last {
                    attribution.isIntroduced = narrated[Vocabulary.hash(surname.utf8), default: 0] > 1
                }
                if quote.isPronoun, attribution.descriptor == nil, attribution.affiliation == nil { attribution.isIntroduced = true }
                let first = min(quote.open, attributionTokens.lowerBound)
                // The closing mark can open the next sentence when no space follows it
                // (`process."This highlights`): the quote ends with the token before it.
                let last = max(quote.close - 1, attributionTokens.upperBound - 1)
                let sentenceIndices = analysis.sentences(overlapping: first..<(last + 1)).indices
                guard let low = sentenceIndices.first, let high = sentenceIndices.last else { continue }
                let tokens = analysis.sentences[low].lowerBound..<max(analysis.sentences[high].upperBound, quote.close + 1)
                sentenceIndices.forEach { covered.insert($0) }
                let isCited = sentenceIndices.contains { cited[$0] }
                claims.append(Claim(kind: .attribution, blockIndex: analysis.index, region: region,
                                    range: analysis.textRange(tokens), tokens: tokens, attribution: attribution,
                                    isCited: isCited, isNearCitation: isCited || near(low, high, cited)))
            }
            for (index, sentence) in analysis.sentences.enumerated() where !covered.contains(index) && !sentence.isEmpty {
                let nearStudy = bodyNamesSource && recognizer.refersToStudy(sentence)
                claims.append(Claim(kind: .efficacy, blockIndex: analysis.index, region: region,
                                    range: analysis.textRange(sentence), tokens: sentence, attribution: nil,
                                    isCited: cited[index], isNearCitation: cited[index] || near(index, index, cited) || nearStudy))
            }
        }
        claims.sort { ($0.blockIndex, $0.range.lowerBound) < ($1.blockIndex, $1.range.lowerBound) }
        return Result(blocks: blocks, claims: claims, bodyNamesSource: bodyNamesSource, bodyMentionsCondition: mentionsCondition)
    }

    /// Whether any rule kind can fire on a block: a rule phrase or an intervention
    /// matched, a number (statistics), a quotation mark (attributions) or a table.
    /// Every rule kind needs one of these, so a block without them gives no verdict.
    private func mayCarrySignals(_ analysis: BlockAnalysis) -> Bool {
        if analysis.block.kind == .table { return true }
        for token in analysis.tokens where token.kind == .number || (token.kind == .punctuation && token.lead == UInt8(ascii: "\"")) {
            return true
        }
        return analysis.matches.contains { match in
            switch rules.tags[Int(match.tag)] {
            case .rulePhrase, .intervention: return true
            default: return false
            }
        }
    }

    /// Counts each capitalised word of a body block. A surname met more than once
    /// was most likely introduced (with a role) where it first appeared.
    private func countNames(_ analysis: BlockAnalysis, into names: inout [UInt64: Int]) {
        analysis.block.text.withUnsafeBufferPointer { text in
            for token in analysis.tokens where token.isCapitalized && token.kind == .word {
                names[Vocabulary.hash(UnsafeBufferPointer(rebasing: text[Int(token.start)..<Int(token.end)])), default: 0] += 1
            }
        }
    }

    private func near(_ low: Int, _ high: Int, _ cited: [Bool]) -> Bool {
        (low > 0 && cited[low - 1]) || (high + 1 < cited.count && cited[high + 1])
    }

    /// A later quote by surname or pronoun takes the description given earlier.
    private func resolve(_ attribution: inout Attribution, known: inout [String: Attribution], isPronoun: Bool) {
        if isPronoun {
            if let last = known["#last"] {
                let range = attribution.range
                attribution = last
                attribution.range = range
            }
            return
        }
        guard let speaker = attribution.speaker else { return }
        let surname = speaker.split(separator: " ").last.map(String.init) ?? speaker
        let isDescribed = attribution.descriptor != nil || attribution.isOrganisational || attribution.expert != nil
            || !attribution.organisations.isEmpty
        if !isDescribed, let earlier = known[surname] {
            let range = attribution.range
            attribution = earlier
            attribution.range = range
        } else if isDescribed || known[surname] == nil {
            known[surname] = attribution
        }
        known["#last"] = attribution
    }
}
