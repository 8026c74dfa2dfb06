/// What a document says of itself, gathered from its body in the first pass and
/// read by rules on every claim: whether it names a source, whether it is on a
/// registry condition's topic, which names it narrates, which rule phrases occur.
public struct DocumentFacts: Sendable {
    /// The body names at least one source (a link, DOI, journal, dated study).
    public var bodyNamesSource = false
    /// The body mentions a condition of the registry (the article is on its topic).
    public var bodyMentionsCondition = false
    /// The domain packs (by index in the registry) whose conditions or topic words
    /// the body names: only their interventions are weighed.
    public var topicDomains: Set<Int> = []
    /// Rules (by index) whose phrases occur in the body, for checklist rules.
    public var bodyRulePhrases: Set<Int> = []
    /// The hash of each capitalised word of the body, once per occurrence (the
    /// document model's builder hashes the same words, so they are taken from it).
    /// A name is counted by a scan of them: a document asks for a few names, and
    /// sorting every one of its capitalised words cost more than the scans. A long
    /// body's are sorted when the first pass ends (`finishNarration`), and counted
    /// by binary search, so a page of many quotations stays linear.
    private var narrated: [UInt64] = []
    private var narratedIsSorted = false
    /// Bodies with more capitalised words than this have them sorted.
    static let narratedScanLimit = 4_096
    /// The studies the body reports on and the sources it names, complete once the
    /// first pass has seen every block.
    public internal(set) var model = DocumentModel()
    /// The body's first paragraph of eight words or more (the lede), by block
    /// index; headings before it are the headline.
    public internal(set) var lede: Int?
    /// Words in the body, and how many of them are words of health (`health-words`).
    public internal(set) var bodyWords = 0
    public internal(set) var healthWords = 0

    public init() {}

    /// Bodies shorter than this are judged whatever their words: a pasted sentence,
    /// a caption, a short product blurb.
    public static let topicTestMinimumWords = 150
    /// Health words per 1,000 body words below which a longer body is not a health article.
    public static let healthWordsPerThousand = 12

    /// The body reads as a health article, or is too short to tell. A page on
    /// something else (a trade deal, a race table) gets no verdicts: its
    /// "breakthrough" or "guaranteed" is not a health claim, and flagging it is noise.
    public var readsAsHealth: Bool {
        bodyWords < Self.topicTestMinimumWords || healthWords * 1000 >= bodyWords * Self.healthWordsPerThousand
    }

    /// How often a name occurs in the body. A surname met more than once was most
    /// likely introduced (with a role) where it first appeared.
    public func timesNarrated(_ name: Substring) -> Int {
        let hash = Vocabulary.hash(name.utf8)
        guard narratedIsSorted else {
            var count = 0
            for narrated in narrated where narrated == hash { count += 1 }
            return count
        }
        return countNarrated { $0 <= hash } - countNarrated { $0 < hash }
    }

    /// How many sorted hashes satisfy `isBefore` (a predicate true for a prefix).
    private func countNarrated(while isBefore: (UInt64) -> Bool) -> Int {
        var low = 0, high = narrated.count
        while low < high {
            let mid = (low + high) / 2
            if isBefore(narrated[mid]) { low = mid + 1 } else { high = mid }
        }
        return low
    }

    /// Takes the body's capitalised words, by hash, once the first pass has seen every block.
    mutating func finishNarration(_ hashes: [UInt64]) {
        narrated = hashes
        narratedIsSorted = hashes.count > Self.narratedScanLimit
        if narratedIsSorted { narrated.sort() }
    }

    mutating func note(_ analysis: BlockAnalysis, cited: [Bool], matching: MatchingLayer) {
        if cited.contains(true) { bodyNamesSource = true }
        var words = 0, health = 0
        let isHealthWord = matching.isHealthWord
        for token in analysis.tokens where token.kind == .word {
            words += 1
            if token.id >= 0, Int(token.id) < isHealthWord.count, isHealthWord[Int(token.id)] { health += 1 }
        }
        bodyWords += words
        healthWords += health
        if lede == nil, analysis.block.kind == .paragraph, words >= 8 {
            lede = analysis.index
        }
        let codes = matching.tagCodes
        for match in analysis.matches {
            let code = codes[Int(match.tag)]
            switch code.kind {
            case .condition:
                bodyMentionsCondition = true
                for domain in matching.conditionDomains[Int(code.value)] { topicDomains.insert(domain) }
            case .domainTopic:
                bodyMentionsCondition = true
                topicDomains.insert(Int(code.value))
            case .rulePhrase: bodyRulePhrases.insert(Int(code.value))
            default: break
            }
        }
    }
}

/// The first pass over a document: its facts, and for each block what the second
/// pass needs. A block's entry is taken once, so its tokens are freed as soon as
/// its claims are judged.
public struct GatheredDocument: Sendable {
    public enum Entry: Sendable {
        /// Kept: the analysis and which of its sentences are cited.
        case analysed(BlockAnalysis, cited: [Bool])
        /// Some rule may fire here, but the token budget was spent: analyse it again.
        case again
        /// No rule can fire here (no rule phrase, number, quotation mark or table).
        case silent(BlockAnalysis)
    }

    public var facts = DocumentFacts()
    var blocks: [Entry] = []
    /// The quotations the first pass found in kept body blocks (for the sources it
    /// names), by block index: the claims of those blocks are built from the same
    /// quotations, which are then not read twice.
    var quotes: [Int: [AttributionRecognizer.Quote]] = [:]
    /// The document model while the first pass feeds it; `facts.model` once done.
    var modelBuilder = DocumentModelBuilder()

    /// The quotations found in a block in the first pass, if it kept them; taken once.
    mutating func takeQuotes(_ index: Int) -> [AttributionRecognizer.Quote]? {
        quotes.removeValue(forKey: index)
    }

    /// The entry of a block, leaving a stripped placeholder behind.
    public mutating func take(_ index: Int) -> Entry {
        let entry = blocks[index]
        if case .analysed(let analysis, _) = entry { blocks[index] = .silent(analysis.stripped()) }
        return entry
    }
}
