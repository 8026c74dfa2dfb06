/// Normalised token forms that some phrase uses, each with a small integer id.
///
/// Lookups hash the token's bytes as they are scanned (ASCII lower-cased, curly
/// apostrophes folded), so tokenising never allocates a string per token.
public struct Vocabulary: Sendable {
    /// An open-addressing slot: a form's hash beside its id (-1 for an empty slot),
    /// so a lookup reads one place in memory, not a slot and then a hash by id.
    /// The table is larger than the cache; on a page of tokens most of the
    /// tokeniser's time was these reads.
    private struct Slot {
        var hash: UInt64
        var id: Int32
    }
    private var slots: [Slot]
    private var hashes: [UInt64] = []
    private var knownHashes = Set<UInt64>()
    private var forms: [[UInt8]] = []
    /// The same forms in one flat buffer, so a lookup compares bytes without touching an array per form.
    private var flat: [UInt8] = []
    private var offsets: [Int32] = []
    private var lengths: [Int32] = []
    private var mask: Int
    /// One bit per hash (by its top bits) of every form, set in a compacted
    /// vocabulary: most words of running text are in no phrase, and their slot,
    /// read from a table larger than the cache, was most of the tokeniser's time.
    /// The bitmap is a sixteenth of the table's size; a clear bit answers "not
    /// here" from it. Empty (every lookup reads the table) until `compacted()`.
    private var filter: [UInt64] = []
    private var filterShift: UInt64 = 64

    public init(capacity: Int = 1024) {
        var size = 16
        while size < capacity * 2 { size <<= 1 }
        slots = Array(repeating: Slot(hash: 0, id: -1), count: size)
        mask = size - 1
    }

    /// The same vocabulary in a table at most a quarter full, for tokenising: a
    /// vocabulary is sized for every phrase before their words are known. Most
    /// lookups then end at their first slot, found or empty, and the table stays
    /// small enough for the cache.
    public func compacted() -> Vocabulary {
        var size = 16
        while size < forms.count * 4 { size <<= 1 }
        var copy = self
        guard size != slots.count else { copy.buildFilter(); return copy }
        copy.slots = Array(repeating: Slot(hash: 0, id: -1), count: size)
        copy.mask = size - 1
        for (index, hash) in hashes.enumerated() { copy.insert(id: Int32(index), hash: hash) }
        copy.buildFilter()
        return copy
    }

    /// Sizes and fills `filter`: about 16 bits per form, so one word in sixteen that is
    /// in no phrase still reads the table.
    private mutating func buildFilter() {
        var bits = 1 << 12
        while bits < forms.count * 16 { bits <<= 1 }
        filter = Array(repeating: 0, count: bits / 64)
        filterShift = UInt64(64 - bits.trailingZeroBitCount)
        for hash in hashes { addToFilter(hash) }
    }

    @inline(__always) private mutating func addToFilter(_ hash: UInt64) {
        let bit = Int(truncatingIfNeeded: hash >> filterShift)
        filter[bit >> 6] |= 1 << UInt64(bit & 63)
    }

    public var count: Int { forms.count }

    static let offsetBasis: UInt64 = 0xcbf29ce484222325
    static let prime: UInt64 = 0x100000001b3

    /// FNV-1a over normalised bytes.
    @inline(__always)
    static func hash(_ bytes: some Sequence<UInt8>) -> UInt64 {
        var hash = offsetBasis
        for byte in bytes { hash = (hash ^ UInt64(byte)) &* prime }
        return hash
    }

    /// Lookup by a hash computed while scanning; bytes are compared only on a hit.
    @inline(__always)
    func lookup(hash: UInt64, _ form: [UInt8]) -> Int32? {
        var slot = Int(truncatingIfNeeded: hash) & mask
        while true {
            let entry = slots[slot]
            if entry.id < 0 { return nil }
            if entry.hash == hash, equal(entry.id, form) { return entry.id }
            slot = (slot + 1) & mask
        }
    }

    /// The id of a token straight from the text by the 64-bit hash computed while
    /// scanning, or -1. Forms are told apart by hash alone: two of a vocabulary's forms
    /// colliding is about as likely as n² / 2⁶⁵ (below 10⁻⁹ for 100,000 forms), and
    /// `intern` rejects such a pair, so a hit costs no more than a miss however
    /// many phrases the rules hold. The first slot decides almost every lookup (the
    /// word's own, or an empty one, in a table a quarter full), and the test for it
    /// is one branch that rarely goes the other way, whether the word is found or not.
    @inline(__always)
    func id(hash: UInt64) -> Int32 {
        if !filter.isEmpty {
            let bit = Int(truncatingIfNeeded: hash >> filterShift)
            if filter[bit >> 6] & (1 << UInt64(bit & 63)) == 0 { return -1 }
        }
        var slot = Int(truncatingIfNeeded: hash) & mask
        var entry = slots[slot]
        while true {
            let found = entry.hash == hash
            if found || entry.id < 0 { return found ? entry.id : -1 }
            slot = (slot + 1) & mask
            entry = slots[slot]
        }
    }

    @inline(__always) private func equal(_ entry: Int32, _ form: [UInt8]) -> Bool {
        let length = Int(lengths[Int(entry)])
        guard length == form.count else { return false }
        let offset = Int(offsets[Int(entry)])
        return flat.withUnsafeBufferPointer { stored in
            form.withUnsafeBufferPointer { candidate in
                for index in 0..<length where stored[offset + index] != candidate[index] { return false }
                return true
            }
        }
    }

    /// The id of a normalised form, adding it if new.
    public mutating func intern(_ form: [UInt8]) -> Int32 {
        let hash = Self.hash(form)
        if let existing = lookup(hash: hash, form: form) { return existing }
        // A different form with the same hash would make lookups by hash ambiguous.
        precondition(!knownHashes.contains(hash), "vocabulary hash collision between two phrase words; rename one")
        knownHashes.insert(hash)
        if forms.count * 2 >= slots.count { grow() }
        let id = Int32(forms.count)
        forms.append(form)
        offsets.append(Int32(flat.count))
        lengths.append(Int32(form.count))
        flat.append(contentsOf: form)
        hashes.append(hash)
        insert(id: id, hash: hash)
        if !filter.isEmpty { addToFilter(hash) }
        return id
    }

    public func id(of form: [UInt8]) -> Int32? { lookup(hash: Self.hash(form), form: form) }

    /// Lookup by a precomputed hash; `matches` confirms the bytes on a hash hit.
    @inline(__always)
    func lookup(hash: UInt64, matches: (([UInt8]) -> Bool)) -> Int32? {
        var slot = Int(truncatingIfNeeded: hash) & mask
        while true {
            let entry = slots[slot]
            if entry.id < 0 { return nil }
            if entry.hash == hash, matches(forms[Int(entry.id)]) { return entry.id }
            slot = (slot + 1) & mask
        }
    }

    private func lookup(hash: UInt64, form: [UInt8]) -> Int32? {
        lookup(hash: hash) { $0 == form }
    }

    public func form(_ id: Int32) -> String { String(decoding: forms[Int(id)], as: UTF8.self) }

    private mutating func insert(id: Int32, hash: UInt64) {
        var slot = Int(truncatingIfNeeded: hash) & mask
        while slots[slot].id >= 0 { slot = (slot + 1) & mask }
        slots[slot] = Slot(hash: hash, id: id)
    }

    private mutating func grow() {
        slots = Array(repeating: Slot(hash: 0, id: -1), count: slots.count * 2)
        mask = slots.count - 1
        for (index, hash) in hashes.enumerated() { insert(id: Int32(index), hash: hash) }
    }
}
