/// Decides the region of an element from its tag and its `class`/`id` words, and
/// the region a plain-text or Markdown heading starts ("14 Comments", "Related posts").
///
/// Words are whole tokens of the attribute (split on anything but letters and
/// digits), so `ad` matches `class="ad"` but not `class="shadow"`.
enum RegionClassifier {
    /// What an element does to the text inside it.
    enum Effect: Equatable {
        /// Text inside is never read (`script`, `style`, form controls).
        case skip
        /// Text inside belongs to this region.
        case region(Region)
    }

    static let commentWords: Set<String> = [
        "comment", "comments", "commentlist", "respond", "reply", "replies", "discussion", "disqus", "responses",
    ]
    static let relatedWords: Set<String> = [
        "related", "sidebar", "widget", "widgets", "popular", "recommended", "recommendations", "community",
        "similar", "trending", "outbrain", "taboola", "morestories", "readmore", "teaser", "teasers",
    ]
    static let boilerplateWords: Set<String> = [
        "cookie", "cookies", "consent", "gdpr", "nav", "navbar", "navigation", "menu", "breadcrumb", "breadcrumbs",
        "footer", "masthead", "share", "sharing", "social", "newsletter", "subscribe", "signup", "ad", "ads",
        "advert", "adverts", "advertisement", "sponsored", "toc", "pagination", "pager", "logo", "modal", "popup",
        "login", "skip", "meta", "tags", "copyright", "cta", "caption", "credit", "credits", "gallery", "slideshow",
        "carousel",
    ]

    /// What the words of an element's `class`, `id` and `role` values say about a region.
    struct WordClasses: Equatable {
        var comment = false, related = false, boilerplate = false
        static let none = WordClasses()

        init() {}

        /// Adds the words of one NUL-terminated attribute value: each word is hashed
        /// as it is scanned (lower-cased) and looked up by its hash, so no String is made.
        /// Non-ASCII bytes are never part of a word, so invalid UTF-8 needs no repair here.
        mutating func add(_ value: UnsafePointer<UInt8>) {
            let table = RegionWordTable.shared
            var hash = Vocabulary.offsetBasis
            var inWord = false
            var index = 0
            while true {
                let byte = value[index]
                if Tokenizer.isAlnum(byte) {
                    hash = (hash ^ UInt64(Tokenizer.lower(byte))) &* Vocabulary.prime
                    inWord = true
                } else {
                    if inWord {
                        let marks = table.marks(of: hash)
                        if marks != 0 {
                            if marks & RegionWordTable.comment != 0 { comment = true }
                            if marks & RegionWordTable.related != 0 { related = true }
                            if marks & RegionWordTable.boilerplate != 0 { boilerplate = true }
                        }
                        hash = Vocabulary.offsetBasis
                        inWord = false
                    }
                    if byte == 0 { return }
                }
                index += 1
            }
        }
    }

    /// The effect of an element, given the region it sits in and whether it is
    /// inside the article's own `article`/`main` (where `header`/`footer` are the
    /// article's title and byline, not the site's chrome).
    static func effect(tag: HTMLTag, words: WordClasses, enclosing: Region, insideArticle: Bool) -> Effect? {
        if tag.isSkipped { return .skip }
        if enclosing == .boilerplate { return nil }
        let hasComment = words.comment, hasRelated = words.related, hasBoilerplate = words.boilerplate

        switch tag {
        case .nav, .menu, .form: return .region(.boilerplate)
        case .header, .footer:
            if enclosing == .body && !insideArticle { return .region(.boilerplate) }
        case .aside:
            if enclosing == .body { return .region(hasComment ? .comments : .related) }
        default: break
        }
        // Also inside comments: "comment-meta" is a commenter's name and date.
        if hasBoilerplate { return .region(.boilerplate) }
        if enclosing == .body {
            if hasComment { return .region(.comments) }
            if hasRelated { return .region(.related) }
        }
        return nil
    }

    /// The region a heading line opens in plain text and Markdown, if any:
    /// "14 Comments", "Write a comment", "Related Community Posts", "Similar Research".
    static func regionOpened(byHeading heading: String) -> Region? {
        // Six short words at most: a longer line is text, and is passed over before any copy is made.
        guard heading.utf8.count <= 80 else { return nil }
        let words = heading.lowercased().split(whereSeparator: { !($0.isLetter || $0.isNumber) }).map(String.init)
        guard !words.isEmpty, words.count <= 6 else { return nil }
        let content = words.filter { Int($0) == nil }
        if content.contains(where: { ["comment", "comments", "replies", "responses"].contains($0) }) {
            return .comments
        }
        if content == ["leave", "a", "reply"] || content == ["discussion"] { return .comments }
        let relatedStarts: [[String]] = [
            ["related"], ["similar"], ["you", "may", "also", "like"], ["popular", "posts"], ["read", "more"],
            ["more", "from"], ["recommended"], ["trending"], ["community", "posts"],
        ]
        for start in relatedStarts where content.starts(with: start) { return .related }
        if content.contains("related") && content.count <= 4 { return .related }
        return nil
    }
}

/// The region words by their hash (Vocabulary's FNV-1a, lower-cased, as
/// `WordClasses.add` computes it), each with the classes it marks, in an
/// open-addressed table: one probe per word, no Hasher. A hash stands for its
/// word here exactly as it did in a set of hashes.
struct RegionWordTable: Sendable {
    static let comment: UInt8 = 1, related: UInt8 = 2, boilerplate: UInt8 = 4
    static let shared = RegionWordTable()

    private var hashes: [UInt64]
    /// 0: an empty slot.
    private var classes: [UInt8]
    private let mask = 255

    private init() {
        hashes = Array(repeating: 0, count: 256)
        classes = Array(repeating: 0, count: 256)
        for (words, mark) in [(RegionClassifier.commentWords, Self.comment), (RegionClassifier.relatedWords, Self.related),
                              (RegionClassifier.boilerplateWords, Self.boilerplate)] {
            for word in words { add(Vocabulary.hash(Array(word.utf8)), mark) }
        }
    }

    private mutating func add(_ hash: UInt64, _ mark: UInt8) {
        var slot = Self.slot(hash, mask)
        while classes[slot] != 0 && hashes[slot] != hash { slot = (slot + 1) & mask }
        hashes[slot] = hash
        classes[slot] |= mark
    }

    @inline(__always)
    private static func slot(_ hash: UInt64, _ mask: Int) -> Int {
        Int(truncatingIfNeeded: (hash &* 0x9E37_79B9_7F4A_7C15) >> 56) & mask
    }

    /// The classes the word with this hash marks (0: none).
    @inline(__always)
    func marks(of hash: UInt64) -> UInt8 {
        var slot = Self.slot(hash, mask)
        while true {
            let found = classes[slot]
            if found == 0 { return 0 }
            if hashes[slot] == hash { return found }
            slot = (slot + 1) & mask
        }
    }
}
