import CLibXML2
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// The mutable state of one parse; owned by the thread that parses.
///
/// A struct the parse allocates once and hands libxml2 as a raw pointer: the
/// callbacks mutate it through that pointer, so its fields carry none of the
/// dynamic exclusivity checks (and retains) of a class's stored properties.
struct HTMLParserSession {
    private struct OpenElement {
        var tag: HTMLTag
        var region: Region
        var skip: Bool
        var kind: BlockKind?
        var isBlock: Bool
        var insideArticle: Bool
        /// Index of the element in `nodes`.
        var node: Int32
    }

    private let source: [UInt8]
    private var stack: [OpenElement] = []
    private var tags = TagNames()
    /// How many elements of each tag are open, by tag number: an end tag with none open
    /// is ignored at once instead of searching the stack (deep, unclosed markup made that quadratic).
    private var openCount: [Int32]
    private var builder = TextBuilder()
    private var blockLinks: [Range<Int>] = []
    private var linkStart: Int?
    /// Where the open `<sup>` began in the block's text, for reference marks.
    private var superscriptStart: Int?
    private var blocks: [Block] = []
    /// Every element, for main-content detection after the parse; node 0 is the root.
    private var nodes: [MainContentDetector.Node] = [MainContentDetector.Node(parent: -1, tag: .root, words: .none)]
    /// Blocks in page order, regions decided in `finish`, and the element that owns each
    /// (the innermost open when it was flushed).
    private var candidates: [Block] = []
    private var owners: [Int32] = []
    private var tableOwner: Int32 = 0
    /// The table depth of a layout table being read as prose (0: none).
    private var layoutTableDepth = 0
    private var keepsBoilerplate = false
    private var skipDepth = 0
    private var lastEnd = 0
    private var context: htmlParserCtxtPtr?
    private var table: TableCollector?
    private var tableDepth = 0
    private(set) var comments: [SourceComment] = []
    private(set) var canonical: String?

    /// Comments are kept only when they may hold a directive, found by their start.
    private mutating func comment(_ text: UnsafePointer<xmlChar>?) {
        guard let text else { return }
        // No "claimcheck" in the bytes, none in the String made from them: most
        // comments are passed over without one.
        guard text.withMemoryRebound(to: CChar.self, capacity: 1, { strstr($0, "claimcheck") }) != nil else { return }
        let body = String(cString: text)
        guard body.contains("claimcheck") else { return }
        let end = currentOffset
        // The parser stands just past "-->"; the comment opened at the "<!--" before it.
        let windowStart = max(0, end - body.utf8.count - 16)
        var start = max(0, end - body.utf8.count - 7)
        if end <= source.count, let found = source[windowStart..<end].firstRange(of: Array("<!--".utf8)) { start = found.lowerBound }
        comments.append(SourceComment(text: body, start: start, end: end))
    }

    private init(source: [UInt8]) {
        self.source = source
        openCount = Array(repeating: 0, count: HTMLTag.knownNames.count)
        // About one element per 100 bytes of a page: room for them without doubling from one.
        nodes.reserveCapacity(min(source.count / 64, 1 << 16) + 16)
        stack.reserveCapacity(64)
        stack.append(OpenElement(tag: .root, region: .body, skip: false, kind: nil, isBlock: true, insideArticle: false, node: 0))
    }

    static func parse(_ bytes: [UInt8], keepsBoilerplate: Bool = false) -> (blocks: [Block], comments: [SourceComment], canonical: String?) {
        guard !bytes.isEmpty else { return ([], [], nil) }
        LibXML2.initialize()
        let session = UnsafeMutablePointer<HTMLParserSession>.allocate(capacity: 1)
        session.initialize(to: HTMLParserSession(source: bytes))
        defer {
            session.deinitialize(count: 1)
            session.deallocate()
        }
        session.pointee.keepsBoilerplate = keepsBoilerplate
        bytes.withUnsafeBufferPointer { buffer in
            buffer.baseAddress!.withMemoryRebound(to: CChar.self, capacity: buffer.count) { pointer in
                guard let context = htmlCreateMemoryParserCtxt(pointer, Int32(buffer.count)) else { return }
                defer { htmlFreeParserCtxt(context) }
                session.pointee.context = context
                install(on: context)
                let options = Int32(HTML_PARSE_RECOVER.rawValue | HTML_PARSE_NONET.rawValue | HTML_PARSE_NOERROR.rawValue
                    | HTML_PARSE_NOWARNING.rawValue | HTML_PARSE_COMPACT.rawValue | HTML_PARSE_IGNORE_ENC.rawValue)
                _ = htmlCtxtUseOptions(context, options)
                // Deep nesting and text nodes over 10 MB are cut without XML_PARSE_HUGE;
                // input size is capped by the caller instead.
                claimcheck_add_options(context, Int32(XML_PARSE_HUGE.rawValue | XML_PARSE_BIG_LINES.rawValue))
                _ = xmlSwitchEncoding(context, XML_CHAR_ENCODING_UTF8)
                claimcheck_set_private(context, UnsafeMutableRawPointer(session))
                _ = htmlParseDocument(context)
                if let document = context.pointee.myDoc { xmlFreeDoc(document) }
                session.pointee.context = nil
            }
        }
        session.pointee.finish()
        return (session.pointee.blocks, session.pointee.comments, session.pointee.canonical)
    }

    private static func install(on context: htmlParserCtxtPtr) {
        guard let sax = context.pointee.sax else { return }
        var handler = xmlSAXHandler()
        handler.initialized = 1
        handler.startElement = { context, name, attributes in
            HTMLParserSession.from(context)?.pointee.startElement(name, attributes)
        }
        handler.endElement = { context, name in
            HTMLParserSession.from(context)?.pointee.endElement(name)
        }
        handler.characters = { context, characters, length in
            HTMLParserSession.from(context)?.pointee.characters(characters, Int(length))
        }
        handler.ignorableWhitespace = handler.characters
        handler.cdataBlock = { _, _, _ in }  // script and style bodies: never text
        handler.comment = { context, text in
            HTMLParserSession.from(context)?.pointee.comment(text)
        }
        handler.processingInstruction = { _, _, _ in }
        handler.error = nil
        handler.warning = nil
        handler.serror = nil
        sax.pointee = handler
    }

    @inline(__always)
    private static func from(_ context: UnsafeMutableRawPointer?) -> UnsafeMutablePointer<HTMLParserSession>? {
        guard let context, let raw = claimcheck_get_private(context.assumingMemoryBound(to: xmlParserCtxt.self)) else { return nil }
        return raw.assumingMemoryBound(to: HTMLParserSession.self)
    }

    private var currentOffset: Int {
        guard let context else { return lastEnd }
        let offset = claimcheck_parser_offset(context)
        return offset < 0 ? lastEnd : min(Int(offset), source.count)
    }

    // MARK: - Callbacks

    private mutating func startElement(_ name: UnsafePointer<xmlChar>?, _ attributes: UnsafeMutablePointer<UnsafePointer<xmlChar>?>?) {
        guard let name else { return }
        // libxml2's HTML parser lower-cases element and attribute names itself.
        let tag = tags.tag(named: name)
        if Int(tag.id) >= openCount.count { openCount.append(contentsOf: repeatElement(0, count: Int(tag.id) + 1 - openCount.count)) }
        let parent = stack[stack.count - 1]
        let read = ElementAttributes(attributes, isLink: tag == .link)
        if canonical == nil, let found = read.canonicalHref { canonical = found }
        let words = read.words
        let isBlock = tag.isBlock
        let node = Int32(nodes.count)
        var record = MainContentDetector.Node(parent: parent.node, tag: tag, words: words)
        record.isArticleBody = read.isArticleBody
        record.isRoleMain = read.isRoleMain
        record.depth = nodes[Int(parent.node)].depth + 1
        nodes.append(record)
        var element = OpenElement(tag: tag, region: parent.region, skip: parent.skip, kind: parent.kind,
                                  isBlock: isBlock, insideArticle: parent.insideArticle || tag == .article || tag == .main,
                                  node: node)
        switch RegionClassifier.effect(tag: tag, words: words, enclosing: parent.region, insideArticle: parent.insideArticle) {
        case .skip?: element.skip = true
        case .region(let region)?: element.region = region
        case nil: break
        }
        switch tag {
        case _ where tag.isHeading: element.kind = .heading
        case .li, .dt, .dd: element.kind = element.kind == .quote ? .quote : .listItem
        case .blockquote: element.kind = .quote
        case .figcaption, .caption: element.kind = .caption
        case .p: if element.kind != .quote && element.kind != .listItem { element.kind = .paragraph }
        default: break
        }

        if element.skip && !parent.skip { flush() }
        if isBlock || element.region != parent.region { flush() }
        if tag == .br { builder.appendBoundary(at: currentOffset) }
        if tag == .a, read.hasHref, !element.skip { linkStart = builder.bytes.count }
        if tag == .sup, !element.skip { superscriptStart = builder.bytes.count }
        if table != nil, tag.isLayout { abandonTableAsLayout() }
        if !element.skip { startTableElement(tag, region: element.region, node: node) }
        stack.append(element)
        openCount[Int(tag.id)] += 1
    }

    private mutating func endElement(_ name: UnsafePointer<xmlChar>?) {
        guard let name else { return }
        endElement(tag: tags.tag(named: name))
    }

    private mutating func endElement(tag: HTMLTag) {
        guard stack.count > 1, Int(tag.id) < openCount.count, openCount[Int(tag.id)] > 0 else { return }
        // libxml2 reports implied closes itself; pop to the matching element.
        guard let index = stack.lastIndex(where: { $0.tag == tag }), index > 0 else { return }
        while stack.count > index {
            let element = stack[stack.count - 1]
            let parent = stack[stack.count - 2]
            if element.tag == .a, let start = linkStart {
                if builder.bytes.count > start { blockLinks.append(start..<builder.bytes.count) }
                linkStart = nil
            }
            if element.tag == .sup { noteReferenceMark() }
            // Flush while the element is still open, so the block takes its kind and region.
            if element.isBlock || element.region != parent.region || element.skip != parent.skip { flush() }
            stack.removeLast()
            openCount[Int(element.tag.id)] -= 1
            if !element.skip { endTableElement(element.tag) }
        }
    }

    private mutating func characters(_ pointer: UnsafePointer<xmlChar>?, _ length: Int) {
        guard let pointer, length > 0 else { return }
        let element = stack[stack.count - 1]
        let end = currentOffset
        defer { lastEnd = end }
        guard !element.skip else { return }
        let chunk = UnsafeBufferPointer(start: pointer, count: length)
        let start = end - length
        if start >= 0, Self.equal(chunk, source, at: start) {
            appendToTarget { $0.appendDirect(chunk, sourceStart: start) }
            return
        }
        // An entity or character reference (`&amp;`, `&#8217;`): the decoded text
        // stands for the source from its '&' to the parser's position.
        let window = max(0, end - 48)
        if end > 0, end <= source.count, let ampersand = source[window..<end].lastIndex(of: UInt8(ascii: "&")),
           length <= 8 {
            appendToTarget { $0.appendAtomic(chunk, sourceStart: ampersand, sourceLength: end - ampersand) }
            return
        }
        alignBackwards(chunk, end: end)
    }

    /// Maps a chunk whose bytes differ from the source only by line endings
    /// (libxml2 turns CR LF into LF), walking back from the parser's position.
    private mutating func alignBackwards(_ chunk: UnsafeBufferPointer<UInt8>, end: Int) {
        var sourceIndex = min(end, source.count)
        var chunkIndex = chunk.count
        var pieces: [(chunkRange: Range<Int>, sourceStart: Int)] = []
        while chunkIndex > 0 && sourceIndex > 0 {
            if chunk[chunkIndex - 1] == source[sourceIndex - 1] {
                pieces.append((chunkIndex - 1..<chunkIndex, sourceIndex - 1))
                chunkIndex -= 1; sourceIndex -= 1
            } else if source[sourceIndex - 1] == 0x0D {
                sourceIndex -= 1
            } else {
                break
            }
        }
        if chunkIndex > 0 {
            appendToTarget { $0.appendAtomic(chunk, sourceStart: max(0, end - chunk.count), sourceLength: chunk.count) }
            return
        }
        for piece in pieces.reversed() {
            appendToTarget { $0.appendDirect(UnsafeBufferPointer(rebasing: chunk[piece.chunkRange]), sourceStart: piece.sourceStart) }
        }
    }

    private static func equal(_ chunk: UnsafeBufferPointer<UInt8>, _ source: [UInt8], at start: Int) -> Bool {
        guard start + chunk.count <= source.count else { return false }
        return source.withUnsafeBufferPointer { buffer in
            memcmp(buffer.baseAddress! + start, chunk.baseAddress!, chunk.count) == 0
        }
    }

    // MARK: - Blocks

    /// Appends to where text goes: the current table cell or caption, or the running
    /// block. The builder is mutated in place; a get-and-set copy here would copy the
    /// whole block on every callback (quadratic on a run of entities).
    private mutating func appendToTarget(_ body: (inout TextBuilder) -> Void) {
        if table?.hasActiveBuilder == true {
            table!.withActiveBuilder(body)
        } else {
            body(&builder)
        }
    }

    /// Drops the boilerplate blocks, keeping the others in order: each kept block is
    /// moved (swapped through a buffer pointer), never copied.
    private static func removeBoilerplate(_ blocks: inout [Block]) {
        let kept = blocks.withUnsafeMutableBufferPointer { buffer in
            var kept = 0
            for index in buffer.indices where buffer[index].region != .boilerplate {
                if index != kept { buffer.swapAt(kept, index) }
                kept += 1
            }
            return kept
        }
        blocks.removeSubrange(kept...)
    }

    private mutating func addCandidate(_ block: consuming Block, owner: Int32) {
        candidates.append(block)
        owners.append(owner)
    }

    /// A superscript of reference numbers ("risk<sup>12</sup>") cites like a link.
    private mutating func noteReferenceMark() {
        defer { superscriptStart = nil }
        guard let start = superscriptStart, ReferenceMark.isReference(builder.bytes, from: start) else { return }
        blockLinks.append(start..<builder.bytes.count)
    }

    private mutating func flush() {
        guard !builder.isEmpty else { builder = TextBuilder(); blockLinks = []; return }
        let element = stack[stack.count - 1]
        let (text, map) = builder.take()
        let links = blockLinks
        blockLinks = []
        linkStart = linkStart.map { _ in 0 }
        superscriptStart = nil
        addCandidate(Block(kind: element.kind ?? .paragraph, region: element.region, text: text, map: map, links: links),
                     owner: element.node)
    }

    private mutating func abandonTableAsLayout() {
        guard var collected = table else { return }
        table = nil
        layoutTableDepth = tableDepth
        for block in collected.cellsAsParagraphs() { addCandidate(block, owner: tableOwner) }
    }

    private mutating func startTableElement(_ tag: HTMLTag, region: Region, node: Int32) {
        if layoutTableDepth > 0 {
            if tag == .table { tableDepth += 1 }
            return
        }
        switch tag {
        case .table:
            tableDepth += 1
            if tableDepth == 1 { table = TableCollector(region: region); tableOwner = node }
        case .caption where tableDepth == 1: table?.beginCaption()
        case .tr where tableDepth == 1: table?.beginRow()
        case .td, .th:
            if tableDepth == 1 { table?.beginCell(isHeader: tag == .th || openCount[Int(HTMLTag.thead.id)] > 0) }
        default: break
        }
    }

    private mutating func endTableElement(_ tag: HTMLTag) {
        if layoutTableDepth > 0 {
            if tag == .table {
                tableDepth = max(0, tableDepth - 1)
                if tableDepth < layoutTableDepth { layoutTableDepth = 0 }
            }
            return
        }
        switch tag {
        case .table:
            if tableDepth == 1, var collected = table {
                table = nil
                if let block = collected.block() { addCandidate(block, owner: tableOwner) }
            }
            tableDepth = max(0, tableDepth - 1)
        case .caption where tableDepth == 1: table?.endCaption()
        case .td, .th: if tableDepth == 1 { table?.endCell() }
        default: break
        }
    }

    private mutating func finish() {
        while stack.count > 1 { endElement(tag: stack[stack.count - 1].tag) }
        flush()
        if var collected = table, let block = collected.block() { addCandidate(block, owner: tableOwner) }
        table = nil
        let detector = MainContentDetector(nodes: nodes)
        // Moved, not copied: the candidates become the blocks.
        swap(&blocks, &candidates)
        detector.assignRegions(&blocks, owners: owners)
        if !keepsBoilerplate { Self.removeBoilerplate(&blocks) }
        owners = []
    }
}
