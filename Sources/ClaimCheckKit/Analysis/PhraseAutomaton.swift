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
    /// A deeper transition: its (state, token id) key beside its target, so a probe
    /// reads one place in memory. Kept in two arrays, key and target were two cache
    /// misses per token, and the table's probes were a quarter of matching's time.
    private struct Slot {
        var key: UInt64
        var target: Int32
    }
    private static let emptySlot = Slot(key: .max, target: -1)
    private var slots: [Slot] = Array(repeating: emptySlot, count: 64)
    private var used = 0
    /// The tags of the phrases each state ends, as lists threaded through two flat
    /// arrays: `firstOutput[state]` is the index of its first tag in `outputTags`
    /// (-1 for a state that ends no phrase, as most do), `nextOutput` the next one's.
    /// An array of arrays cost a read of a separate buffer (and a retain) per match.
    private var firstOutput: [Int32] = [-1]
    /// The last tag of each state's list, so a tag added later keeps its place after the others.
    private var lastOutput: [Int32] = [-1]
    private var outputTags: [Int32] = []
    private var nextOutput: [Int32] = []
    private var stateCount: Int32 = 1

    public init() {}

    public var phraseStates: Int { Int(stateCount) }

    @inline(__always) private static func key(_ state: Int32, _ id: Int32) -> UInt64 {
        UInt64(UInt32(bitPattern: state)) << 32 | UInt64(UInt32(bitPattern: id))
    }

    @inline(__always) private static func slot(_ key: UInt64, _ mask: Int) -> Int {
        Int(truncatingIfNeeded: (key &* 0x9E3779B97F4A7C15) >> 29) & mask
    }

    /// Set in a transition's stored target when the target state ends a phrase, so
    /// matching reads a state's tags only then: a transition into a state that ends
    /// none ("the" of "the study") costs no read of `firstOutput`.
    private static let endsPhrase: Int32 = 1 << 30
    private static let stateBits: Int32 = endsPhrase - 1

    /// The stored target of a transition (with `endsPhrase` set when it ends a phrase), or -1.
    @inline(__always) private func next(_ state: Int32, _ id: Int32) -> Int32 {
        if state == 0 { return Int(id) < root.count ? root[Int(id)] : -1 }
        let key = Self.key(state, id)
        let mask = slots.count - 1
        var slot = Self.slot(key, mask)
        while true {
            let stored = slots[slot]
            if stored.key == key { return stored.target }
            if stored.key == .max { return -1 }
            slot = (slot + 1) & mask
        }
    }

    private mutating func insert(_ state: Int32, _ id: Int32, _ target: Int32) {
        if state == 0 {
            if Int(id) >= root.count { root += Array(repeating: -1, count: Int(id) + 1 - root.count) }
            root[Int(id)] = target
            return
        }
        if (used + 1) * 2 > slots.count { grow() }
        Self.place(Slot(key: Self.key(state, id), target: target), in: &slots)
        used += 1
    }

    private static func place(_ entry: Slot, in slots: inout [Slot]) {
        let mask = slots.count - 1
        var slot = Self.slot(entry.key, mask)
        while slots[slot].key != .max { slot = (slot + 1) & mask }
        slots[slot] = entry
    }

    private mutating func grow() {
        var grown = Array(repeating: Self.emptySlot, count: slots.count * 2)
        for entry in slots where entry.key != .max { Self.place(entry, in: &grown) }
        slots = grown
    }

    /// Marks the transition from `state` on `id` as ending a phrase.
    private mutating func markEnd(_ state: Int32, _ id: Int32) {
        if state == 0 { root[Int(id)] |= Self.endsPhrase; return }
        let key = Self.key(state, id)
        let mask = slots.count - 1
        var slot = Self.slot(key, mask)
        while slots[slot].key != key { slot = (slot + 1) & mask }
        slots[slot].target |= Self.endsPhrase
    }

    /// Adds a phrase (as vocabulary ids) whose match carries `tag`.
    public mutating func add(_ ids: [Int32], tag: Int32) {
        guard !ids.isEmpty, !ids.contains(where: { $0 < 0 }) else { return }
        var state: Int32 = 0
        var parent: Int32 = 0
        for id in ids {
            parent = state
            let existing = next(state, id)
            if existing >= 0 {
                state = existing & Self.stateBits
            } else {
                precondition(stateCount < Self.endsPhrase, "more phrase states than the automaton can number")
                insert(state, id, stateCount)
                firstOutput.append(-1)
                lastOutput.append(-1)
                state = stateCount
                stateCount += 1
            }
        }
        if firstOutput[Int(state)] < 0 { markEnd(parent, ids[ids.count - 1]) }
        var output = firstOutput[Int(state)]
        while output >= 0 {
            if outputTags[Int(output)] == tag { return }
            output = nextOutput[Int(output)]
        }
        let added = Int32(outputTags.count)
        outputTags.append(tag)
        nextOutput.append(-1)
        if lastOutput[Int(state)] >= 0 { nextOutput[Int(lastOutput[Int(state)])] = added } else { firstOutput[Int(state)] = added }
        lastOutput[Int(state)] = added
    }

    /// All matches in the tokens, ordered by start then end.
    public func matches(in tokens: [Token]) -> [Match] {
        var result: [Match] = []
        // About one match for every two tokens of running text: room for that many at
        // once, instead of a new buffer each time the array doubles.
        result.reserveCapacity(tokens.count / 2)
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
                    state = target & Self.stateBits
                    position += 1
                    guard target & Self.endsPhrase != 0 else { continue }
                    var output = firstOutput[Int(state)]
                    while output >= 0 {
                        result.append(Match(start: start, end: position, tag: outputTags[Int(output)]))
                        output = nextOutput[Int(output)]
                    }
                }
            }
        }
        return result
    }
}
