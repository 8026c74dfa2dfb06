/// What a claim is about.
public enum ClaimKind: String, Codable, Sendable {
    case efficacy, safety, attribution, statistic, table, sourcing
}

/// Who a quote is attributed to, as the text says it.
public struct Attribution: Sendable, Equatable {
    public var speaker: String?
    /// The words that describe the speaker ("a renowned dermatologist").
    public var descriptor: String?
    /// The affiliation named ("Gleam Skin Institute", "the University of Example").
    public var affiliation: String?
    /// Registry organisations named in the attribution.
    public var organisations: [Int] = []
    public var expert: Int?
    public var vagueWords: [String] = []
    /// The affiliation names a kind of institution a reader can check (a university, hospital).
    public var isInstitutional = false
    /// The quote is attributed to an organisation ("according to a report by X").
    public var isOrganisational = false
    /// The description names a role ("professor", "director", "CEO").
    public var hasRole = false
    /// The speaker's surname also appears in the article's own narration (outside
    /// quotes), where a first mention usually introduces them.
    public var isIntroduced = false
    /// Text range of the attribution (speaker and descriptor).
    public var range: Range<Int>
}

/// A check-worthy span of an article, with what the analysis found in it.
public struct Claim: Sendable {
    public var kind: ClaimKind
    public var blockIndex: Int
    public var region: Region
    /// Byte range of the claim in its block's text.
    public var range: Range<Int>
    /// Token range the claim covers (its sentences).
    public var tokens: Range<Int>
    public var attribution: Attribution?
    /// A citation mark in the claim's sentences.
    public var isCited: Bool
    /// A citation mark in the sentence before or after, or a named study the claim refers to.
    public var isNearCitation: Bool
    /// Indices of the claim's sentences in its block (`BlockAnalysis.sentences`).
    public var sentenceIndices: Range<Int> = 0..<0
    /// Where the claim's support is named, from the document model: its sentence, its
    /// speaker, its paragraph's study, the document's study, or none.
    public var source: ClaimSource = .none
}
