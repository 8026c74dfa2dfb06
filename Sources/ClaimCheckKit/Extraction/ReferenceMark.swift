/// A numbered reference mark set in superscript (`<sup>12</sup>`, `<sup>3,4</sup>`,
/// `<sup>[5]</sup>`): the text of a superscript that is only reference numbers.
/// Extractors record its range with the block's links, so the sentence counts as cited.
enum ReferenceMark {
    /// The superscript at `start` of `text` is a reference mark: reference numbers,
    /// not the power of a unit ("m<sup>2</sup>", "cm<sup>3</sup>").
    static func isReference(_ text: [UInt8], from start: Int) -> Bool {
        guard start < text.count, isReferenceNumbers(text[start...]) else { return false }
        var letters = 0
        var index = start
        while index > 0, Tokenizer.isLetter(text[index - 1]) { letters += 1; index -= 1 }
        let isUnit = letters > 0 && letters <= 2 && (index == 0 || text[index - 1] == 0x20 || Tokenizer.isDigit(text[index - 1]) || text[index - 1] == UInt8(ascii: "/"))
        return !isUnit
    }

    /// Digits with commas, dashes, spaces or brackets between them, at most 16 bytes.
    static func isReferenceNumbers(_ text: ArraySlice<UInt8>) -> Bool {
        guard !text.isEmpty, text.count <= 16 else { return false }
        var sawDigit = false
        var index = text.startIndex
        while index < text.endIndex {
            let byte = text[index]
            switch byte {
            case UInt8(ascii: "0")...UInt8(ascii: "9"): sawDigit = true
            case UInt8(ascii: ","), UInt8(ascii: "-"), UInt8(ascii: " "), UInt8(ascii: "["), UInt8(ascii: "]"),
                 UInt8(ascii: "("), UInt8(ascii: ")"), UInt8(ascii: ";"): break
            case 0xE2:   // an en or em dash: E2 80 93 / E2 80 94
                guard index + 2 < text.endIndex, text[index + 1] == 0x80, text[index + 2] == 0x93 || text[index + 2] == 0x94 else { return false }
                index += 2
            default: return false
            }
            index += 1
        }
        return sawDigit
    }
}
