/// Splits a block's UTF-8 text into tokens in one pass.
///
/// Words keep inner apostrophes and hyphens ("it's", "O'Connor", "flu-like");
/// numbers keep decimal points and thousands separators ("1.5", "3,927");
/// short dotted abbreviations stay one word ("U.S", "e.g"). Curly quotes and
/// apostrophes are folded to ASCII for matching; offsets stay those of the text.
public struct Tokenizer: Sendable {
    public let vocabulary: Vocabulary
    /// Vocabulary ids of single ASCII punctuation marks, by byte.
    private let punctuationIDs: [Int32]
    /// By byte, for ASCII letters and digits: 0x80 with the lower-cased byte (a digit's
    /// is below 0x40, a letter's above); 0 for every other byte. One read classifies
    /// and folds a byte of a word, where separate range tests cost a branch each.
    private let wordBytes: [UInt8]

    public init(vocabulary: Vocabulary) {
        self.vocabulary = vocabulary
        self.punctuationIDs = (0..<256).map { vocabulary.id(of: [UInt8($0)]) ?? -1 }
        self.wordBytes = (0..<256).map { value in
            let byte = UInt8(value)
            return Self.isAlnum(byte) ? 0x80 | Self.lower(byte) : 0
        }
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
        wordBytes.withUnsafeBufferPointer { tokenize(text, wordBytes: $0) }
    }

    private func tokenize(_ text: UnsafeBufferPointer<UInt8>, wordBytes: UnsafeBufferPointer<UInt8>) -> [Token] {
        var tokens: [Token] = []
        tokens.reserveCapacity(text.count / 5)
        var hash: UInt64 = 0
        let count = text.count
        var index = 0
        while index < count {
            let byte = text[index]
            if byte == 0x20 || byte == 0x0A || byte == 0x09 || byte == 0x0D { index += 1; continue }
            if let punct = Self.punctuation(text, index) {
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
            var allDigits = true
            var segmentLength = 0
            var sawDot = false
            while index < count {
                let current = text[index]
                let word = wordBytes[Int(current)]
                if word != 0 {
                    let folded = word & 0x7F
                    hash = (hash ^ UInt64(folded)) &* Vocabulary.prime
                    allDigits = allDigits && folded < 0x40
                    segmentLength += 1
                    index += 1
                    continue
                }
                if current < 0x80 {
                    if current == 0x20 { break }   // most words end at a space
                    let hasNext = index + 1 < count
                    let next: UInt8 = hasNext ? text[index + 1] : 0
                    if (current == UInt8(ascii: "'") || current == UInt8(ascii: "-")) && hasNext && Self.isAlnum(next) && segmentLength > 0 {
                        hash = (hash ^ UInt64(current)) &* Vocabulary.prime; index += 1; segmentLength = 0; allDigits = false; continue
                    }
                    if current == UInt8(ascii: "."), hasNext {
                        if allDigits && Self.isDigit(next) && Self.isDigit(text[index - 1]) {
                            hash = (hash ^ UInt64(current)) &* Vocabulary.prime; index += 1; continue
                        }
                        // "U.S", "e.g", "i.e", "Ph.D": letter segments of at most two.
                        if !allDigits, segmentLength <= 2, Self.isLetter(next), !sawDot || segmentLength <= 2 {
                            var look = index + 1, length = 0
                            while look < count, Self.isLetter(text[look]) { look += 1; length += 1 }
                            if length <= 2 && (look >= count || !Self.isAlnum(text[look])) {
                                hash = (hash ^ UInt64(current)) &* Vocabulary.prime; index += 1; segmentLength = 0; sawDot = true; continue
                            }
                        }
                    }
                    if current == UInt8(ascii: ","), allDigits, hasNext, index + 3 < count,
                       Self.isDigit(text[index + 1]), Self.isDigit(text[index + 2]), Self.isDigit(text[index + 3]),
                       index + 4 >= count || !Self.isDigit(text[index + 4]) {
                        index += 1; continue   // thousands separator: "3,927" is one number
                    }
                    break
                }
                if let punct = Self.punctuation(text, index) {
                    // A curly apostrophe inside a word: "it’s".
                    if punct.fold == UInt8(ascii: "'"), index + 3 < count, Self.isAlnum(text[index + 3]), segmentLength > 0 {
                        hash = (hash ^ 0x27) &* Vocabulary.prime; index += 3; segmentLength = 0; continue
                    }
                    break
                }
                // Another non-ASCII letter (accented, CJK): part of the word.
                hash = (hash ^ UInt64(current)) &* Vocabulary.prime; allDigits = false; segmentLength += 1; index += 1
            }
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
