/// Splits a block's UTF-8 text into tokens in one pass.
///
/// Words keep inner apostrophes and hyphens ("it's", "O'Connor", "flu-like");
/// numbers keep decimal points and thousands separators ("1.5", "3,927");
/// short dotted abbreviations stay one word ("U.S", "e.g"). Curly quotes and
/// apostrophes are folded to ASCII for matching; offsets stay those of the text.
public struct Tokenizer: Sendable {
    /// The tables, in one shared object: a block's tokenizer is reached through the
    /// matching layer for every block, and copying a struct of a dozen arrays cost a
    /// retain and a release of each every time.
    private let tables: Tables

    public var vocabulary: Vocabulary { tables.vocabulary }

    private final class Tables: Sendable {
        let vocabulary: Vocabulary
        /// Vocabulary ids of single ASCII punctuation marks, by byte.
        let punctuationIDs: [Int32]
        /// By byte, for ASCII letters and digits: 0x80 with the lower-cased byte (a digit's
        /// is below 0x40, a letter's above); 0 for every other byte. One read classifies
        /// and folds a byte of a word, where separate range tests cost a branch each.
        let wordBytes: [UInt8]

        init(vocabulary: Vocabulary) {
            self.vocabulary = vocabulary
            self.punctuationIDs = (0..<256).map { vocabulary.id(of: [UInt8($0)]) ?? -1 }
            self.wordBytes = (0..<256).map { value in
                let byte = UInt8(value)
                return Tokenizer.isAlnum(byte) ? 0x80 | Tokenizer.lower(byte) : 0
            }
        }
    }

    public init(vocabulary: Vocabulary) {
        self.tables = Tables(vocabulary: vocabulary)
    }

    /// Byte classes for ASCII.
    @inline(__always) static func isAlnum(_ byte: UInt8) -> Bool {
        (byte >= 0x30 && byte <= 0x39) || (byte | 0x20 >= 0x61 && byte | 0x20 <= 0x7A)
    }
    @inline(__always) static func lower(_ byte: UInt8) -> UInt8 { isLetter(byte) ? byte | 0x20 : byte }
    @inline(__always) static func isDigit(_ byte: UInt8) -> Bool { byte >= 0x30 && byte <= 0x39 }
    @inline(__always) static func isLetter(_ byte: UInt8) -> Bool { byte | 0x20 >= 0x61 && byte | 0x20 <= 0x7A }

    /// Width of a non-ASCII punctuation character at `index` (general punctuation,
    /// arrows, Latin-1 symbols, emoji) with its ASCII fold, or nil for a letter.
    @inline(__always)
    static func punctuation(_ text: UnsafeBufferPointer<UInt8>, _ index: Int) -> (width: Int, fold: UInt8)? {
        let byte = text[index]
        if byte < 0x80 { return nil }
        if byte == 0xC2, index + 1 < text.count { return (2, text[index + 1] == 0xAB || text[index + 1] == 0xBB ? UInt8(ascii: "\"") : byte) }
        if byte == 0xE2, index + 2 < text.count {
            let second = text[index + 1], third = text[index + 2]
            if second == 0x80 {
                switch third {
                case 0x98, 0x99: return (3, UInt8(ascii: "'"))
                case 0x9C, 0x9D: return (3, UInt8(ascii: "\""))
                case 0x93, 0x94: return (3, UInt8(ascii: "-"))
                case 0xA6: return (3, UInt8(ascii: "."))
                default: return (3, byte)
                }
            }
            if second == 0x81 || (second >= 0x86 && second <= 0x87) || second >= 0x94 { return (3, byte) }
        }
        if byte >= 0xF0, index + 3 < text.count { return (4, byte) }
        if byte == 0xEF, index + 2 < text.count, text[index + 1] == 0xBB, text[index + 2] == 0xBF { return (3, byte) }
        return nil
    }

    public func tokenize(_ bytes: [UInt8]) -> [Token] {
        bytes.withUnsafeBufferPointer { tokenize($0) }
    }

    public func tokenize(_ text: UnsafeBufferPointer<UInt8>) -> [Token] {
        let tables = self.tables
        return tables.wordBytes.withUnsafeBufferPointer { wordBytes in
            tables.punctuationIDs.withUnsafeBufferPointer { punctuationIDs in
                Self.tokenize(text, wordBytes: wordBytes, punctuationIDs: punctuationIDs, vocabulary: tables.vocabulary)
            }
        }
    }

    private static func tokenize(_ text: UnsafeBufferPointer<UInt8>, wordBytes: UnsafeBufferPointer<UInt8>,
                                 punctuationIDs: UnsafeBufferPointer<Int32>, vocabulary: borrowing Vocabulary) -> [Token] {
        var tokens: [Token] = []
        tokens.reserveCapacity(text.count / 5)
        var hash: UInt64 = 0
        let count = text.count
        var index = 0
        while index < count {
            let byte = text[index]
            if byte == 0x20 || byte == 0x0A || byte == 0x09 || byte == 0x0D { index += 1; continue }
            if byte >= 0x80, let punct = Self.punctuation(text, index) {
                if !(punct.fold == UInt8(ascii: "'") && index > 0 && index + 3 < count && Self.isAlnum(text[index - 1]) && Self.isAlnum(text[index + 3])) {
                    tokens.append(Token(start: Int32(index), end: Int32(index + punct.width), kind: .punctuation,
                                        isCapitalized: false, id: punctuationIDs[Int(punct.fold)], lead: punct.fold))
                    index += punct.width
                    continue
                }
            }
            if byte < 0x80 && !Self.isAlnum(byte) {
                tokens.append(Token(start: Int32(index), end: Int32(index + 1), kind: .punctuation,
                                    isCapitalized: false, id: punctuationIDs[Int(byte)], lead: byte))
                index += 1
                continue
            }
            // A word or number.
            let start = index
            hash = Vocabulary.offsetBasis
            // Whether the token is all digits: no join or other letter made it a word
            // (`joined`), and no ASCII letter is among its bytes (bit 0x40 of `wordBits`,
            // the OR of their `wordBytes` entries, is set by letters only).
            var joined = false
            var wordBits: UInt8 = 0
            // The current segment (since the start or the last inner apostrophe, hyphen
            // or abbreviation point) starts at `segmentStart`, less the decimal points and
            // thousands separators read inside it.
            var segmentStart = index, skipped = 0
            var sawDot = false
            while index < count {
                // Most bytes of a word are ASCII letters and digits: read a run of them first.
                var word = wordBytes[Int(text[index])]
                while word != 0 {
                    hash = (hash ^ UInt64(word & 0x7F)) &* Vocabulary.prime
                    wordBits |= word
                    index &+= 1
                    if index == count { break }
                    word = wordBytes[Int(text[index])]
                }
                if index == count { break }
                let current = text[index]
                let allDigits = !joined && wordBits & 0x40 == 0
                let segmentLength = index - segmentStart - skipped
                if current < 0x80 {
                    if current == 0x20 { break }   // most words end at a space
                    let hasNext = index + 1 < count
                    let next: UInt8 = hasNext ? text[index + 1] : 0
                    if (current == UInt8(ascii: "'") || current == UInt8(ascii: "-")) && hasNext && Self.isAlnum(next) && segmentLength > 0 {
                        hash = (hash ^ UInt64(current)) &* Vocabulary.prime; index += 1; segmentStart = index; skipped = 0; joined = true; continue
                    }
                    if current == UInt8(ascii: "."), hasNext {
                        if allDigits && Self.isDigit(next) && Self.isDigit(text[index - 1]) {
                            hash = (hash ^ UInt64(current)) &* Vocabulary.prime; index += 1; skipped += 1; continue
                        }
                        // "U.S", "e.g", "i.e", "Ph.D": letter segments of at most two.
                        if !allDigits, segmentLength <= 2, Self.isLetter(next), !sawDot || segmentLength <= 2 {
                            var look = index + 1, length = 0
                            while look < count, Self.isLetter(text[look]) { look += 1; length += 1 }
                            if length <= 2 && (look >= count || !Self.isAlnum(text[look])) {
                                hash = (hash ^ UInt64(current)) &* Vocabulary.prime; index += 1; segmentStart = index; skipped = 0; sawDot = true; continue
                            }
                        }
                    }
                    if current == UInt8(ascii: ","), allDigits, hasNext, index + 3 < count,
                       Self.isDigit(text[index + 1]), Self.isDigit(text[index + 2]), Self.isDigit(text[index + 3]),
                       index + 4 >= count || !Self.isDigit(text[index + 4]) {
                        index += 1; skipped += 1; continue   // thousands separator: "3,927" is one number
                    }
                    break
                }
                if let punct = Self.punctuation(text, index) {
                    // A curly apostrophe inside a word: "it’s".
                    if punct.fold == UInt8(ascii: "'"), index + 3 < count, Self.isAlnum(text[index + 3]), segmentLength > 0 {
                        hash = (hash ^ 0x27) &* Vocabulary.prime; index += 3; segmentStart = index; skipped = 0; continue
                    }
                    break
                }
                // Another non-ASCII letter (accented, CJK): part of the word.
                hash = (hash ^ UInt64(current)) &* Vocabulary.prime; joined = true; index += 1
            }
            let allDigits = !joined && wordBits & 0x40 == 0
            if index == start { index += 1; continue }
            let id = vocabulary.id(hash: hash)
            let first = text[start]
            tokens.append(Token(start: Int32(start), end: Int32(index), kind: allDigits ? .number : (Self.isDigit(first) ? .number : .word),
                                isCapitalized: first >= 0x41 && first <= 0x5A, id: id, lead: first))
        }
        return tokens
    }

    /// A tokenizer with an empty vocabulary, made once: every phrase of the rules and
    /// the registry is split with it when the matching layer is compiled (making one per
    /// phrase cost a tenth of a short run's time).
    private static let phraseSplitter = Tokenizer(vocabulary: Vocabulary(capacity: 1))

    /// The normalised form of a phrase's text, token by token, using the same rules.
    public static func normalizedForms(of phrase: String) -> [[UInt8]] {
        let bytes = Array(phrase.utf8)
        let tokens = phraseSplitter.tokenize(bytes)
        return tokens.map { token in
            if token.kind == .punctuation { return [token.lead] }
            var form: [UInt8] = []
            var index = Int(token.start)
            while index < Int(token.end) {
                let byte = bytes[index]
                if byte == 0xE2, index + 2 < bytes.count, bytes[index + 1] == 0x80, bytes[index + 2] == 0x99 || bytes[index + 2] == 0x98 {
                    form.append(UInt8(ascii: "'")); index += 3; continue
                }
                if byte == UInt8(ascii: ",") && token.kind == .number { index += 1; continue }
                form.append(byte < 0x80 && isLetter(byte) ? byte | 0x20 : byte)
                index += 1
            }
            return form
        }
    }
}
