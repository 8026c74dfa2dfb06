/// A word, number or punctuation mark of a block's text, with its byte range.
public struct Token: Sendable, Equatable {
    public enum Kind: UInt8, Sendable { case word, number, punctuation }

    public var start: Int32
    public var end: Int32
    public var kind: Kind
    /// Starts with an upper-case ASCII letter.
    public var isCapitalized: Bool
    /// Id of the normalised form in the lexicon's vocabulary, or -1 if no phrase uses it.
    public var id: Int32
    /// The first byte (for punctuation: the mark itself, curly marks folded to ASCII).
    public var lead: UInt8

    public var range: Range<Int> { Int(start)..<Int(end) }
}
