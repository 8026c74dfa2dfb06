/// What a document is about, built once in the first pass before any rule runs:
/// the studies it reports on and the sources it names. Claims take their
/// attribution (`ClaimSource`) from it, and rules read a claim's study from it.
public struct DocumentModel: Sendable {
    /// Every study the body speaks of, in the order first met.
    public internal(set) var studies: [ReportedStudy] = []
    /// The study the document reports on: its first named study that is not
    /// introduced as another one (for a paper, the document itself).
    public internal(set) var mainStudyIndex: Int?
    /// People and organisations the body names as sources, each once (by surname).
    public internal(set) var sources: [NamedSource] = []
    /// The document is itself a paper or an abstract (Methods, Results, … sections).
    public internal(set) var isPaper = false
    /// The body's first source note: a sentence that opens with a source label and
    /// names a source ("Source: National Example Agency, 2023").
    public internal(set) var sourceNote: SourceNote?

    /// The study most of the document's study sentences speak of (the first one not
    /// introduced as another), named or not.
    var leadCluster: Int?
    /// Per block, the sentences that speak of a study and which study, in order.
    var sentenceStudies: [Int: [(sentence: Int, study: Int)]] = [:]
    /// Source index by surname hash.
    var surnames: [UInt64: Int] = [:]
    /// Mentions of sources' surnames in the body, by (block, text offset), in order.
    var mentions: [(block: Int, offset: Int, source: Int)] = []

    public init() {}

    public var mainStudy: ReportedStudy? { mainStudyIndex.map { studies[$0] } }

    /// The study that sentence `sentence` of block `block` speaks of: its own, else
    /// the nearest one an earlier sentence of the block spoke of, else the block's first.
    public func studyIndex(forSentence sentence: Int, inBlock block: Int) -> Int? {
        guard let entries = sentenceStudies[block] else { return nil }
        if let own = entries.first(where: { $0.sentence == sentence }) { return own.study }
        // Another study ("as in previous studies") is the study of its own sentence only.
        let paragraph = entries.filter { !studies[$0.study].isOther }
        return (paragraph.last { $0.sentence < sentence } ?? paragraph.first)?.study
    }

    /// Whether the sentence itself speaks of a study (not only its paragraph).
    public func sentenceSpeaksOfStudy(_ sentence: Int, inBlock block: Int) -> Int? {
        sentenceStudies[block]?.first { $0.sentence == sentence }?.study
    }

    /// The study a claim is about, for rules that compare a claim with its study: the
    /// study it is attributed to, else its paragraph's, else the document's main study.
    public func study(for claim: Claim) -> ReportedStudy? {
        if let index = claim.source.study { return studies[index] }
        if let sentence = claim.sentenceIndices.first, let index = studyIndex(forSentence: sentence, inBlock: claim.blockIndex) { return studies[index] }
        return mainStudy
    }

    /// The source a name refers to, by its last word ("Lee", "Dr. Ana Lee").
    public func sourceIndex(named name: some StringProtocol) -> Int? {
        guard let last = name.split(separator: " ").last else { return nil }
        return surnames[Vocabulary.hash(last.utf8)]
    }

    func sourceIndex(surnameHash hash: UInt64) -> Int? { surnames[hash] }

    /// The source last mentioned before a position (for "she said", "he added"):
    /// in the same block or the two before it.
    public func sourceIndex(mentionedBefore offset: Int, inBlock block: Int) -> Int? {
        var low = 0, high = mentions.count
        while low < high {
            let mid = (low + high) / 2
            let mention = mentions[mid]
            if mention.block < block || (mention.block == block && mention.offset < offset) { low = mid + 1 } else { high = mid }
        }
        guard low > 0 else { return nil }
        let mention = mentions[low - 1]
        return mention.block >= block - 2 ? mention.source : nil
    }
}

/// A sentence that gives the document's source as a whole ("Source: National
/// Example Agency"), where it is in the file, and what it names.
public struct SourceNote: Sendable, Equatable {
    public var text: String
    public var blockIndex: Int
    public var sourceOffset: Int
}
