/// Decides the region of an element from its tag and its `class`/`id` words, and
/// the region a plain-text or Markdown heading starts ("14 Comments", "Related posts").
///
/// Words are whole tokens of the attribute (split on anything but letters and
/// digits), so `ad` matches `class="ad"` but not `class="shadow"`.
enum RegionClassifier {
    static let commentHashes = Set(commentWords.map { Vocabulary.hash(Array($0.utf8)) })
    static let relatedHashes = Set(relatedWords.map { Vocabulary.hash(Array($0.utf8)) })
    static let boilerplateHashes = Set(boilerplateWords.map { Vocabulary.hash(Array($0.utf8)) })

    /// What an element does to the text inside it.
    enum Effect: Equatable {
        /// Text inside is never read (`script`, `style`, form controls).
        case skip
        /// Text inside belongs to this region.
        case region(Region)
    }

    static let skippedTags: Set<String> = [
        "script", "style", "noscript", "template", "svg", "math", "head", "title", "button",
        "select", "option", "textarea", "iframe", "object", "canvas", "input",
    ]

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

    /// The effect of an element, given the region it sits in and whether it is
    /// inside the article's own `article`/`main` (where `header`/`footer` are the
    /// article's title and byline, not the site's chrome).
    /// What the words of a `class`/`id`/`role` attribute say about a region.
    struct WordClasses: Equatable {
        var comment = false, related = false, boilerplate = false
        static let none = WordClasses()

        init() {}

        init(_ classAndID: String) {
            // Each word hashed as it is scanned (lower-cased), then looked up by hash.
            var hash = Vocabulary.offsetBasis
            var inWord = false
            func finish() {
                if inWord {
                    if RegionClassifier.commentHashes.contains(hash) { comment = true }
                    if RegionClassifier.relatedHashes.contains(hash) { related = true }
                    if RegionClassifier.boilerplateHashes.contains(hash) { boilerplate = true }
                }
                hash = Vocabulary.offsetBasis
                inWord = false
            }
            for byte in classAndID.utf8 {
                if Tokenizer.isAlnum(byte) {
                    hash = (hash ^ UInt64(Tokenizer.lower(byte))) &* Vocabulary.prime
                    inWord = true
                } else {
                    finish()
                }
            }
            finish()
        }
    }

    static func effect(tag: String, classAndID: String?, enclosing: Region, insideArticle: Bool) -> Effect? {
        effect(tag: tag, words: classAndID.map(WordClasses.init) ?? .none, enclosing: enclosing, insideArticle: insideArticle)
    }

    static func effect(tag: String, words: WordClasses, enclosing: Region, insideArticle: Bool) -> Effect? {
        if skippedTags.contains(tag) { return .skip }
        if enclosing == .boilerplate { return nil }
        let hasComment = words.comment, hasRelated = words.related, hasBoilerplate = words.boilerplate

        switch tag {
        case "nav", "menu", "form": return .region(.boilerplate)
        case "header", "footer":
            if enclosing == .body && !insideArticle { return .region(.boilerplate) }
        case "aside":
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
