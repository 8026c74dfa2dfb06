/// Every phrase of the rule files and the registry compiled into one token trie,
/// matched over a block's tokens in a single pass.
///
/// A phrase is a sequence of vocabulary ids; transitions live in one hash table
/// keyed by (state, token id), so matching costs the same per token whether the
/// automaton holds a hundred phrases or ten thousand.
public struct PhraseAutomaton: Sendable {
    public struct Match: Sendable, Equatable {
        /// Token range of the match.
        public var start: Int
        public var end: Int
        /// What matched: an index into the lexicon's tags.
        public var tag: Int32
    }

    private var transitions: [UInt64: Int32] = [:]
    private var outputs: [[Int32]] = [[]]
    private var stateCount: Int32 = 1

    public init() {}

    public var phraseStates: Int { Int(stateCount) }

    /// Adds a phrase (as vocabulary ids) whose match carries `tag`.
    public mutating func add(_ ids: [Int32], tag: Int32) {
        guard !ids.isEmpty, !ids.contains(where: { $0 < 0 }) else { return }
        var state: Int32 = 0
        for id in ids {
            let key = UInt64(UInt32(bitPattern: state)) << 32 | UInt64(UInt32(bitPattern: id))
            if let next = transitions[key] {
                state = next
            } else {
                transitions[key] = stateCount
                outputs.append([])
                state = stateCount
                stateCount += 1
            }
        }
        if !outputs[Int(state)].contains(tag) { outputs[Int(state)].append(tag) }
    }

    /// All matches in the tokens, ordered by start then end.
    public func matches(in tokens: [Token]) -> [Match] {
        var result: [Match] = []
        let count = tokens.count
        for start in 0..<count {
            var state: Int32 = 0
            var position = start
            while position < count {
                let id = tokens[position].id
                if id < 0 { break }
                let key = UInt64(UInt32(bitPattern: state)) << 32 | UInt64(UInt32(bitPattern: id))
                guard let next = transitions[key] else { break }
                state = next
                position += 1
                for tag in outputs[Int(state)] { result.append(Match(start: start, end: position, tag: tag)) }
            }
        }
        return result
    }
}
