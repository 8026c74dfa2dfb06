/// A block tokenised once, split into sentences, with every phrase match found
/// in one pass of the automaton. A class: recognisers share it without copying.
public final class BlockAnalysis: Sendable {
    public let index: Int
    public let block: Block
    public let tokens: [Token]
    /// Token ranges of sentences; in a table, of its caption and each row.
    public let sentences: [Range<Int>]
    /// Phrase matches (token ranges with tags), ordered by start.
    public let matches: [PhraseAutomaton.Match]
    /// One bit per list id: set when some match of the block is a phrase of that
    /// list. Most blocks hold few of the lists the recognisers ask about, so
    /// `hasList` and `listMatches` answer "none" without a search of the matches.
    private let presentLists: [UInt64]

    init(index: Int, block: Block, matching: MatchingLayer) {
        self.index = index
        self.block = block
        self.tokens = matching.tokenizer.tokenize(block.text)
        if let layout = block.table {
            self.sentences = Self.rows(of: layout, tokens: tokens)
        } else {
            self.sentences = SentenceSplitter().split(tokens, text: block.text)
        }
        self.matches = matching.matches(in: tokens, text: block.text)
        self.presentLists = Self.presentLists(of: matches, matching: matching)
    }

    private init(stripping analysis: BlockAnalysis) {
        index = analysis.index
        block = analysis.block
        tokens = []
        sentences = []
        matches = []
        presentLists = []
    }

    /// A block never analysed, as `stripped()` leaves one: for menus and footers,
    /// which hold no claims and tell the document nothing of itself.
    init(unanalysed index: Int, block: Block) {
        self.index = index
        self.block = block
        tokens = []
        sentences = []
        matches = []
        presentLists = []
    }

    private static func presentLists(of matches: [PhraseAutomaton.Match], matching: MatchingLayer) -> [UInt64] {
        var bits = [UInt64](repeating: 0, count: (matching.listIDs.count + 63) / 64)
        for match in matches {
            let list = matching.tagList[Int(match.tag)]
            if list >= 0 { bits[Int(list) >> 6] |= 1 << UInt64(list & 63) }
        }
        return bits
    }

    /// Whether list `list` has a match anywhere in the block (false for the ids of missing lists, which are negative).
    @inline(__always) func mayHaveList(_ list: Int32) -> Bool {
        list >= 0 && Int(list) >> 6 < presentLists.count && presentLists[Int(list) >> 6] & (1 << UInt64(list & 63)) != 0
    }

    /// The same block with its tokens, sentences and matches dropped, for a block no
    /// rule can fire on: a long page then holds only the analyses that matter.
    func stripped() -> BlockAnalysis { BlockAnalysis(stripping: self) }

    /// Token ranges of a table's caption and rows, each bounded like a sentence.
    static func rows(of layout: TableLayout, tokens: [Token]) -> [Range<Int>] {
        var textRanges: [Range<Int>] = []
        if let caption = layout.caption { textRanges.append(caption) }
        for row in [layout.header] + layout.rows {
            guard let first = row.first, let last = row.last else { continue }
            textRanges.append(first.lowerBound..<last.upperBound)
        }
        var rows: [Range<Int>] = []
        var index = 0
        for range in textRanges {
            while index < tokens.count, Int(tokens[index].end) <= range.lowerBound { index += 1 }
            let start = index
            while index < tokens.count, Int(tokens[index].start) < range.upperBound { index += 1 }
            if index > start { rows += SentenceSplitter.bounded(start..<index, tokens) }
        }
        return rows
    }

    /// Text byte range of a token range.
    public func textRange(_ tokenRange: Range<Int>) -> Range<Int> {
        guard !tokenRange.isEmpty else { return 0..<0 }
        return Int(tokens[tokenRange.lowerBound].start)..<Int(tokens[tokenRange.upperBound - 1].end)
    }

    public func string(_ tokenRange: Range<Int>) -> String {
        let range = textRange(tokenRange)
        return String(decoding: block.text[range], as: UTF8.self)
    }

    public func word(_ index: Int) -> String {
        String(decoding: block.text[Int(tokens[index].start)..<Int(tokens[index].end)], as: UTF8.self)
    }

    /// The sentence that holds a token (binary search; sentences are in order).
    public func sentence(containing token: Int) -> Range<Int>? {
        var low = 0, high = sentences.count
        while low < high {
            let mid = (low + high) / 2
            if sentences[mid].upperBound <= token { low = mid + 1 } else { high = mid }
        }
        return low < sentences.count && sentences[low].contains(token) ? sentences[low] : nil
    }

    /// The sentences that overlap a token range.
    public func sentences(overlapping range: Range<Int>) -> ArraySlice<Range<Int>> {
        var low = 0, high = sentences.count
        while low < high {
            let mid = (low + high) / 2
            if sentences[mid].upperBound <= range.lowerBound { low = mid + 1 } else { high = mid }
        }
        var end = low
        while end < sentences.count, sentences[end].lowerBound < range.upperBound { end += 1 }
        return sentences[low..<end]
    }

    /// The first token of `range` that starts at or after a text offset, or `range.upperBound`.
    func firstToken(startingAtOrAfter offset: Int, in range: Range<Int>) -> Int {
        var low = range.lowerBound, high = range.upperBound
        while low < high {
            let mid = (low + high) / 2
            if Int(tokens[mid].start) < offset { low = mid + 1 } else { high = mid }
        }
        return low
    }

    /// Index of the first match starting at or after `token` (matches are sorted by start).
    @inline(__always) func firstMatch(from token: Int) -> Int {
        var low = 0, high = matches.count
        while low < high {
            let mid = (low + high) / 2
            if matches[mid].start < token { low = mid + 1 } else { high = mid }
        }
        return low
    }

    /// Matches inside a token range with a given tag predicate.
    func matches(in range: Range<Int>, where predicate: (MatchTag) -> Bool, matching: MatchingLayer) -> [PhraseAutomaton.Match] {
        var result: [PhraseAutomaton.Match] = []
        var index = firstMatch(from: range.lowerBound)
        while index < matches.count, matches[index].start < range.upperBound {
            let match = matches[index]
            if match.end <= range.upperBound, predicate(matching.tags[Int(match.tag)]) { result.append(match) }
            index += 1
        }
        return result
    }

    /// Matches inside a token range whose tag is `code` (`TagCode`: no `MatchTag` is copied).
    func matches(in range: Range<Int>, code: TagCode, matching: MatchingLayer) -> [PhraseAutomaton.Match] {
        var result: [PhraseAutomaton.Match] = []
        var index = firstMatch(from: range.lowerBound)
        while index < matches.count, matches[index].start < range.upperBound {
            let match = matches[index]
            if match.end <= range.upperBound, matching.tagCodes[Int(match.tag)] == code { result.append(match) }
            index += 1
        }
        return result
    }

    /// Matches inside a token range whose tag is of kind `kind`.
    func matches(in range: Range<Int>, kind: TagCode.Kind, matching: MatchingLayer) -> [PhraseAutomaton.Match] {
        var result: [PhraseAutomaton.Match] = []
        var index = firstMatch(from: range.lowerBound)
        while index < matches.count, matches[index].start < range.upperBound {
            let match = matches[index]
            if match.end <= range.upperBound, matching.tagCodes[Int(match.tag)].kind == kind { result.append(match) }
            index += 1
        }
        return result
    }

    /// Whether a match of kind `kind` lies inside a token range.
    func hasMatch(in range: Range<Int>, kind: TagCode.Kind, matching: MatchingLayer) -> Bool {
        var index = firstMatch(from: range.lowerBound)
        while index < matches.count, matches[index].start < range.upperBound {
            if matches[index].end <= range.upperBound, matching.tagCodes[Int(matches[index].tag)].kind == kind { return true }
            index += 1
        }
        return false
    }

    /// Whether a match tagged `code` lies inside a token range.
    func hasMatch(in range: Range<Int>, code: TagCode, matching: MatchingLayer) -> Bool {
        var index = firstMatch(from: range.lowerBound)
        while index < matches.count, matches[index].start < range.upperBound {
            if matches[index].end <= range.upperBound, matching.tagCodes[Int(matches[index].tag)] == code { return true }
            index += 1
        }
        return false
    }

    /// The first match of list `list` inside a token range (`listMatches(id:in:matching:).first` without the array).
    func firstListMatch(id list: Int32, in range: Range<Int>, matching: MatchingLayer) -> PhraseAutomaton.Match? {
        guard mayHaveList(list) else { return nil }
        var index = firstMatch(from: range.lowerBound)
        while index < matches.count, matches[index].start < range.upperBound {
            if matches[index].end <= range.upperBound, matching.tagList[Int(matches[index].tag)] == list { return matches[index] }
            index += 1
        }
        return nil
    }

    func firstListMatch(_ name: LexiconList, in range: Range<Int>, matching: MatchingLayer) -> PhraseAutomaton.Match? {
        firstListMatch(id: matching.listID(name), in: range, matching: matching)
    }

    func hasList(_ name: LexiconList, in range: Range<Int>, matching: MatchingLayer) -> Bool {
        hasList(id: matching.listID(name), in: range, matching: matching)
    }

    /// By list id, for lists a rule names (`@list` in `unless.sentence`).
    func hasList(named name: String, in range: Range<Int>, matching: MatchingLayer) -> Bool {
        guard let list = matching.listIDs[name] else { return false }
        return hasList(id: list, in: range, matching: matching)
    }

    func hasList(id list: Int32, in range: Range<Int>, matching: MatchingLayer) -> Bool {
        guard mayHaveList(list) else { return false }
        var index = firstMatch(from: range.lowerBound)
        while index < matches.count, matches[index].start < range.upperBound {
            if matches[index].end <= range.upperBound, matching.tagList[Int(matches[index].tag)] == list { return true }
            index += 1
        }
        return false
    }

    func listMatches(_ name: LexiconList, in range: Range<Int>, matching: MatchingLayer) -> [PhraseAutomaton.Match] {
        listMatches(id: matching.listID(name), in: range, matching: matching)
    }

    func listMatches(id list: Int32, in range: Range<Int>, matching: MatchingLayer) -> [PhraseAutomaton.Match] {
        guard mayHaveList(list) else { return [] }
        var result: [PhraseAutomaton.Match] = []
        var index = firstMatch(from: range.lowerBound)
        while index < matches.count, matches[index].start < range.upperBound {
            if matches[index].end <= range.upperBound, matching.tagList[Int(matches[index].tag)] == list { result.append(matches[index]) }
            index += 1
        }
        return result
    }

    /// Whether token `index` is the helper word `id` (see `MatchingLayer.words`).
    @inline(__always) func isWord(_ index: Int, _ id: Int32) -> Bool {
        index >= 0 && index < tokens.count && tokens[index].id == id
    }

    /// Token `index` is the lower-case ASCII `word` in any case, compared byte by
    /// byte (for words no list holds; a lower-cased String per token costs more).
    func isWord(_ index: Int, spelled word: StaticString) -> Bool {
        guard index >= 0, index < tokens.count, tokens[index].kind == .word else { return false }
        let token = tokens[index]
        guard Int(token.end - token.start) == word.utf8CodeUnitCount else { return false }
        let start = Int(token.start)
        for offset in 0..<word.utf8CodeUnitCount where block.text[start + offset] | 0x20 != word.utf8Start[offset] { return false }
        return true
    }

    /// Text ranges of links (from markup) that overlap a token range.
    func hasLink(in range: Range<Int>) -> Bool {
        let text = textRange(range)
        return block.links.contains { $0.overlaps(text) }
    }

    /// A scalar, not a `Character`: recognisers call this on almost every token, and
    /// a `Character`'s ASCII value is worked out from its string each time.
    @inline(__always) func isPunctuation(_ index: Int, _ mark: Unicode.Scalar) -> Bool {
        index >= 0 && index < tokens.count && tokens[index].kind == .punctuation && tokens[index].lead == UInt8(ascii: mark)
    }

    /// Every capitalised word of the block, in order, with the hash of its text as
    /// written: the document model counts names and finds surnames by these hashes.
    func capitalisedWords() -> [CapitalisedWord] {
        var words: [CapitalisedWord] = []
        words.reserveCapacity(tokens.count / 4)   // room for most blocks' names at once
        block.text.withUnsafeBufferPointer { text in
            for (index, token) in tokens.enumerated() where token.isCapitalized && token.kind == .word {
                words.append(CapitalisedWord(token: index, hash: Vocabulary.hash(UnsafeBufferPointer(rebasing: text[Int(token.start)..<Int(token.end)]))))
            }
        }
        return words
    }

    /// The longest run of capitalised words in `range`: the name of a person or
    /// an institution. A connector word (`isConnector`) stays inside the run when
    /// a capitalised word follows it, or, with `chainsConnectors`, another connector.
    func capitalisedRun(in range: Range<Int>, chainsConnectors: Bool, isConnector: (Int) -> Bool) -> Range<Int>? {
        var best: Range<Int>?
        var index = range.lowerBound
        while index < range.upperBound {
            guard tokens[index].isCapitalized, tokens[index].kind == .word else { index += 1; continue }
            var end = index + 1
            while end < range.upperBound {
                if tokens[end].isCapitalized && tokens[end].kind == .word { end += 1; continue }
                if isConnector(end), end + 1 < range.upperBound,
                   tokens[end + 1].isCapitalized || (chainsConnectors && isConnector(end + 1)) { end += 1; continue }
                break
            }
            if best == nil || end - index > best!.count { best = index..<end }
            index = end
        }
        return best
    }
}

/// A capitalised word of a block: its token index and the hash of its text as written.
struct CapitalisedWord: Sendable {
    var token: Int
    var hash: UInt64
}
