import CCmarkGFM
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Extracts blocks from Markdown with cmark-gfm (tables extension, source positions).
///
/// cmark gives every inline text node its line and column; the node's literal is
/// aligned with those source bytes (skipping escapes, decoding entities), so
/// positions survive emphasis, links and hard-wrapped paragraphs.
public struct MarkdownExtractor: Sendable {
    public init() {}

    public func extract(_ source: DecodedSource, lines: LineIndex) -> [Block] {
        extractAll(source).blocks
    }

    /// Blocks and the directive comments of HTML blocks and inline HTML. A long
    /// source is parsed in pieces (see `MarkdownChunker`), each with the document's
    /// link reference definitions, so cmark's memory is that of one piece.
    func extractAll(_ source: DecodedSource) -> (blocks: [Block], comments: [SourceComment]) {
        let bytes = source.utf8
        guard !bytes.isEmpty else { return ([], []) }
        cmark_gfm_core_extensions_ensure_registered()
        let starts = Self.lineStarts(bytes)
        let chunker = MarkdownChunker(source: bytes, lineStarts: starts)
        let chunks = chunker.chunks()
        let definitions = chunks.count > 1 ? chunker.referenceDefinitions() : []
        var walker = MarkdownWalker(source: bytes, lineStarts: starts)
        var comments: [SourceComment] = []
        for chunk in chunks {
            var input = Array(bytes[chunk.bytes])
            if !definitions.isEmpty { input += [0x0A, 0x0A] + definitions }
            guard let root = Self.parse(input) else { continue }
            defer { cmark_node_free(root) }
            walker.lineOffset = chunk.firstLine
            walker.lineLimit = chunk.lineCount
            walker.walkBlocks(root)
            comments += Self.comments(root, source: bytes, lineStarts: starts, lineOffset: chunk.firstLine, lineLimit: chunk.lineCount)
        }
        return (walker.blocks, comments)
    }

    /// The document tree cmark-gfm parses from `input` (tables extension, source positions).
    private static func parse(_ input: [UInt8]) -> OpaquePointer? {
        guard let parser = cmark_parser_new(CMARK_OPT_SOURCEPOS) else { return nil }
        defer { cmark_parser_free(parser) }
        if let table = cmark_find_syntax_extension("table") { cmark_parser_attach_syntax_extension(parser, table) }
        input.withUnsafeBufferPointer { buffer in
            buffer.baseAddress!.withMemoryRebound(to: CChar.self, capacity: buffer.count) {
                cmark_parser_feed(parser, $0, buffer.count)
            }
        }
        return cmark_parser_finish(parser)
    }

    /// `<!-- … claimcheck … -->` in HTML blocks and inline HTML, with their offsets.
    static func comments(_ root: OpaquePointer, source: [UInt8], lineStarts: [Int], lineOffset: Int = 0,
                         lineLimit: Int = .max) -> [SourceComment] {
        var found: [SourceComment] = []
        guard let iterator = cmark_iter_new(root) else { return [] }
        defer { cmark_iter_free(iterator) }
        while case let event = cmark_iter_next(iterator), event != CMARK_EVENT_DONE {
            guard event == CMARK_EVENT_ENTER, let node = cmark_iter_get_node(iterator) else { continue }
            let type = String(cString: cmark_node_get_type_string(node))
            guard type == "html_block" || type == "html_inline" else { continue }
            let chunkLine = Int(cmark_node_get_start_line(node)), column = Int(cmark_node_get_start_column(node))
            let line = chunkLine + lineOffset
            guard chunkLine >= 1, chunkLine <= lineLimit, line <= lineStarts.count, let cLiteral = cmark_node_get_literal(node) else { continue }
            // The literal of raw HTML is the source verbatim from the node's start (its
            // end position is not reliable), so offsets within it are source offsets.
            let literal = Array(String(cString: cLiteral).utf8)
            let base = lineStarts[line - 1] + max(0, column - 1)
            var cursor = 0
            while cursor < literal.count, let open = literal[cursor...].firstRange(of: Array("<!--".utf8)),
                  let close = literal[open.upperBound...].firstRange(of: Array("-->".utf8)) {
                let text = String(decoding: literal[open.upperBound..<close.lowerBound], as: UTF8.self)
                if text.contains("claimcheck") {
                    found.append(SourceComment(text: text, start: base + open.lowerBound, end: base + close.upperBound))
                }
                cursor = close.upperBound
            }
        }
        return found
    }

    /// Where cmark's lines start: after a line feed, a carriage return and line
    /// feed, or a lone carriage return (cmark counts all three as line endings).
    static func lineStarts(_ bytes: [UInt8]) -> [Int] {
        var starts = [0]
        for (index, byte) in bytes.enumerated() {
            if byte == 0x0A || (byte == 0x0D && (index + 1 == bytes.count || bytes[index + 1] != 0x0A)) {
                starts.append(index + 1)
            }
        }
        return starts
    }
}

private struct MarkdownWalker {
    let source: [UInt8]
    let lineStarts: [Int]
    /// The piece being walked: cmark's line 1 is source line `lineOffset + 1`, and
    /// nodes past `lineLimit` lines come from the appended reference definitions.
    var lineOffset = 0
    var lineLimit = Int.max
    var blocks: [Block] = [] {
        didSet { if let end = blocks.last?.map.segments.last { consumed = max(consumed, end.sourceStart + end.sourceLength) } }
    }
    /// The source offset the blocks so far reach: where a misplaced node is looked for.
    private var consumed = 0
    private var region: Region = .body
    private var regionHeadingLevel = 0

    init(source: [UInt8], lineStarts: [Int]) {
        self.source = source
        self.lineStarts = lineStarts
    }

    func offset(line: Int32, column: Int32) -> Int {
        let sourceLine = Int(line) + lineOffset
        guard line >= 1, sourceLine <= lineStarts.count else { return source.count }
        return min(source.count, lineStarts[sourceLine - 1] + max(0, Int(column) - 1))
    }

    static func type(_ node: OpaquePointer) -> String { String(cString: cmark_node_get_type_string(node)) }

    /// Walks the block tree with an explicit stack, not recursion: nesting depth
    /// is the input's to choose (20,000 `>` on one line is a 30 KB file).
    mutating func walkBlocks(_ root: OpaquePointer) {
        var stack: [(next: OpaquePointer?, kind: BlockKind)] = [(cmark_node_first_child(root), .paragraph)]
        while let top = stack.last {
            guard let current = top.next else { stack.removeLast(); continue }
            stack[stack.count - 1].next = cmark_node_next(current)
            if stack.count == 1, Int(cmark_node_get_start_line(current)) > lineLimit { break }
            let kind = top.kind
            switch Self.type(current) {
            case "paragraph":
                emit(current, kind: kind)
            case "heading":
                let level = Int(cmark_node_get_heading_level(current))
                var builder = TextBuilder(); var links: [Range<Int>] = []
                appendInlines(current, into: &builder, links: &links)
                let (text, map) = builder.take()
                let title = String(decoding: text, as: UTF8.self)
                if let opened = RegionClassifier.regionOpened(byHeading: title) {
                    region = opened; regionHeadingLevel = level
                } else if region != .body, level <= regionHeadingLevel {
                    region = .body
                }
                if !text.isEmpty { blocks.append(Block(kind: .heading, region: region, text: text, map: map, links: links)) }
            case "block_quote":
                stack.append((cmark_node_first_child(current), .quote))
            case "list", "item":
                stack.append((cmark_node_first_child(current), kind == .quote ? .quote : .listItem))
            case "table":
                emitTable(current)
            default:
                // Code blocks, HTML blocks and thematic breaks hold no prose claims.
                break
            }
        }
    }

    private mutating func emit(_ node: OpaquePointer, kind: BlockKind) {
        var builder = TextBuilder(); var links: [Range<Int>] = []
        appendInlines(node, into: &builder, links: &links)
        let (text, map) = builder.take()
        guard !text.isEmpty else { return }
        blocks.append(Block(kind: kind, region: region, text: text, map: map, links: links))
    }

    private mutating func emitTable(_ node: OpaquePointer) {
        var assembler = TableAssembler()
        var row = cmark_node_first_child(node)
        var isFirst = true
        while let currentRow = row {
            var cells: [([UInt8], SourceMap)] = []
            var cell = cmark_node_first_child(currentRow)
            while let currentCell = cell {
                var builder = TextBuilder(); var links: [Range<Int>] = []
                appendInlines(currentCell, into: &builder, links: &links)
                let taken = builder.take()
                cells.append((taken.text, taken.map))
                cell = cmark_node_next(currentCell)
            }
            assembler.addRow(cells, isHeader: isFirst && Self.type(currentRow) == "table_header")
            isFirst = false
            row = cmark_node_next(currentRow)
        }
        blocks.append(assembler.block(region: region))
    }

    /// Appends a node's inline text, walking with an explicit stack (emphasis and
    /// links nest as deep as the input likes). A frame that opened a link records
    /// the link's text range when it is done.
    private func appendInlines(_ node: OpaquePointer, into builder: inout TextBuilder, links: inout [Range<Int>]) {
        var stack: [(next: OpaquePointer?, linkStart: Int?)] = [(cmark_node_first_child(node), nil)]
        var superscriptStart: Int?
        while let top = stack.last {
            guard let current = top.next else {
                if let start = top.linkStart, builder.bytes.count > start { links.append(start..<builder.bytes.count) }
                stack.removeLast()
                continue
            }
            stack[stack.count - 1].next = cmark_node_next(current)
            switch Self.type(current) {
            case "text", "code":
                appendLiteral(current, into: &builder)
            case "softbreak", "linebreak":
                let previousEnd = builder.map.segments.last.map { $0.sourceStart + $0.sourceLength } ?? 0
                builder.appendBoundary(at: previousEnd)
            case "link":
                stack.append((cmark_node_first_child(current), builder.bytes.count))
            case "html_inline":
                noteSuperscript(current, builder: builder, start: &superscriptStart, links: &links)
            case "image":
                break
            default:
                stack.append((cmark_node_first_child(current), nil))
            }
        }
    }

    /// Raw `<sup>` … `</sup>` around reference numbers ("risk<sup>12</sup>") cites like a link.
    private func noteSuperscript(_ node: OpaquePointer, builder: TextBuilder, start: inout Int?, links: inout [Range<Int>]) {
        guard let literal = cmark_node_get_literal(node) else { return }
        let tag = String(cString: literal).lowercased()
        if tag.hasPrefix("<sup") {
            start = builder.bytes.count
        } else if tag.hasPrefix("</sup"), let from = start {
            if ReferenceMark.isReference(builder.bytes, from: from) { links.append(from..<builder.bytes.count) }
            start = nil
        }
    }

    /// Where a literal begins at or just after `index` (past spaces and tabs cmark
    /// counts in a line's column): the same byte, or an escape or entity; nil if not there.
    static func start(of literal: [UInt8], near index: Int, in source: [UInt8]) -> Int? {
        guard let first = literal.first else { return nil }
        var index = index
        while index < source.count, source[index] == 0x20 || source[index] == 0x09, first != source[index] { index += 1 }
        guard index < source.count else { return nil }
        let byte = source[index]
        return byte == first || byte == UInt8(ascii: "\\") || byte == UInt8(ascii: "&") ? index : nil
    }

    /// Where a literal's first bytes occur at or after `floor` (within 64 KB): for
    /// the rare node whose source position cmark-gfm reports wrongly (a paragraph
    /// line taken over as a table's header row moves the rest of the paragraph).
    private func relocate(_ literal: [UInt8], from floor: Int) -> Int? {
        let probe = Array(literal.prefix { $0 != 0x0A && $0 != UInt8(ascii: "&") && $0 != UInt8(ascii: "\\") }.prefix(32))
        guard !probe.isEmpty, floor < source.count else { return nil }
        let length = min(source.count, floor + 65_536) - floor
        return source.withUnsafeBufferPointer { buffer in
            probe.withUnsafeBufferPointer { needle in
                // memchr to each candidate first byte, memcmp for the rest.
                let base = buffer.baseAddress!
                var offset = floor
                let end = floor + length
                while offset + needle.count <= end,
                      let found = memchr(base + offset, Int32(needle[0]), end - offset - needle.count + 1) {
                    let position = base.distance(to: found.assumingMemoryBound(to: UInt8.self))
                    if memcmp(base + position, needle.baseAddress!, needle.count) == 0 { return position }
                    offset = position + 1
                }
                return nil
            }
        }
    }

    /// Aligns a text node's literal with its source bytes: equal bytes map
    /// directly; a backslash escape is skipped; an entity maps atomically.
    private func appendLiteral(_ node: OpaquePointer, into builder: inout TextBuilder) {
        guard let cLiteral = cmark_node_get_literal(node) else { return }
        let literal = Array(String(cString: cLiteral).utf8)
        guard !literal.isEmpty else { return }
        var sourceIndex = offset(line: cmark_node_get_start_line(node), column: cmark_node_get_start_column(node))
        let endLine = cmark_node_get_end_line(node)
        var sourceEnd = endLine > 0 ? min(source.count, offset(line: endLine, column: cmark_node_get_end_column(node)) + 1) : source.count
        let floor = builder.map.segments.last.map { $0.sourceStart + $0.sourceLength } ?? consumed
        if let start = Self.start(of: literal, near: sourceIndex, in: source) {
            sourceIndex = start
        } else if let found = relocate(literal, from: floor) {
            sourceIndex = found
            sourceEnd = source.count
        }
        source.withUnsafeBufferPointer { src in
            var literalIndex = 0
            while literalIndex < literal.count {
                guard sourceIndex < src.count else {
                    builder.appendAtomic(Array(literal[literalIndex...]), sourceStart: src.count, sourceLength: 0)
                    return
                }
                if src[sourceIndex] == UInt8(ascii: "&"), let entity = HTMLEntities.decode(src, at: sourceIndex),
                   literal[literalIndex...].starts(with: entity.value) {
                    builder.appendAtomic(entity.value, sourceStart: sourceIndex, sourceLength: entity.length)
                    literalIndex += entity.value.count; sourceIndex += entity.length
                    continue
                }
                if literal[literalIndex] == src[sourceIndex] {
                    var run = 1
                    while literalIndex + run < literal.count, sourceIndex + run < src.count,
                          literal[literalIndex + run] == src[sourceIndex + run], literal[literalIndex + run] != UInt8(ascii: "&") {
                        run += 1
                    }
                    builder.appendDirect(Array(literal[literalIndex..<(literalIndex + run)]), sourceStart: sourceIndex)
                    literalIndex += run; sourceIndex += run
                    continue
                }
                if src[sourceIndex] == UInt8(ascii: "\\") { sourceIndex += 1; continue }
                if sourceIndex < sourceEnd - 1 { sourceIndex += 1; continue }
                builder.appendAtomic(Array(literal[literalIndex...]), sourceStart: sourceIndex, sourceLength: 1)
                return
            }
        }
    }
}
