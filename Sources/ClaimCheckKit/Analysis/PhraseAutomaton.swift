/// Every phrase of the rule files and the registry compiled into one token trie,
/// matched over a block's tokens in a single pass.
///
/// A phrase is a sequence of vocabulary ids. Transitions out of the root are an
/// array indexed by token id; deeper ones live in one open-addressing table keyed
/// by (state, token id). Matching costs about the same per token whether the
/// automaton holds a hundred phrases or ten thousand.
public struct PhraseAutomaton: Sendable {
    public struct Match: Sendable, Equatable {
        /// Token range of the match.
        public var start: Int
        public var end: Int
        /// What matched: an index into the lexicon's tags.
        public var tag: Int32
    }

    private var root: [Int32] = []               // token id → state, or -1
    private var keys: [UInt64] = Array(repeating: .max, count: 64)
    private var values: [Int32] = Array(repeating: -1, count: 64)
    private var used = 0
    private var outputs: [[Int32]] = [[]]
    /// Whether a state ends a phrase: most states a block passes through end none,
    /// and testing a flag spares reading (and retaining) their empty tag arrays.
    private var endsPhrase: [Bool] = [false]
    private var stateCount: Int32 = 1

    public init() {}

    public var phraseStates: Int { Int(stateCount) }

    @inline(__always) private static func key(_ state: Int32, _ id: Int32) -> UInt64 {
        UInt64(UInt32(bitPattern: state)) << 32 | UInt64(UInt32(bitPattern: id))
    }

    @inline(__always) private static func slot(_ key: UInt64, _ mask: Int) -> Int {
        Int(truncatingIfNeeded: (key &* 0x9E3779B97F4A7C15) >> 29) & mask
    }

    @inline(__always) private func next(_ state: Int32, _ id: Int32) -> Int32 {
        if state == 0 { return Int(id) < root.count ? root[Int(id)] : -1 }
        let key = Self.key(state, id)
        let mask = keys.count - 1
        var slot = Self.slot(key, mask)
        while true {
            let stored = keys[slot]
            if stored == key { return values[slot] }
            if stored == .max { return -1 }
            slot = (slot + 1) & mask
        }
    }

    private mutating func insert(_ state: Int32, _ id: Int32, _ target: Int32) {
        if state == 0 {
            if Int(id) >= root.count { root += Array(repeating: -1, count: Int(id) + 1 - root.count) }
            root[Int(id)] = target
            return
        }
        if (used + 1) * 2 > keys.count { grow() }
        let key = Self.key(state, id)
        let mask = keys.count - 1
        var slot = Self.slot(key, mask)
        while keys[slot] != .max { slot = (slot + 1) & mask }
        keys[slot] = key
        values[slot] = target
        used += 1
    }

    private mutating func grow() {
        let oldKeys = keys, oldValues = values
        keys = Array(repeating: .max, count: oldKeys.count * 2)
        values = Array(repeating: -1, count: oldKeys.count * 2)
        let mask = keys.count - 1
        for (index, key) in oldKeys.enumerated() where key != .max {
            var slot = Self.slot(key, mask)
            while keys[slot] != .max { slot = (slot + 1) & mask }
            keys[slot] = key
            values[slot] = oldValues[index]
        }
    }

    /// Adds a phrase (as vocabulary ids) whose match carries `tag`.
    public mutating func add(_ ids: [Int32], tag: Int32) {
        guard !ids.isEmpty, !ids.contains(where: { $0 < 0 }) else { return }
        var state: Int32 = 0
        for id in ids {
            let existing = next(state, id)
            if existing >= 0 {
                state = existing
            } else {
                insert(state, id, stateCount)
                outputs.append([])
                endsPhrase.append(false)
                state = stateCount
                stateCount += 1
            }
        }
        if !outputs[Int(state)].contains(tag) { outputs[Int(state)].append(tag) }
        endsPhrase[Int(state)] = true
    }

    /// All matches in the tokens, ordered by start then end.
    public func matches(in tokens: [Token]) -> [Match] {
        var result: [Match] = []
        tokens.withUnsafeBufferPointer { tokens in
            let count = tokens.count
            for start in 0..<count {
                var state: Int32 = 0
                var position = start
                while position < count {
                    let id = tokens[position].id
                    if id < 0 { break }
                    let target = next(state, id)
                    if target < 0 { break }
                    state = target
                    position += 1
                    guard endsPhrase[Int(state)] else { continue }
                    for tag in outputs[Int(state)] { result.append(Match(start: start, end: position, tag: tag)) }
                }
            }
        }
        return result
    }
}
