/// Byte tests that extraction makes on raw markup and block text, where a String
/// per test would cost more than the scan it serves.
enum ASCIIBytes {
    /// Whether `text` holds `word` (lower-case ASCII) at `index`, ASCII letters
    /// compared in any case.
    @inline(__always)
    static func holds(_ text: UnsafeBufferPointer<UInt8>, _ word: [UInt8], at index: Int) -> Bool {
        guard index >= 0, index + word.count <= text.count else { return false }
        for offset in 0..<word.count {
            let byte = text[index + offset]
            if (byte >= 0x41 && byte <= 0x5A ? byte | 0x20 : byte) != word[offset] { return false }
        }
        return true
    }
}
