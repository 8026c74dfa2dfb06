import ClaimCheckKit
import Testing

@Suite struct TextOffsetsTests {
    // "é" is 2 bytes and 1 UTF-16 unit; "😀" is 4 bytes and 2 UTF-16 units.
    let text = "Café 😀 cures\r\nall ills\rnow\n"

    @Test func flatOffsetsCountTheEditorsUnits() {
        let offsets = TextOffsets(text)
        let cures = Array(text.utf8).firstIndex(of: UInt8(ascii: "c"))!   // byte 11
        #expect(cures == 11)
        #expect(offsets.offset(ofByte: cures, in: .utf8) == 11)
        #expect(offsets.offset(ofByte: cures, in: .utf16) == 8)
        #expect(offsets.offset(ofByte: cures, in: .utf32) == 7)
        #expect(Array(text.utf16)[8] == UInt16(UInt8(ascii: "c")))
    }

    @Test func positionsCountLinesEndedByAnyBreak() {
        let offsets = TextOffsets(text)
        #expect(offsets.lineStarts == [0, 18, 27, 31])
        let ills = 22
        #expect(offsets.position(ofByte: ills, in: .utf16) == TextOffsets.Position(line: 1, character: 4))
        #expect(offsets.position(ofByte: 28, in: .utf16) == TextOffsets.Position(line: 2, character: 1))
        #expect(offsets.position(ofByte: 11, in: .utf16) == TextOffsets.Position(line: 0, character: 8))
        #expect(offsets.position(ofByte: 11, in: .utf8) == TextOffsets.Position(line: 0, character: 11))
    }

    @Test func positionsConvertBackToBytes() {
        let offsets = TextOffsets(text)
        #expect(offsets.byteOffset(of: .init(line: 0, character: 8), in: .utf16) == 11)
        // Inside the surrogate pair: the character's start.
        #expect(offsets.byteOffset(of: .init(line: 0, character: 6), in: .utf16) == 6)
        // Past the line's end: before its break.
        #expect(offsets.byteOffset(of: .init(line: 0, character: 99), in: .utf16) == 16)
        #expect(offsets.byteOffset(of: .init(line: 9, character: 0), in: .utf16) == Array(text.utf8).count)
    }

    @Test func anInvalidByteCountsAsOneCharacter() {
        let offsets = TextOffsets(bytes: [0x61, 0xFF, 0x62])
        #expect(offsets.offset(ofByte: 2, in: .utf16) == 2)
        #expect(offsets.position(ofByte: 3, in: .utf32) == TextOffsets.Position(line: 0, character: 3))
    }
}
