/// Splits a block's tokens into sentences.
///
/// A sentence ends at ".", "!", "?" or "…" (with any closing quotes or brackets
/// after it) when the next token opens a new sentence: a capital, a digit or an
/// opening quote. It does not end after an abbreviation ("Dr.", "e.g.", "U.S."),
/// an initial ("J. Smith") or inside a decimal (one token already, or a point
/// written before the digits: "a .6 percent rate").
///
/// A sentence is bounded: past `maximumTokens` tokens (a run-on text, a megabyte
/// with no full stop) it is cut at its last comma, semicolon or colon in the second
/// half of the window, or else at the limit. A claim is a sentence, so this bounds
/// every claim, every message and the work rules do per claim.
public struct SentenceSplitter: Sendable {
    /// No real sentence comes near this: the longest in the press-release corpus have about 120 tokens.
    public static let maximumTokens = 200

    /// Lower-cased abbreviations that a period does not end a sentence after.
    public static let abbreviations: Set<String> = [
        "dr", "mr", "mrs", "ms", "prof", "st", "vs", "etc", "e.g", "i.e", "u.s", "u.k", "no", "fig", "al", "jr", "sr",
        "inc", "ltd", "co", "corp", "approx", "dept", "univ", "jan", "feb", "mar", "apr", "jun", "jul", "aug", "sep",
        "sept", "oct", "nov", "dec", "ph.d", "m.d", "mt", "gen", "rev", "sen", "rep", "gov", "lt", "col", "sgt", "vol",
        "pp", "ed", "eds", "est", "a.m", "p.m", "ca", "cf", "op", "dept", "assoc", "u.s.a",
    ]

    public init() {}

    public func split(_ tokens: [Token], text: [UInt8]) -> [Range<Int>] {
        var sentences: [Range<Int>] = []
        var start = 0
        var index = 0
        let count = tokens.count
        while index < count {
            let token = tokens[index]
            let lead = token.lead
            let isTerminal = token.kind == .punctuation
                && (lead == UInt8(ascii: ".") || lead == UInt8(ascii: "!") || lead == UInt8(ascii: "?"))
            guard isTerminal else { index += 1; continue }
            var end = index + 1
            // Absorb further terminals and closing quotes/brackets.
            while end < count, tokens[end].kind == .punctuation {
                let mark = tokens[end].lead
                if mark == UInt8(ascii: ".") || mark == UInt8(ascii: "!") || mark == UInt8(ascii: "?") || mark == UInt8(ascii: ")")
                    || mark == UInt8(ascii: "]") || (mark == UInt8(ascii: "\"") && Self.isClosingQuote(tokens[end], tokens, end, text))
                    || mark == UInt8(ascii: "'") {
                    end += 1
                } else { break }
            }
            if end >= count { break }
            if lead == UInt8(ascii: "."), index > 0, Self.isAbbreviation(tokens[index - 1], text), index + 1 == end {
                index += 1; continue
            }
            let next = tokens[end]
            // "a .6 percent rate": a point after a space and before a digit is a decimal
            // point ("deaths.2 The" is a reference mark after a full stop instead).
            if lead == UInt8(ascii: "."), index + 1 == end, index > 0, next.kind == .number, next.start == token.end,
               tokens[index - 1].end < token.start {
                index += 1; continue
            }
            let opensSentence = next.isCapitalized || next.kind == .number
                || (next.kind == .punctuation && (next.lead == UInt8(ascii: "\"") || next.lead == UInt8(ascii: "(") || next.lead == UInt8(ascii: "[")))
                || (next.kind == .word && next.lead >= 0x80)
            if opensSentence {
                sentences.append(start..<end)
                start = end
            }
            index = end
        }
        if start < count { sentences.append(start..<count) }
        guard sentences.contains(where: { $0.count > Self.maximumTokens }) else { return sentences }
        return sentences.flatMap { Self.bounded($0, tokens) }
    }

    /// A sentence cut into pieces of at most `maximumTokens` tokens.
    static func bounded(_ sentence: Range<Int>, _ tokens: [Token]) -> [Range<Int>] {
        guard sentence.count > maximumTokens else { return [sentence] }
        var pieces: [Range<Int>] = []
        var start = sentence.lowerBound
        while sentence.upperBound - start > maximumTokens {
            var cut = start + maximumTokens
            var look = cut - 1
            while look > start + maximumTokens / 2 {
                let token = tokens[look]
                if token.kind == .punctuation,
                   token.lead == UInt8(ascii: ",") || token.lead == UInt8(ascii: ";") || token.lead == UInt8(ascii: ":") {
                    cut = look + 1
                    break
                }
                look -= 1
            }
            pieces.append(start..<cut)
            start = cut
        }
        pieces.append(start..<sentence.upperBound)
        return pieces
    }

    static func isAbbreviation(_ token: Token, _ text: [UInt8]) -> Bool {
        guard token.kind == .word else { return false }
        let length = Int(token.end - token.start)
        if length == 1 && token.isCapitalized { return true }  // an initial: "J. Smith"
        guard length <= 5 else { return false }
        return abbreviationKeys.contains(key(text[Int(token.start)..<Int(token.end)]))
    }

    /// The abbreviations as packed keys: a full stop is tested without making a String.
    static let abbreviationKeys: Set<UInt64> = Set(abbreviations.map { key(Array($0.utf8)[...]) })

    /// Up to eight bytes, ASCII letters lower-cased, packed into one integer
    /// (the abbreviations are ASCII, so a word with other bytes matches none).
    static func key(_ bytes: ArraySlice<UInt8>) -> UInt64 {
        var key: UInt64 = 0
        for byte in bytes.prefix(8) {
            let lowered = byte >= 0x41 && byte <= 0x5A ? byte | 0x20 : byte
            key = key << 8 | UInt64(lowered)
        }
        return key
    }

    /// A straight double quote closes a quotation when no word touches it on the right.
    static func isClosingQuote(_ token: Token, _ tokens: [Token], _ index: Int, _ text: [UInt8]) -> Bool {
        let start = Int(token.start)
        if start + 2 < text.count, text[start] == 0xE2 { return text[start + 2] == 0x9D }
        let end = Int(token.end)
        return end >= text.count || text[end] == 0x20 || text[end] == 0x0A
    }
}
