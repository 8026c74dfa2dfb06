/// An element name as a small number, so the parser's callbacks compare, switch on
/// and index by names without making a String per element.
///
/// The names extraction acts on have fixed numbers, ordered so that the tag sets it
/// tests are ranges: block elements are 1...43, of which the layout elements (those
/// that cannot sit in a data table's cell) are 1...15, and skipped elements (whose
/// text is never read) are 44...59. Other common names follow; a name outside the
/// list gets the next free number when a `TagNames` first meets it.
struct HTMLTag: Hashable, Sendable {
    var id: UInt32

    /// The root of the element stack (no element of the page).
    static var root: HTMLTag { HTMLTag(id: 0) }

    static var p: HTMLTag { HTMLTag(id: 1) }
    static var ul: HTMLTag { HTMLTag(id: 3) }
    static var ol: HTMLTag { HTMLTag(id: 4) }
    static var h1: HTMLTag { HTMLTag(id: 5) }
    static var h6: HTMLTag { HTMLTag(id: 10) }
    static var blockquote: HTMLTag { HTMLTag(id: 11) }
    static var article: HTMLTag { HTMLTag(id: 12) }
    static var form: HTMLTag { HTMLTag(id: 14) }
    static var main: HTMLTag { HTMLTag(id: 15) }
    static var aside: HTMLTag { HTMLTag(id: 16) }
    static var header: HTMLTag { HTMLTag(id: 17) }
    static var footer: HTMLTag { HTMLTag(id: 18) }
    static var nav: HTMLTag { HTMLTag(id: 19) }
    static var li: HTMLTag { HTMLTag(id: 20) }
    static var dt: HTMLTag { HTMLTag(id: 22) }
    static var dd: HTMLTag { HTMLTag(id: 23) }
    static var table: HTMLTag { HTMLTag(id: 25) }
    static var tr: HTMLTag { HTMLTag(id: 26) }
    static var td: HTMLTag { HTMLTag(id: 27) }
    static var th: HTMLTag { HTMLTag(id: 28) }
    static var caption: HTMLTag { HTMLTag(id: 29) }
    static var figcaption: HTMLTag { HTMLTag(id: 31) }
    static var thead: HTMLTag { HTMLTag(id: 41) }
    static var menu: HTMLTag { HTMLTag(id: 60) }
    static var a: HTMLTag { HTMLTag(id: 61) }
    static var sup: HTMLTag { HTMLTag(id: 62) }
    static var br: HTMLTag { HTMLTag(id: 63) }
    static var link: HTMLTag { HTMLTag(id: 64) }

    /// Starts a block of its own (its text is never run into the text around it).
    var isBlock: Bool { id >= 1 && id <= 43 }
    /// Does not belong inside a data table's cell: one there makes the table layout.
    var isLayout: Bool { id >= 1 && id <= 15 }
    /// Text inside is never read (`script`, `style`, form controls).
    var isSkipped: Bool { id >= 44 && id <= 59 }
    var isHeading: Bool { id >= HTMLTag.h1.id && id <= HTMLTag.h6.id }

    /// The numbered names, at their numbers (0 is the root's place and no name).
    static let knownNames: [String] = [
        "#root",
        // Block and layout: 1...15.
        "p", "div", "ul", "ol", "h1", "h2", "h3", "h4", "h5", "h6", "blockquote", "article", "section", "form", "main",
        // Block: 16...43.
        "aside", "header", "footer", "nav", "li", "dl", "dt", "dd", "pre", "table", "tr", "td", "th", "caption",
        "figure", "figcaption", "hr", "address", "details", "summary", "body", "html", "center", "fieldset", "legend",
        "thead", "tbody", "tfoot",
        // Skipped: 44...59.
        "script", "style", "noscript", "template", "svg", "math", "head", "title", "button", "select", "option",
        "textarea", "iframe", "object", "canvas", "input",
        // Named in the extractor: 60...64.
        "menu", "a", "sup", "br", "link",
        // Common elsewhere, numbered so that a page rarely needs a new number.
        "span", "img", "em", "strong", "b", "i", "u", "s", "small", "meta", "time", "picture", "source", "label",
        "abbr", "cite", "code", "sub", "del", "ins", "mark", "q", "wbr", "video", "audio", "track", "embed", "param",
        "area", "map", "base", "col", "colgroup", "dfn", "kbd", "samp", "var", "bdi", "bdo", "ruby", "rt", "rp",
        "data", "output", "progress", "meter", "dialog", "slot", "optgroup", "datalist", "frame", "frameset",
        "noframes", "font", "big", "tt", "strike", "nobr", "marquee", "hgroup", "search", "path", "g", "use", "rect",
        "circle", "line", "polygon", "polyline", "defs", "symbol", "lineargradient", "radialgradient", "stop",
        "clippath", "ellipse", "image", "text", "tspan", "mask", "filter", "pattern", "desc", "noembed",
    ].reduce(into: [String]()) { names, name in if !names.contains(name) { names.append(name) } }
}

/// The numbers of one parse's element names. Names of up to 16 ASCII bytes (all that
/// real pages use) are found by their bytes in an open-addressed table; any other
/// name goes through a String dictionary holding every name met so far, so two names
/// share a number exactly when their Strings are equal.
struct TagNames {
    /// A name of up to 16 bytes as two little-endian words, zero-padded.
    private struct Key: Equatable { var low: UInt64, high: UInt64 }

    private var keys: [Key]
    private var ids: [UInt32]
    private var mask: Int
    private var used: Int
    /// Every name by its number, for the String path.
    private var names: [String]
    /// Built on the first name that is not short ASCII.
    private var byString: [String: HTMLTag]?

    static let empty = UInt32.max

    private static let prototype: TagNames = {
        var table = TagNames(capacity: 512)
        for (index, name) in HTMLTag.knownNames.enumerated() where index > 0 {
            let bytes = Array(name.utf8)
            table.insert(key(bytes), HTMLTag(id: UInt32(index)))
        }
        return table
    }()

    private init(capacity: Int) {
        keys = Array(repeating: Key(low: 0, high: 0), count: capacity)
        ids = Array(repeating: Self.empty, count: capacity)
        mask = capacity - 1
        used = 0
        names = HTMLTag.knownNames
    }

    /// The known names; a copy is made only when a page brings a new one.
    init() { self = Self.prototype }

    /// How many numbers are given out (known names included).
    var count: Int { names.count }

    private static func key(_ bytes: [UInt8]) -> Key {
        var low: UInt64 = 0, high: UInt64 = 0
        for (index, byte) in bytes.enumerated() {
            if index < 8 { low |= UInt64(byte) << (8 * UInt64(index)) } else { high |= UInt64(byte) << (8 * UInt64(index - 8)) }
        }
        return Key(low: low, high: high)
    }

    @inline(__always)
    private func slot(of key: Key) -> Int {
        Int(truncatingIfNeeded: ((key.low &* 0x9E37_79B9_7F4A_7C15) ^ (key.high &* 0xC2B2_AE3D_27D4_EB4F)) >> 40) & mask
    }

    @inline(__always)
    private func find(_ key: Key) -> HTMLTag? {
        var slot = slot(of: key)
        while true {
            let id = ids[slot]
            if id == Self.empty { return nil }
            if keys[slot] == key { return HTMLTag(id: id) }
            slot = (slot + 1) & mask
        }
    }

    private mutating func insert(_ key: Key, _ tag: HTMLTag) {
        if (used + 1) * 2 > ids.count { grow() }
        var slot = slot(of: key)
        while ids[slot] != Self.empty { slot = (slot + 1) & mask }
        keys[slot] = key
        ids[slot] = tag.id
        used += 1
    }

    private mutating func grow() {
        let oldKeys = keys, oldIDs = ids
        keys = Array(repeating: Key(low: 0, high: 0), count: oldIDs.count * 2)
        ids = Array(repeating: Self.empty, count: oldIDs.count * 2)
        mask = ids.count - 1
        used = 0
        for index in oldIDs.indices where oldIDs[index] != Self.empty { insert(oldKeys[index], HTMLTag(id: oldIDs[index])) }
    }

    /// The number of the NUL-terminated `name` a SAX callback hands over.
    @inline(__always)
    mutating func tag(named name: UnsafePointer<UInt8>) -> HTMLTag {
        var low: UInt64 = 0, high: UInt64 = 0
        var length = 0
        while length <= 16 {
            let byte = name[length]
            if byte == 0 { break }
            if byte >= 0x80 || length == 16 { return tagByString(name) }
            if length < 8 { low |= UInt64(byte) << UInt64(8 * length) } else { high |= UInt64(byte) << UInt64(8 * (length - 8)) }
            length += 1
        }
        if length == 0 { return tagByString(name) }
        let key = Key(low: low, high: high)
        if let known = find(key) { return known }
        return addShortName(key, name)
    }

    private mutating func addShortName(_ key: Key, _ name: UnsafePointer<UInt8>) -> HTMLTag {
        let string = String(cString: name)
        let tag = byString?[string] ?? newTag(string)
        insert(key, tag)
        return tag
    }

    private mutating func newTag(_ string: String) -> HTMLTag {
        let tag = HTMLTag(id: UInt32(names.count))   // a page of 64 MB holds far fewer names than this counts
        names.append(string)
        byString?[string] = tag
        return tag
    }

    private mutating func tagByString(_ name: UnsafePointer<UInt8>) -> HTMLTag {
        let string = String(cString: name)
        if byString == nil {
            var all: [String: HTMLTag] = [:]
            // The root's place holds no name (a page's "#root" element is a name like any other).
            for (index, known) in names.enumerated() where index > 0 && all[known] == nil { all[known] = HTMLTag(id: UInt32(index)) }
            byString = all
        }
        if let known = byString![string] { return known }
        return newTag(string)
    }
}
