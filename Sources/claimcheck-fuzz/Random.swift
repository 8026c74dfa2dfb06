/// A small, fast, seeded generator (SplitMix64). Every document of a run is made
/// from its own generator, seeded from the run's seed, the document's index and
/// its family, so any document can be made again from those three alone.
struct FuzzRandom: RandomNumberGenerator {
    private var state: UInt64

    init(seed: UInt64) { state = seed }

    /// The generator for document `index` of family `family` in run `seed`.
    init(seed: UInt64, index: UInt64, salt: String) {
        var hash: UInt64 = 0xCBF2_9CE4_8422_2325
        for byte in salt.utf8 { hash = (hash ^ UInt64(byte)) &* 0x0000_0100_0000_01B3 }
        state = FuzzRandom.mix(seed ^ FuzzRandom.mix(index &+ 0x9E37_79B9_7F4A_7C15) ^ hash)
    }

    static func mix(_ value: UInt64) -> UInt64 {
        var z = value &+ 0x9E37_79B9_7F4A_7C15
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }

    mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }

    /// A number in `0..<bound` (bound > 0).
    mutating func below(_ bound: Int) -> Int {
        precondition(bound > 0)
        return Int(next() % UInt64(bound))
    }

    /// A number in `range` (closed).
    mutating func between(_ low: Int, _ high: Int) -> Int {
        high <= low ? low : low + below(high - low + 1)
    }

    /// True with probability `p`.
    mutating func chance(_ p: Double) -> Bool {
        Double(next() >> 11) / Double(1 << 53) < p
    }

    mutating func pick<T>(_ items: [T]) -> T { items[below(items.count)] }

    mutating func byte() -> UInt8 { UInt8(truncatingIfNeeded: next()) }

    /// A count for a pathological family: mostly small, sometimes medium, rarely
    /// up to `large` (`largeFraction` of the time), so most documents stay cheap.
    mutating func scale(small: Int, medium: Int, large: Int, largeFraction: Double) -> Int {
        if chance(largeFraction) { return between(medium, large) }
        if chance(0.12) { return between(small, medium) }
        return between(1, small)
    }
}
