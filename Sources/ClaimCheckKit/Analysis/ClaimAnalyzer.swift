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
        let blocks = document.blocks.enumerated().map { BlockAnalysis(index: $0.offset, block: $0.element, rules: rules) }
        var bodyNamesSource = false
        var citedSentences: [[Bool]] = []
        for analysis in blocks {
            let recognizer = CitationRecognizer(analysis: analysis, rules: rules)
            let cited = analysis.sentences.map { recognizer.isCited($0) }
            if analysis.block.region == .body, cited.contains(true) { bodyNamesSource = true }
            citedSentences.append(cited)
        }
        var claims: [Claim] = []
        var known: [String: Attribution] = [:]   // speakers met so far, by surname
        var narrated: [UInt64: Int]?   // counted on the first attributed quote only
        for analysis in blocks {
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
                    if narrated == nil { narrated = narratedNames(blocks) }
                    attribution.isIntroduced = narrated![Vocabulary.hash(surname.utf8), default: 0] > 1
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
        let mentionsCondition = blocks.contains { analysis in
            analysis.block.region == .body && analysis.matches.contains { if case .condition = rules.tags[Int($0.tag)] { return true }; return false }
        }
        return Result(blocks: blocks, claims: claims, bodyNamesSource: bodyNamesSource, bodyMentionsCondition: mentionsCondition)
    }

    /// How often each capitalised word occurs in the body. A surname met more than
    /// once was most likely introduced (with a role) where it first appeared.
    private func narratedNames(_ blocks: [BlockAnalysis]) -> [UInt64: Int] {
        var names: [UInt64: Int] = [:]
        for analysis in blocks where analysis.block.region == .body {
            analysis.block.text.withUnsafeBufferPointer { text in
                for token in analysis.tokens where token.isCapitalized && token.kind == .word {
                    names[Vocabulary.hash(UnsafeBufferPointer(rebasing: text[Int(token.start)..<Int(token.end)])), default: 0] += 1
                }
            }
        }
        return names
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
