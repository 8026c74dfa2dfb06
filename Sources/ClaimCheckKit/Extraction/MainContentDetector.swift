/// Finds a page's article among its blocks once the parse is done, and gives every
/// block its region.
///
/// The parser records each element (its tag, parent, class/id words and the
/// structural marks `article`, `main`, `role=main`, `itemprop=articleBody`) and
/// which element owns each block. Then, in passes linear in the page:
///
/// 1. Each block is scored by its prose: characters outside links, when the block
///    is long enough and not mostly links. Scores add up through the elements.
/// 2. The main container is the `itemprop=articleBody` element, else the deepest
///    `article`/`main`/`role=main` holding most of the best one's prose, else the
///    element whose paragraphs (and theirs, at half weight) score highest — the
///    densest run of paragraphs. It must hold a fair share of the page's prose.
/// 3. Inside it, only the elements between it and a block decide that block's
///    region (share bars, comment threads and related links inside the article
///    keep theirs). Outside it, a block is body only if it is good prose under the
///    main container's parent (the article continued in a sibling), else its
///    structure and words decide: comments, related, or boilerplate.
///
/// Class and id words never erase the page: an element holding half or more of
/// the page's text (outside links), or of the article's, is a wrapper (`<body class="menu-open">`, an ASP.NET `<form>`),
/// and its words (and a `form` tag) are ignored.
struct MainContentDetector {
    struct Node {
        var parent: Int32
        var tag: HTMLTag
        var words: RegionClassifier.WordClasses
        var isArticleBody = false
        var isRoleMain = false
        var depth: Int32 = 0
    }

    /// A block shorter than this (characters outside links) adds nothing to a container's score.
    static let minimumProse = 50
    /// A block with more of its text in links than this is navigation, not prose.
    static let maximumLinkDensity = 0.33
    /// Bylines, datelines and share prompts are short; a longer block at the
    /// article's edge (a list of dates, a schedule) is its content. Photo captions
    /// at the edge go whatever their length.
    static let longestEdgeLine = 160

    let nodes: [Node]

    /// Gives every block its final region, boilerplate included. `owners[i]` is the
    /// innermost element open when block `i` was flushed. The blocks are changed in
    /// place: a page's text is never copied here.
    func assignRegions(_ blocks: inout [Block], owners: [Int32]) {
        guard !blocks.isEmpty, !nodes.isEmpty else { return }
        // Through a buffer pointer, reading a block's kind or text copies no block.
        blocks.withUnsafeMutableBufferPointer { assignRegions($0, owners: owners) }
    }

    private func assignRegions(_ blocks: UnsafeMutableBufferPointer<Block>, owners: [Int32]) {
        var prose = [Int](repeating: 0, count: blocks.count)
        var nonLink = [Int](repeating: 0, count: blocks.count)
        for index in blocks.indices {
            prose[index] = Self.proseScore(blocks[index])
            nonLink[index] = Self.nonLinkCharacters(blocks[index])
        }
        // All text outside links, by subtree: an element holding half of it is a wrapper.
        let everything = subtreeSums(owners, nonLink)
        let allProse = subtreeSums(owners, prose)
        let isWrapper = nodes.indices.map { index in
            (everything[0] > 0 && everything[index] * 2 >= everything[0]) || (allProse[0] > 0 && allProse[index] * 2 >= allProse[0])
        }
        let structural = structuralRegions(isWrapper: isWrapper)
        // The prose the page's own structure leaves in the body chooses the article:
        // a comment thread can outweigh a short story, but it is not the story.
        let inBody = owners.indices.map { structural[Int(max(0, owners[$0]))] == .body ? prose[$0] : 0 }
        let score = subtreeSums(owners, inBody)
        var paragraphScore = [Int](repeating: 0, count: nodes.count)
        for (index, owner) in owners.enumerated() where inBody[index] > 0 && owner >= 0 {
            // Readability's rule: a paragraph credits its container fully, the one above by half.
            let parent = nodes[Int(owner)].parent
            let container = blocks[index].kind == .paragraph && parent >= 0 ? parent : owner
            paragraphScore[Int(container)] += inBody[index]
            let above = nodes[Int(container)].parent
            if above >= 0 { paragraphScore[Int(above)] += inBody[index] / 2 }
        }
        let total = score[0]
        let main = total > 0 ? mainContainer(score: score, paragraphScore: paragraphScore, total: total) : nil

        // Inside the main container, only the elements below it decide a region.
        var insideMain = [Bool](repeating: false, count: nodes.count)
        var insideParent = [Bool](repeating: false, count: nodes.count)
        var region = structural
        var inArticle = [Bool](repeating: false, count: nodes.count)
        let mainParent = main.map { Int(nodes[$0].parent) } ?? -1
        for index in nodes.indices {
            let parent = Int(nodes[index].parent)
            insideParent[index] = index == mainParent || (parent >= 0 && insideParent[parent])
            if index == main {
                insideMain[index] = true
                region[index] = .body
                inArticle[index] = true
                continue
            }
            guard parent >= 0, insideMain[parent] else { continue }
            insideMain[index] = true
            inArticle[index] = inArticle[parent] || nodes[index].tag == .article || nodes[index].tag == .main
            // Inside the article, an element holding half its prose is the article's own wrapper.
            if let main, (everything[main] > 0 && everything[index] * 2 >= everything[main])
                || (score[main] > 0 && score[index] * 2 >= score[main]) {
                region[index] = region[parent]
                continue
            }
            region[index] = effect(of: index, enclosing: region[parent], insideArticle: inArticle[parent], isWrapper: isWrapper)
        }
        for index in blocks.indices {
            let owner = Int(owners[index])
            guard owner >= 0 else { continue }
            if main != nil, region[owner] == .body, blocks[index].kind != .heading, Self.linkDensity(blocks[index]) > 0.5 {
                // Mostly links: a menu (short) or a list of teasers, inside the article or not.
                blocks[index].region = blocks[index].text.count < 40 ? .boilerplate : .related
            } else if main == nil || insideMain[owner] || region[owner] != .body {
                blocks[index].region = region[owner]
            } else if insideParent[owner], prose[index] > 0 {
                blocks[index].region = .body   // the article continued beside its container
            } else {
                blocks[index].region = .boilerplate
            }
        }
        if main != nil { trimEdges(blocks, prose: prose) }
    }

    /// Bylines, datelines, share prompts and tag lists sit around an article's
    /// prose. From each end of the body inwards, blocks with no prose of their own
    /// that do not end like a sentence are boilerplate, up to the first block that
    /// does (headings are passed over at the start: the headline stays). A line that
    /// may be the article's citation (a link, a DOI, a PMID, an address) stops the
    /// walk: the rules read it as the source.
    private func trimEdges(_ blocks: UnsafeMutableBufferPointer<Block>, prose: [Int]) {
        let body = blocks.indices.filter { blocks[$0].region == .body }
        guard body.contains(where: { prose[$0] > 0 }) else { return }
        func isChrome(_ index: Int) -> Bool {
            return prose[index] == 0 && blocks[index].kind != .table
                && (blocks[index].kind == .caption || Self.nonLinkCharacters(blocks[index]) < Self.longestEdgeLine)
                && (!Self.endsASentence(blocks[index]) || Self.isDateline(blocks[index])) && !Self.mayCite(blocks[index])
        }
        for index in body {
            if blocks[index].kind == .heading { continue }
            guard isChrome(index) else { break }
            blocks[index].region = .boilerplate
        }
        // After the last prose block, whatever is not prose goes: a story's end
        // is more often followed by teasers and "more on this" headings.
        guard let last = body.last(where: { prose[$0] > 0 }) else { return }
        for index in body where index > last && isChrome(index) {
            blocks[index].region = .boilerplate
        }
    }

    /// Each element's region from the page's structure and words alone, top down.
    private func structuralRegions(isWrapper: [Bool]) -> [Region] {
        var region = [Region](repeating: .body, count: nodes.count)
        var inArticle = [Bool](repeating: false, count: nodes.count)
        for index in nodes.indices {
            let parent = Int(nodes[index].parent)
            guard parent >= 0 else { continue }
            inArticle[index] = inArticle[parent] || nodes[index].tag == .article || nodes[index].tag == .main
            region[index] = effect(of: index, enclosing: region[parent], insideArticle: inArticle[parent], isWrapper: isWrapper)
        }
        return region
    }

    /// The region an element gives its content. A wrapper of half the page's text
    /// or prose is never chrome, whatever its class words say.
    private func effect(of index: Int, enclosing: Region, insideArticle: Bool, isWrapper: [Bool]) -> Region {
        let node = nodes[index]
        // A wrapper's class words and a page-wide <form> (ASP.NET) say nothing of its
        // content; `nav`, `aside`, `header` and `footer` still do.
        if isWrapper[index], node.tag == .form { return enclosing }
        let words = isWrapper[index] ? .none : node.words
        switch RegionClassifier.effect(tag: node.tag, words: words, enclosing: enclosing, insideArticle: insideArticle) {
        case .region(let value)?: return value
        case .skip?, nil: return enclosing
        }
    }

    /// Per element, the sum of `values` of the blocks it holds (children come after
    /// their parents, so one backward pass adds every subtree up).
    private func subtreeSums(_ owners: [Int32], _ values: [Int]) -> [Int] {
        var sums = [Int](repeating: 0, count: nodes.count)
        for (index, owner) in owners.enumerated() where owner >= 0 {
            sums[Int(owner)] += values[index]
        }
        for index in stride(from: nodes.count - 1, through: 1, by: -1) where nodes[index].parent >= 0 {
            sums[Int(nodes[index].parent)] += sums[index]
        }
        return sums
    }

    /// Bytes of a block's text inside links (never more than the text).
    @inline(__always)
    static func linkedBytes(_ block: Block) -> Int {
        min(block.links.reduce(0) { $0 + $1.count }, block.text.count)
    }

    @inline(__always)
    static func nonLinkCharacters(_ block: Block) -> Int { block.text.count - linkedBytes(block) }

    /// A link, or "doi", "pmid", "http" or "www." in the text (ASCII case-insensitively).
    static func mayCite(_ block: Block) -> Bool {
        if !block.links.isEmpty { return true }
        // One pass over the bytes, ASCII case-insensitively (a lowered copy and four
        // searches of it cost more than the rest of the edge trimming).
        return block.text.withUnsafeBufferPointer { text in
            for index in text.indices {
                let byte = text[index] | 0x20
                guard byte == UInt8(ascii: "d") || byte == UInt8(ascii: "p") || byte == UInt8(ascii: "h") || byte == UInt8(ascii: "w") else { continue }
                for mark in citationMarks where mark[0] == byte && ASCIIBytes.holds(text, mark, at: index) { return true }
            }
            return false
        }
    }

    private static let citationMarks: [[UInt8]] = ["doi", "pmid", "http", "www."].map { Array($0.utf8) }

    /// Whether a block's text ends with a full stop, question or exclamation mark
    /// (or one followed by a closing quote or bracket).
    static func endsASentence(_ block: Block) -> Bool {
        var index = block.text.count - 1
        while index >= 0, [0x20, 0x22, 0x27, 0x29, 0x5D].contains(block.text[index]) { index -= 1 }
        guard index >= 0 else { return false }
        let last = block.text[index]
        if last == UInt8(ascii: ".") || last == UInt8(ascii: "!") || last == UInt8(ascii: "?") { return true }
        // A closing curly quote (”, ’) after the mark, or the ideographic full stop 。
        if index >= 3, block.text[(index - 2)...index].elementsEqual([0xE2, 0x80, 0x9D]) || block.text[(index - 2)...index].elementsEqual([0xE2, 0x80, 0x99]) {
            let mark = block.text[index - 3]
            return mark == UInt8(ascii: ".") || mark == UInt8(ascii: "!") || mark == UInt8(ascii: "?")
        }
        return index >= 2 && block.text[(index - 2)...index].elementsEqual([0xE3, 0x80, 0x82])
    }

    /// A short line made mostly of figures ("Nov. 20, 2019 1:35 a.m.", "20.11.2019 |
    /// 14:02"): a dateline, whether or not it ends with a full stop.
    static func isDateline(_ block: Block) -> Bool {
        guard block.text.count < 80 else { return false }
        var digits = 0, letters = 0
        for byte in block.text {
            if byte >= 0x30 && byte <= 0x39 { digits += 1 } else if byte >= 0x41 { letters += 1 }
        }
        return digits >= 4 && digits * 3 >= letters
    }

    /// The share of a block's text inside links.
    @inline(__always)
    static func linkDensity(_ block: Block) -> Double {
        guard !block.text.isEmpty else { return 0 }
        return Double(linkedBytes(block)) / Double(block.text.count)
    }

    /// Characters outside links of a paragraph long enough and not mostly links; else 0.
    @inline(__always)
    static func proseScore(_ block: Block) -> Int {
        // Paragraphs and quotations make an article; list items and tables are as
        // often teasers and menus, so they do not choose the container.
        guard block.kind == .paragraph || block.kind == .quote else { return 0 }
        let linked = linkedBytes(block)
        let total = block.text.count
        guard total > 0 else { return 0 }
        let own = total - linked
        guard own >= minimumProse, Double(linked) / Double(total) <= maximumLinkDensity else { return 0 }
        // Sentences and clauses mark prose: a comma or a full stop adds to the score.
        let marks = block.text.withUnsafeBufferPointer { text in
            var marks = 0
            var offset = 0
            if let base = text.baseAddress {
                while offset + 8 <= text.count {
                    let word = UnsafeRawPointer(base + offset).loadUnaligned(as: UInt64.self)
                    if word & 0x8080_8080_8080_8080 == 0 {
                        // Eight ASCII bytes: their commas and full stops counted at once.
                        marks += (Self.zeroBytes(word ^ 0x2C2C_2C2C_2C2C_2C2C) | Self.zeroBytes(word ^ 0x2E2E_2E2E_2E2E_2E2E)).nonzeroBitCount
                    } else {
                        for index in offset..<(offset + 8) { marks += Self.clauseMark(text, at: index) }
                    }
                    offset += 8
                }
            }
            for index in offset..<text.count { marks += Self.clauseMark(text, at: index) }
            return marks
        }
        guard marks > 0 else { return 0 }
        return own + 10 * min(marks, own / 20)
    }

    /// 1 where a comma, a full stop or a CJK one (、。，．) starts at `offset`, else 0.
    @inline(__always)
    private static func clauseMark(_ text: UnsafeBufferPointer<UInt8>, at offset: Int) -> Int {
        let byte = text[offset]
        if byte == UInt8(ascii: ",") || byte == UInt8(ascii: ".") { return 1 }
        if byte == 0xE3, offset + 2 < text.count, text[offset + 1] == 0x80, text[offset + 2] == 0x81 || text[offset + 2] == 0x82 {
            return 1   // 、 and 。
        }
        if byte == 0xEF, offset + 2 < text.count, text[offset + 1] == 0xBC, text[offset + 2] == 0x8C || text[offset + 2] == 0x8E {
            return 1   // ， and ．
        }
        return 0
    }

    /// The high bit of every zero byte of `word`, and no other bit (exact, unlike the
    /// usual "has a zero byte" test, whose flags above a zero byte may be wrong).
    @inline(__always)
    static func zeroBytes(_ word: UInt64) -> UInt64 {
        let low: UInt64 = 0x7F7F_7F7F_7F7F_7F7F
        return ~(((word & low) &+ low) | word | low)
    }

    private func mainContainer(score: [Int], paragraphScore: [Int], total: Int) -> Int? {
        // The article's own markup, where it holds a fair share of the prose.
        let marked = nodes.indices.filter { nodes[$0].isArticleBody && score[$0] * 5 >= total }
        if let best = marked.max(by: { score[$0] < score[$1] }) { return best }
        let structural = nodes.indices.filter {
            (nodes[$0].tag == .article || nodes[$0].tag == .main || nodes[$0].isRoleMain) && score[$0] * 10 >= total * 3
        }
        if let best = structural.map({ score[$0] }).max() {
            // The deepest of them that still holds most of the best one's prose.
            return structural.filter { score[$0] * 10 >= best * 7 }.max { nodes[$0].depth < nodes[$1].depth }
        }
        // The densest run of paragraphs.
        guard let best = paragraphScore.indices.max(by: { paragraphScore[$0] < paragraphScore[$1] }),
              paragraphScore[best] > 0, score[best] * 10 >= total * 3 else { return nil }
        return best
    }
}
