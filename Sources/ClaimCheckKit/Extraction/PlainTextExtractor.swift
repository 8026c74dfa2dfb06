/// Splits plain text into blocks: paragraphs (hard-wrapped lines joined), list
/// items (`- `, `* `, `• `, `1. `), pipe tables and headings (short lines with no
/// closing punctuation). A heading such as "14 Comments" or "Related posts" opens
/// that region for the blocks after it.
public struct PlainTextExtractor: Sendable {
    public init() {}

    /// Lines longer than this are not hard-wrapped prose: each is its own paragraph.
    static let wrapWidth = 100

    private struct Line {
        var start: Int   // byte offset of the first byte of the line
        var end: Int     // byte offset of the line break (or end of file)
        var isBlank: Bool
    }

    public func extract(_ source: DecodedSource) -> [Block] {
        let bytes = source.utf8
        var lines: [Line] = []
        var start = 0
        bytes.withUnsafeBufferPointer { buffer in
            for index in 0...buffer.count where index == buffer.count || buffer[index] == 0x0A {
                var end = index
                if end > start, buffer[end - 1] == 0x0D { end -= 1 }
                var blank = true
                for position in start..<end where !(buffer[position] == 0x20 || buffer[position] == 0x09) { blank = false; break }
                if !(index == buffer.count && start == index) { lines.append(Line(start: start, end: end, isBlank: blank)) }
                start = index + 1
            }
        }
        var blocks: [Block] = []
        var region = Region.body
        var index = 0
        bytes.withUnsafeBufferPointer { buffer in
            while index < lines.count {
                if lines[index].isBlank { index += 1; continue }
                var runEnd = index
                while runEnd < lines.count, !lines[runEnd].isBlank { runEnd += 1 }
                let run = Array(lines[index..<runEnd])
                for block in blocksOf(run: run, buffer: buffer, region: &region, followedByText: runEnd < lines.count) {
                    blocks.append(block)
                }
                index = runEnd
            }
        }
        return blocks
    }

    private func blocksOf(run: [Line], buffer: UnsafeBufferPointer<UInt8>, region: inout Region, followedByText: Bool) -> [Block] {
        var blocks: [Block] = []
        var paragraph: [Line] = []
        // Hard-wrapped prose: every line but the last is of a wrapping width (a
        // short line is a heading or a line of its own).
        let isWrapped = run.count > 1 && run.dropLast().allSatisfy { (40...Self.wrapWidth).contains($0.end - $0.start) }

        func flushParagraph() {
            guard !paragraph.isEmpty else { return }
            var builder = TextBuilder()
            for line in paragraph {
                builder.appendDirect(UnsafeBufferPointer(rebasing: buffer[line.start..<line.end]), sourceStart: line.start)
                builder.appendBoundary(at: line.end)
            }
            let (text, map) = builder.take()
            paragraph = []
            guard !text.isEmpty else { return }
            blocks.append(Block(kind: .paragraph, region: region, text: text, map: map))
        }

        var lineIndex = 0
        while lineIndex < run.count {
            let line = run[lineIndex]
            let content = UnsafeBufferPointer(rebasing: buffer[line.start..<line.end])
            if lineIndex + 1 < run.count, Self.hasPipe(content),
               Self.isTableSeparator(UnsafeBufferPointer(rebasing: buffer[run[lineIndex + 1].start..<run[lineIndex + 1].end])) {
                flushParagraph()
                var tableLines = [line]
                var next = lineIndex + 2
                while next < run.count, Self.hasPipe(UnsafeBufferPointer(rebasing: buffer[run[next].start..<run[next].end])) {
                    tableLines.append(run[next]); next += 1
                }
                blocks.append(table(tableLines, buffer: buffer, region: region))
                lineIndex = next
                continue
            }
            if let markerWidth = Self.listMarkerWidth(content) {
                flushParagraph()
                var builder = TextBuilder()
                builder.appendDirect(UnsafeBufferPointer(rebasing: content[markerWidth...]), sourceStart: line.start + markerWidth)
                let (text, map) = builder.take()
                if !text.isEmpty { blocks.append(Block(kind: .listItem, region: region, text: text, map: map)) }
                lineIndex += 1
                continue
            }
            if !isWrapped {
                // Each line is a paragraph of its own; a short unpunctuated line is a heading.
                var builder = TextBuilder()
                builder.appendDirect(content, sourceStart: line.start)
                let (text, map) = builder.take()
                if !text.isEmpty {
                    let isHeading = Self.looksLikeHeading(text)
                    if isHeading {
                        let title = String(decoding: text, as: UTF8.self)
                        if let opened = RegionClassifier.regionOpened(byHeading: title) { region = opened }
                    }
                    blocks.append(Block(kind: isHeading ? .heading : .paragraph, region: region, text: text, map: map))
                }
                lineIndex += 1
                continue
            }
            paragraph.append(line)
            lineIndex += 1
        }
        flushParagraph()
        return blocks
    }

    private func table(_ lines: [Line], buffer: UnsafeBufferPointer<UInt8>, region: Region) -> Block {
        var assembler = TableAssembler()
        for (rowIndex, line) in lines.enumerated() {
            var cells: [([UInt8], SourceMap)] = []
            var cellStart = line.start
            var position = line.start
            while position <= line.end {
                if position == line.end || buffer[position] == UInt8(ascii: "|") {
                    var builder = TextBuilder()
                    builder.appendDirect(UnsafeBufferPointer(rebasing: buffer[cellStart..<position]), sourceStart: cellStart)
                    let taken = builder.take()
                    let isEdge = (cellStart == line.start || position == line.end) && taken.text.isEmpty
                    if !isEdge { cells.append((taken.text, taken.map)) }
                    cellStart = position + 1
                }
                position += 1
            }
            assembler.addRow(cells, isHeader: rowIndex == 0)
        }
        return assembler.block(region: region)
    }

    static func hasPipe(_ line: UnsafeBufferPointer<UInt8>) -> Bool { line.contains(UInt8(ascii: "|")) }

    static func isTableSeparator(_ line: UnsafeBufferPointer<UInt8>) -> Bool {
        var dashes = 0
        for byte in line {
            switch byte {
            case UInt8(ascii: "-"): dashes += 1
            case UInt8(ascii: "|"), UInt8(ascii: ":"), UInt8(ascii: " "), 0x09: continue
            default: return false
            }
        }
        return dashes >= 3 && line.contains(UInt8(ascii: "|"))
    }

    /// Width of a list marker ("- ", "* ", "• ", "1. ") after leading spaces, or nil.
    static func listMarkerWidth(_ line: UnsafeBufferPointer<UInt8>) -> Int? {
        var index = 0
        while index < line.count, line[index] == 0x20 || line[index] == 0x09 { index += 1 }
        guard index < line.count else { return nil }
        if index + 1 < line.count, [UInt8(ascii: "-"), UInt8(ascii: "*"), UInt8(ascii: "+")].contains(line[index]),
           line[index + 1] == 0x20 { return index + 2 }
        if index + 3 < line.count, line[index] == 0xE2, line[index + 1] == 0x80, line[index + 2] == 0xA2, line[index + 3] == 0x20 {
            return index + 4
        }
        var digits = index
        while digits < line.count, line[digits] >= 0x30, line[digits] <= 0x39 { digits += 1 }
        if digits > index, digits - index <= 3, digits + 1 < line.count,
           line[digits] == UInt8(ascii: ".") || line[digits] == UInt8(ascii: ")"), line[digits + 1] == 0x20 {
            return digits + 2
        }
        return nil
    }

    /// A heading: under 90 bytes and not ending like a sentence.
    static func looksLikeHeading(_ text: [UInt8]) -> Bool {
        guard text.count < 90, let last = text.last else { return false }
        let closers: Set<UInt8> = [UInt8(ascii: "."), UInt8(ascii: "!"), UInt8(ascii: ","), UInt8(ascii: ";"),
                                   UInt8(ascii: "\""), UInt8(ascii: ")"), 0x9D, 0x99]
        if closers.contains(last) { return false }
        let words = text.split(separator: 0x20).count
        return words <= 12
    }
}
