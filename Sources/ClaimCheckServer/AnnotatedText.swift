import ClaimCheckKit
import Foundation

/// A text as LanguageTool's clients send it: plain (`text`) or annotated (`data`:
/// `{"annotation": [{"text": "…"}, {"markup": "<b>", "interpretAs": "…"}]}`).
/// Only text parts are checked (markup reads as its `interpretAs`, or as
/// nothing), but offsets count every part, markup included, in UTF-16 code units,
/// as LanguageTool does.
struct AnnotatedText: Sendable {
    /// One part, where it is in the checked bytes and in the client's text.
    struct Part: Sendable {
        var isMarkup: Bool
        /// Byte range of what is checked for it (the text, or the markup's `interpretAs`).
        var checked: Range<Int>
        /// UTF-16 range of the part in the client's text.
        var original: Range<Int>
    }

    /// What the checker reads: the text parts and the markup's `interpretAs`, in order.
    let checked: [UInt8]
    /// Every part, text and markup, as the client counts offsets in it.
    let original: String
    let parts: [Part]
    private let checkedOffsets: TextOffsets
    /// The UTF-16 offset where each line of the checked text starts, so that a
    /// byte's offset costs a scan of its line, not of the text before it (a report
    /// of a hundred findings in a long article would otherwise scan it a hundred times).
    private let lineUnitStarts: [Int]

    /// A plain text: all of it is checked.
    init(plain text: String) {
        self.init(pieces: [(text, false, nil)])
    }

    private init(pieces: [(text: String, isMarkup: Bool, interpretAs: String?)]) {
        var checked: [UInt8] = [], original = "", parts: [Part] = [], originalUnits = 0
        for piece in pieces {
            let read = piece.isMarkup ? Array((piece.interpretAs ?? "").utf8) : Array(piece.text.utf8)
            let units = piece.text.utf16.count
            parts.append(Part(isMarkup: piece.isMarkup, checked: checked.count..<(checked.count + read.count),
                              original: originalUnits..<(originalUnits + units)))
            checked += read
            original += piece.text
            originalUnits += units
        }
        self.checked = checked
        self.original = original
        self.parts = parts
        let offsets = TextOffsets(bytes: checked)
        var starts = [0]
        starts.reserveCapacity(offsets.lineStarts.count)
        for line in 0..<(offsets.lineStarts.count - 1) {
            let contentEnd = offsets.lineContentEnd(line)
            // The line's characters, then its break (ASCII: one unit a byte).
            let units = offsets.position(ofByte: contentEnd, in: .utf16).character + (offsets.lineStarts[line + 1] - contentEnd)
            starts.append(starts[line] + units)
        }
        checkedOffsets = offsets
        lineUnitStarts = starts
    }

    /// Reads a `data` field.
    init(json: String) throws(ServerError) {
        struct Annotation: Decodable {
            struct Item: Decodable { var text: String?; var markup: String?; var interpretAs: String? }
            var annotation: [Item]
        }
        let fix = "send data={\"annotation\": [{\"text\": \"…\"}, {\"markup\": \"<b>\"}, …]}, or the plain text as text=…"
        let decoded: Annotation
        do {
            decoded = try JSONDecoder().decode(Annotation.self, from: Data(json.utf8))
        } catch let error as DecodingError {
            throw .badRequest("the data field is not LanguageTool's annotated text: \(DocumentRequest.describe(error))", fix: fix)
        } catch {
            throw .badRequest("the data field is not JSON", fix: fix)
        }
        var pieces: [(String, Bool, String?)] = []
        for (index, item) in decoded.annotation.enumerated() {
            switch (item.text, item.markup) {
            case (let text?, nil): pieces.append((text, false, nil))
            case (nil, let markup?): pieces.append((markup, true, item.interpretAs))
            default:
                throw .badRequest("annotation[\(index)] must have exactly one of \"text\" and \"markup\"", fix: fix)
            }
        }
        self.init(pieces: pieces)
    }

    /// The client's UTF-16 offset of a checked byte offset. Inside a text part it is
    /// the same character; inside markup's `interpretAs`, the markup's start (for
    /// the start of a range) or end (for its end).
    func originalOffset(ofChecked byte: Int, isEnd: Bool) -> Int {
        guard let part = part(containing: byte, isEnd: isEnd) else { return isEnd ? (parts.last?.original.upperBound ?? 0) : 0 }
        if part.isMarkup { return isEnd ? part.original.upperBound : part.original.lowerBound }
        return part.original.lowerBound + checkedUnits(byte) - checkedUnits(part.checked.lowerBound)
    }

    /// The UTF-16 offset in the checked text of a byte offset in it.
    private func checkedUnits(_ byte: Int) -> Int {
        let position = checkedOffsets.position(ofByte: byte, in: .utf16)
        return lineUnitStarts[position.line] + position.character
    }

    /// The part whose checked bytes hold `byte`: for a range's start the part that
    /// begins at or before it, for a range's end the part that ends at or after it.
    private func part(containing byte: Int, isEnd: Bool) -> Part? {
        var low = 0, high = parts.count
        // The first part whose checked range reaches past `byte` (or, for an end, reaches it).
        while low < high {
            let middle = (low + high) / 2
            let reaches = isEnd ? parts[middle].checked.upperBound >= byte : parts[middle].checked.upperBound > byte
            if reaches { high = middle } else { low = middle + 1 }
        }
        var index = low
        // Markup read as nothing holds no byte: skip it.
        while index < parts.count, parts[index].checked.isEmpty { index += 1 }
        return index < parts.count ? parts[index] : nil
    }
}
