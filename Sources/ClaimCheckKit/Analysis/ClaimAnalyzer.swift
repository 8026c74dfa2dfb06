/// `Document` → analysed blocks and candidate claims.
///
/// Every sentence is a candidate; a quotation with its attribution is one claim
/// spanning its sentences; a table is one claim. Rules then decide which
/// candidates carry signals, and only those become verdicts.
public struct ClaimAnalyzer: Sendable {
    public let matching: MatchingLayer

    public init(matching: MatchingLayer) { self.matching = matching }

    public struct Result: Sendable {
        public var blocks: [BlockAnalysis]
        public var claims: [Claim]
        /// The body names at least one source (a link, DOI, journal, dated study).
        public var bodyNamesSource: Bool
        /// The body mentions a condition of the registry (the article is on its topic).
        public var bodyMentionsCondition: Bool
        /// Everything the first pass gathered.
        public var facts: DocumentFacts
    }

    /// Analyses every block and finds every claim, holding all of them: for rule
    /// examples, benchmarks and tests. `ClaimChecker` streams instead, with `gather`,
    /// `nextBlock` and `claims(in:)`, so a long page never holds every block's tokens at once.
    public func analyze(_ document: Document) -> Result {
        var gathered = gather(document)
        var blocks: [BlockAnalysis] = []
        var claims: [Claim] = []
        var known: [String: Attribution] = [:]
        for index in document.blocks.indices {
            let (analysis, cited) = nextBlock(index, of: document, from: &gathered)
            if let cited {
                claims += self.claims(in: analysis, cited: cited, quotes: gathered.takeQuotes(index), facts: gathered.facts, known: &known)
            }
            blocks.append(analysis)
        }
        return Result(blocks: blocks, claims: claims, bodyNamesSource: gathered.facts.bodyNamesSource,
                      bodyMentionsCondition: gathered.facts.bodyMentionsCondition, facts: gathered.facts)
    }

    /// The first pass: what the document says of itself, and the analyses of the
    /// blocks some rule can fire on, up to `tokenBudget` tokens; blocks past the
    /// budget are analysed again when their claims are wanted. Memory then follows
    /// the budget, not the page.
    public func gather(_ document: Document, tokenBudget: Int = .max) -> GatheredDocument {
        var gathered = GatheredDocument()
        gathered.blocks.reserveCapacity(document.blocks.count)
        var keptTokens = 0
        for (index, block) in document.blocks.enumerated() {
            if block.region == .boilerplate {
                gathered.blocks.append(.silent(BlockAnalysis(unanalysed: index, block: block)))   // menus and footers never hold claims
                continue
            }
            let analysis = BlockAnalysis(index: index, block: block, matching: matching)
            // A body block's citations tell the document model of its sources; another
            // block's are read only when some rule may fire on it.
            var cited: [Bool]?
            var quotes: [AttributionRecognizer.Quote]?
            if block.region == .body {
                let found = citedSentences(analysis)
                gathered.facts.note(analysis, cited: found, matching: matching)
                quotes = gathered.modelBuilder.note(analysis, cited: found, matching: matching)
                cited = found
            }
            if matching.keepsEveryBlock || mayCarrySignals(analysis) {
                if keptTokens + analysis.tokens.count <= tokenBudget {
                    keptTokens += analysis.tokens.count
                    gathered.blocks.append(.analysed(analysis, cited: cited ?? citedSentences(analysis)))
                    if let quotes, !quotes.isEmpty { gathered.quotes[index] = quotes }
                } else {
                    gathered.blocks.append(.again)
                }
            } else {
                gathered.blocks.append(.silent(analysis.stripped()))
            }
        }
        gathered.facts.finishNarration(gathered.modelBuilder.capitalisedHashes)
        gathered.facts.model = gathered.modelBuilder.build()
        gathered.modelBuilder = DocumentModelBuilder()
        return gathered
    }

    /// The second pass's view of block `index`: its analysis (kept from the first
    /// pass, or made again past the token budget) and cited sentences, or a stripped
    /// analysis and nil for a block no rule can fire on. Takes the kept analysis out
    /// of `gathered`, so its tokens go once the caller is done with them.
    public func nextBlock(_ index: Int, of document: Document, from gathered: inout GatheredDocument) -> (BlockAnalysis, cited: [Bool]?) {
        switch gathered.take(index) {
        case .analysed(let analysis, let cited):
            return (analysis, cited)
        case .again:
            let analysis = BlockAnalysis(index: index, block: document.blocks[index], matching: matching)
            return (analysis, citedSentences(analysis))
        case .silent(let stripped):
            return (stripped, nil)
        }
    }

    /// Which sentences of a block carry a citation mark.
    public func citedSentences(_ analysis: BlockAnalysis) -> [Bool] {
        let recognizer = CitationRecognizer(analysis: analysis, matching: matching)
        return analysis.sentences.map { recognizer.isCited($0) }
    }

    /// The claims of one block, in order. `known` carries the speakers met in the
    /// blocks before, so a later "said Lee" takes the description given earlier.
    public func claims(in analysis: BlockAnalysis, cited: [Bool], facts: DocumentFacts,
                       known: inout [String: Attribution]) -> [Claim] {
        claims(in: analysis, cited: cited, quotes: nil, facts: facts, known: &known)
    }

    /// The same, with the block's quotations when the first pass found them already
    /// (`GatheredDocument.takeQuotes`); nil finds them here.
    func claims(in analysis: BlockAnalysis, cited: [Bool], quotes: [AttributionRecognizer.Quote]?, facts: DocumentFacts,
                known: inout [String: Attribution]) -> [Claim] {
        let sources = ClaimSourceResolver(analysis: analysis, matching: matching, model: facts.model)
        return unsourcedClaims(in: analysis, cited: cited, quotes: quotes, facts: facts, known: &known).map { pending in
            var claim = pending.claim
            if pending.needsSource { claim.source = sources.source(for: claim, speaker: pending.speaker, cited: cited) }
            return claim
        }
    }

    /// A claim whose source (`Claim.source`) is still to be resolved, when `needsSource`,
    /// from its quote's speaker: `ClaimChecker` resolves it only for claims some rule
    /// can fire on (most sentences get no signal, and then their source is never read).
    struct PendingClaim {
        var claim: Claim
        var speaker: Int?
        var needsSource: Bool
    }

    /// The claim's source, for a claim of `unsourcedClaims`.
    func resolveSource(_ pending: inout PendingClaim, in analysis: BlockAnalysis, cited: [Bool], facts: DocumentFacts) {
        guard pending.needsSource else { return }
        pending.claim.source = ClaimSourceResolver(analysis: analysis, matching: matching, model: facts.model)
            .source(for: pending.claim, speaker: pending.speaker, cited: cited)
        pending.needsSource = false
    }

    /// The claims of one block, in order, each with its source still to be resolved (`resolveSource`).
    func unsourcedClaims(in analysis: BlockAnalysis, cited: [Bool], quotes: [AttributionRecognizer.Quote]?, facts: DocumentFacts,
                         known: inout [String: Attribution]) -> [PendingClaim] {
        guard !analysis.tokens.isEmpty else { return [] }
        var claims: [PendingClaim] = []
        let recognizer = CitationRecognizer(analysis: analysis, matching: matching)
        let region = analysis.block.region
        if analysis.block.kind == .table {
            // The table is weighed whole; the claim shows its caption and header row
            // (or first row), so a 4,000-row table is not repeated in every message.
            // The first row with any text: a header of empty cells shows nothing.
            let rows = analysis.block.table.map { [$0.header] + $0.rows } ?? []
            let firstRow = rows.first { row in row.contains { !$0.isEmpty } }
            let end = firstRow?.last?.upperBound ?? analysis.block.text.count
            var table = Claim(kind: .table, blockIndex: analysis.index, region: region,
                              range: 0..<end, tokens: 0..<analysis.tokens.count,
                              attribution: nil, isCited: cited.contains(true), isNearCitation: false,
                              sentenceIndices: 0..<analysis.sentences.count)
            if let row = cited.firstIndex(of: true), let mark = recognizer.mark(in: analysis.sentences[row]) {
                table.source = .sentence(citation: analysis.textRange(mark))
            }
            return [PendingClaim(claim: table, speaker: nil, needsSource: false)]
        }
        var covered = Set<Int>()
        let sources = ClaimSourceResolver(analysis: analysis, matching: matching, model: facts.model)
        for quote in quotes ?? AttributionRecognizer(analysis: analysis, matching: matching).quotes() {
            guard var attribution = quote.attribution, let attributionTokens = quote.attributionTokens else { continue }
            resolve(&attribution, known: &known, isPronoun: quote.isPronoun)
            let speaker = sources.resolveSpeaker(&attribution, isPronoun: quote.isPronoun, at: attributionTokens.lowerBound)
            if let surname = attribution.speaker?.split(separator: " ").last {
                attribution.isIntroduced = facts.timesNarrated(surname) > 1
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
            var claim = Claim(kind: .attribution, blockIndex: analysis.index, region: region,
                              range: analysis.textRange(tokens), tokens: tokens, attribution: attribution,
                              isCited: isCited, isNearCitation: isCited || near(low, high, cited), sentenceIndices: low..<(high + 1))
            claims.append(PendingClaim(claim: claim, speaker: speaker, needsSource: true))
        }
        for (index, sentence) in analysis.sentences.enumerated() where !covered.contains(index) && !sentence.isEmpty {
            let nearStudy = facts.bodyNamesSource && recognizer.refersToStudy(sentence)
            let claim = Claim(kind: .efficacy, blockIndex: analysis.index, region: region,
                              range: analysis.textRange(sentence), tokens: sentence, attribution: nil,
                              isCited: cited[index], isNearCitation: cited[index] || near(index, index, cited) || nearStudy,
                              sentenceIndices: index..<(index + 1))
            claims.append(PendingClaim(claim: claim, speaker: nil, needsSource: true))
        }
        claims.sort { $0.claim.range.lowerBound < $1.claim.range.lowerBound }
        return claims
    }

    /// Whether any rule kind can fire on a block: a rule phrase or an intervention
    /// matched, a number (statistics), a quotation mark (attributions) or a table;
    /// for the `study` rules, a heading or a sentence that speaks of a study.
    /// Every rule kind needs one of these, so a block without them gives no verdict.
    private func mayCarrySignals(_ analysis: BlockAnalysis) -> Bool {
        if analysis.block.kind == .table { return true }
        if matching.hasStudyRules, analysis.block.kind == .heading
            || analysis.matches.contains(where: { matching.documentCue(ofTag: $0.tag) != nil }) { return true }
        for token in analysis.tokens where token.kind == .number || (token.kind == .punctuation && token.lead == UInt8(ascii: "\"")) {
            return true
        }
        let codes = matching.tagCodes
        return analysis.matches.contains { match in
            let kind = codes[Int(match.tag)].kind
            return kind == .rulePhrase || kind == .intervention
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
