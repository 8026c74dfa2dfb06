import ClaimCheckKit
import Testing
@testable import ClaimCheckServer

@Suite struct RequestParsingTests {
    @Test func formFieldsDecodePlusAndPercent() throws {
        let fields = try FormFields(parsing: Array("text=caf%C3%A9+au+lait%21&language=en-US&text=second&empty".utf8))
        #expect(fields["text"] == "café au lait!")
        #expect(fields["language"] == "en-US")
        #expect(fields["empty"] == "")
    }

    @Test func formFieldsRefuseBytesThatAreNotUTF8() {
        #expect(throws: ServerError.self) { try FormFields(parsing: Array("text=%FF%FE".utf8)) }
    }

    @Test func annotatedOffsetsCountMarkup() throws {
        let text = try AnnotatedText(json: #"{"annotation": [{"text": "A "}, {"markup": "<b>"}, {"text": "bold 🙂 claim"}, {"markup": "</b>"}, {"markup": "<p>", "interpretAs": "\n\n"}, {"text": "Next."}]}"#)
        #expect(String(decoding: text.checked, as: UTF8.self) == "A bold 🙂 claim\n\nNext.")
        #expect(text.original == "A <b>bold 🙂 claim</b><p>Next.")
        // "bold" starts at byte 2 of the checked text, after "<b>" in the client's.
        #expect(text.originalOffset(ofChecked: 2, isEnd: false) == 5)
        // "claim" follows the emoji (4 bytes, 2 UTF-16 units).
        let claim = Array("A bold 🙂 ".utf8).count
        #expect(text.originalOffset(ofChecked: claim, isEnd: false) == 5 + "bold 🙂 ".utf16.count)
        // A range ending where the bold text ends ends before "</b>".
        #expect(text.originalOffset(ofChecked: Array("A bold 🙂 claim".utf8).count, isEnd: true) == 5 + "bold 🙂 claim".utf16.count)
        // "Next." starts after the paragraph markup, read as a paragraph break.
        #expect(text.originalOffset(ofChecked: Array("A bold 🙂 claim\n\n".utf8).count, isEnd: false) == "A <b>bold 🙂 claim</b><p>".utf16.count)
    }

    @Test func annotationNeedsTextOrMarkup() {
        #expect(throws: ServerError.badRequest("annotation[1] must have exactly one of \"text\" and \"markup\"",
                                               fix: "send data={\"annotation\": [{\"text\": \"…\"}, {\"markup\": \"<b>\"}, …]}, or the plain text as text=…")) {
            try AnnotatedText(json: #"{"annotation": [{"text": "a"}, {"interpretAs": "b"}]}"#)
        }
    }

    @Test(arguments: [("en-US", "en-US"), ("EN_gb", "en-GB"), ("en", "en"), ("auto", "en-US")])
    func languagesResolve(field: String, code: String) {
        #expect(LanguageToolLanguage.resolve(field)?.language.longCode == code)
    }

    @Test func contextIsFortyUnitsEitherSideWithEllipses() {
        let text = String(repeating: "a", count: 50) + "CLAIM" + String(repeating: "b", count: 50)
        let context = LanguageToolResponse.context(Array(text.utf16), start: 50, end: 55)
        #expect(context.text == "..." + String(repeating: "a", count: 40) + "CLAIM" + String(repeating: "b", count: 40) + "...")
        #expect(context.offset == 43)
        #expect(context.length == 5)
        let short = LanguageToolResponse.context(Array("Line one.\nCLAIM".utf16), start: 10, end: 15)
        #expect(short.text == "Line one. CLAIM")
        #expect(short.offset == 10)
    }
}

@Suite struct AnnotatedOffsetTests {
    /// Every byte offset maps as TextOffsets' flat offset does, across lines of each break and multi-byte text.
    @Test func lineBasedOffsetsAgreeWithTextOffsets() {
        let text = "Première ligne 🙂\r\nSecond line, café\rThird ☕️ line\n\n日本語 and more\n"
        let annotated = AnnotatedText(plain: text)
        let offsets = ClaimCheckKit.TextOffsets(text)
        var byte = 0
        for scalar in text.unicodeScalars {
            #expect(annotated.originalOffset(ofChecked: byte, isEnd: false) == offsets.offset(ofByte: byte, in: .utf16))
            byte += String(scalar).utf8.count
        }
        #expect(annotated.originalOffset(ofChecked: byte, isEnd: true) == text.utf16.count)
    }
}
