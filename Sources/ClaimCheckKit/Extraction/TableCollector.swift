/// Collects an HTML table's caption and cells while the parser walks it, then
/// builds one table block: cells joined by " | ", rows by newlines, each cell's
/// byte range kept in a `TableLayout`.
struct TableCollector {
    private struct Cell { var text: [UInt8]; var map: SourceMap; var isHeader: Bool }

    let region: Region
    private var caption: (text: [UInt8], map: SourceMap)?
    private var rows: [[Cell]] = []
    private var cellBuilder: TextBuilder?
    private var cellIsHeader = false
    private var inCaption = false

    init(region: Region) { self.region = region }

    var hasActiveBuilder: Bool { cellBuilder != nil }

    /// Runs `body` on the open cell's or caption's builder, in place.
    mutating func withActiveBuilder(_ body: (inout TextBuilder) -> Void) {
        guard cellBuilder != nil else { return }
        body(&cellBuilder!)
    }

    mutating func beginCaption() { inCaption = true; cellBuilder = TextBuilder() }

    mutating func endCaption() {
        guard inCaption, var builder = cellBuilder else { return }
        let taken = builder.take()
        if !taken.text.isEmpty { caption = taken }
        cellBuilder = nil
        inCaption = false
    }

    mutating func beginRow() {
        if cellBuilder != nil { endCell() }
        rows.append([])
    }

    mutating func beginCell(isHeader: Bool) {
        if cellBuilder != nil { endCell() }
        if rows.isEmpty { rows.append([]) }
        cellBuilder = TextBuilder()
        cellIsHeader = isHeader
    }

    mutating func endCell() {
        guard !inCaption, var builder = cellBuilder else { return }
        let taken = builder.take()
        rows[rows.count - 1].append(Cell(text: taken.text, map: taken.map, isHeader: cellIsHeader))
        cellBuilder = nil
    }

    /// The cells so far as paragraphs, for a table that turned out to be layout (a
    /// cell opened a paragraph, a list or a heading): its text is read as prose.
    mutating func cellsAsParagraphs() -> [Block] {
        if cellBuilder != nil { if inCaption { endCaption() } else { endCell() } }
        var blocks: [Block] = []
        if let caption { blocks.append(Block(kind: .paragraph, region: region, text: caption.text, map: caption.map)) }
        for row in rows {
            for cell in row where !cell.text.isEmpty {
                blocks.append(Block(kind: .paragraph, region: region, text: cell.text, map: cell.map))
            }
        }
        return blocks
    }

    /// The finished block, or nil for a table with no text (a layout table of images).
    mutating func block() -> Block? {
        if cellBuilder != nil { if inCaption { endCaption() } else { endCell() } }
        let filled = rows.filter { row in row.contains { !$0.text.isEmpty } }
        guard !filled.isEmpty || caption != nil else { return nil }
        var assembler = TableAssembler()
        if let caption { assembler.setCaption(caption.text, caption.map) }
        for (index, row) in filled.enumerated() {
            let isHeader = index == 0 && row.allSatisfy(\.isHeader)
            assembler.addRow(row.map { ($0.text, $0.map) }, isHeader: isHeader)
        }
        return assembler.block(region: region)
    }
}

/// Joins captions and cells into one text with a source map and a `TableLayout`.
/// Shared by the HTML, Markdown and plain-text extractors.
struct TableAssembler {
    private var text: [UInt8] = []
    private var map = SourceMap()
    private var layout = TableLayout(caption: nil, header: [], rows: [])

    mutating func setCaption(_ captionText: [UInt8], _ captionMap: SourceMap) {
        layout.caption = append(captionText, captionMap)
    }

    mutating func addRow(_ cells: [([UInt8], SourceMap)], isHeader: Bool) {
        var ranges: [Range<Int>] = []
        if !text.isEmpty { appendSeparator("\n") }
        for (index, cell) in cells.enumerated() {
            if index > 0 { appendSeparator(" | ") }
            ranges.append(append(cell.0, cell.1))
        }
        if isHeader && layout.header.isEmpty && layout.rows.isEmpty { layout.header = ranges } else { layout.rows.append(ranges) }
    }

    private mutating func append(_ piece: [UInt8], _ pieceMap: SourceMap) -> Range<Int> {
        let start = text.count
        text.append(contentsOf: piece)
        map.append(contentsOf: pieceMap.shifted(byText: start))
        return start..<text.count
    }

    private mutating func appendSeparator(_ separator: String) {
        let sourceOffset = map.segments.last.map { $0.sourceStart + $0.sourceLength } ?? 0
        let start = text.count
        text.append(contentsOf: Array(separator.utf8))
        map.append(textStart: start, textLength: separator.utf8.count, sourceStart: sourceOffset, sourceLength: 0)
    }

    func block(region: Region) -> Block {
        Block(kind: .table, region: region, text: text, map: map, table: layout)
    }
}
