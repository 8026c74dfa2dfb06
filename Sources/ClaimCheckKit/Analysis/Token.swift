/// A word, number or punctuation mark of a block's text, with its byte range.
public struct Token: Sendable, Equatable {
    public enum Kind: UInt8, Sendable { case word, number, punctuation }

    // Stored in this order so a token is 16 bytes, not 20: a page holds millions.
    public var start: Int32
    public var end: Int32
    /// Id of the normalised form in the lexicon's vocabulary, or -1 if no phrase uses it.
    public var id: Int32
    public var kind: Kind
    /// Starts with an upper-case ASCII letter.
    public var isCapitalized: Bool
    /// The first byte (for punctuation: the mark itself, curly marks folded to ASCII).
    public var lead: UInt8

    public init(start: Int32, end: Int32, kind: Kind, isCapitalized: Bool, id: Int32, lead: UInt8) {
        self.start = start
        self.end = end
        self.id = id
        self.kind = kind
        self.isCapitalized = isCapitalized
        self.lead = lead
    }

    public var range: Range<Int> { Int(start)..<Int(end) }
}
