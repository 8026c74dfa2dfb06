import Testing
@testable import ClaimCheckKit

/// Element names become numbers and attributes are read as bytes in the HTML
/// parser's callbacks; these pin that the numbers and the byte tests agree with
/// the String comparisons they replace.
struct ElementNameTests {
    /// Runs `body` with `name` as the NUL-terminated bytes a SAX callback hands over.
    func withName<T>(_ name: String, _ body: (UnsafePointer<UInt8>) -> T) -> T {
        let bytes = Array(name.utf8) + [0]
        return bytes.withUnsafeBufferPointer { body($0.baseAddress!) }
    }

    func tag(_ names: inout TagNames, _ name: String) -> HTMLTag {
        withName(name) { names.tag(named: $0) }
    }

    @Test func knownNamesHaveTheirFixedNumbers() {
        var names = TagNames()
        #expect(tag(&names, "p") == .p)
        #expect(tag(&names, "figcaption") == .figcaption)
        #expect(tag(&names, "link") == .link)
        #expect(tag(&names, "div").isLayout && tag(&names, "div").isBlock)
        #expect(tag(&names, "td").isBlock && !tag(&names, "td").isLayout)
        #expect(tag(&names, "script").isSkipped && !tag(&names, "span").isSkipped)
        for (index, name) in HTMLTag.knownNames.enumerated() where index > 0 {
            #expect(tag(&names, name) == HTMLTag(id: UInt32(index)), "\(name)")
        }
    }

    @Test func newNamesShareANumberExactlyWhenTheirStringsAreEqual() {
        var names = TagNames()
        let custom = tag(&names, "my-widget")
        let long = tag(&names, "a-custom-element-past-sixteen-bytes")
        #expect(custom != long && custom.id >= UInt32(HTMLTag.knownNames.count))
        #expect(tag(&names, "my-widget") == custom)
        #expect(tag(&names, "a-custom-element-past-sixteen-bytes") == long)
        #expect(tag(&names, "my-widgets") != custom)
        // The Kelvin sign is canonically equivalent to "K": equal Strings, one number.
        let letter = tag(&names, "K")
        #expect(tag(&names, "\u{212A}") == letter)
        // A decomposed "é" equals the composed one as a String.
        #expect(tag(&names, "caf\u{E9}") == tag(&names, "cafe\u{301}"))
        #expect(!tag(&names, "\u{212A}").isBlock)
    }

    /// The attributes of one element, as libxml2 lists them (name, value, …, NULL).
    func read(_ pairs: [(String, String?)], isLink: Bool = false) -> ElementAttributes {
        var storage: [[UInt8]] = []
        for (name, value) in pairs {
            storage.append(Array(name.utf8) + [0])
            if let value { storage.append(Array(value.utf8) + [0]) }
        }
        var pointers: [UnsafePointer<UInt8>?] = []
        let buffers = storage.map { bytes -> UnsafeMutablePointer<UInt8> in
            let pointer = UnsafeMutablePointer<UInt8>.allocate(capacity: bytes.count)
            pointer.initialize(from: bytes, count: bytes.count)
            return pointer
        }
        defer { buffers.forEach { $0.deallocate() } }
        var next = 0
        for (_, value) in pairs {
            pointers.append(UnsafePointer(buffers[next])); next += 1
            if value != nil { pointers.append(UnsafePointer(buffers[next])); next += 1 } else { pointers.append(nil) }
        }
        pointers.append(nil)
        return pointers.withUnsafeMutableBufferPointer { ElementAttributes($0.baseAddress!, isLink: isLink) }
    }

    @Test func attributesAreReadAsTheirStringsWereRead() {
        #expect(read([("role", "MAIN")]).isRoleMain)
        #expect(!read([("role", "main content")]).isRoleMain)
        #expect(!read([("role", "mai")]).isRoleMain)
        #expect(!read([("role", nil)]).isRoleMain)
        #expect(read([("itemprop", "text ArticleBody")]).isArticleBody)
        #expect(!read([("itemprop", "articlebod")]).isArticleBody)
        #expect(read([("itemprop", "articlebody\u{E9}")]).isArticleBody)
        #expect(!read([("item", "articlebody")]).isArticleBody)
        #expect(read([("class", "site-nav")]).words.boilerplate)
        #expect(!read([("class", "shadow")]).words.boilerplate)
        #expect(read([("id", "comments"), ("class", "x")]).words.comment)
        #expect(read([("class", "widget\u{E9}area")]).words.related)
        #expect(read([("href", "/a")]).hasHref && read([("href", nil)]).hasHref)
        let canonical = read([("rel", "Canonical"), ("href", "https://example.org/a")], isLink: true)
        #expect(canonical.canonicalHref == "https://example.org/a")
        #expect(read([("rel", "canonical"), ("href", "https://example.org/a")]).canonicalHref == nil)
        #expect(read([("rel", "alternate"), ("href", "https://example.org/a")], isLink: true).canonicalHref == nil)
    }
}
