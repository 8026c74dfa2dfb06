import CLibXML2
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// What an element's attributes tell extraction, read in one pass over the list
/// libxml2 hands a SAX callback (names already lower-cased). Only `class`, `id`,
/// `role`, `href`, `itemprop` and a link's `rel` matter; other values are never
/// turned into strings.
struct ElementAttributes {
    /// `class`, `id` and `role` values joined by spaces, for region words.
    var classAndID: String?
    var hasHref = false
    var isArticleBody = false
    var isRoleMain = false
    /// The `href` of `<link rel="canonical">`.
    var canonicalHref: String?

    init(_ attributes: UnsafeMutablePointer<UnsafePointer<xmlChar>?>?, isLink: Bool) {
        guard var cursor = attributes else { return }
        var isCanonical = false
        var href: String?
        while let key = cursor.pointee {
            let value = cursor.advanced(by: 1).pointee
            if strcmp(key, "class") == 0 || strcmp(key, "id") == 0 || strcmp(key, "role") == 0 {
                let text = value.map { String(cString: $0) } ?? ""
                classAndID = (classAndID.map { $0 + " " } ?? "") + text
                if strcmp(key, "role") == 0, text.lowercased() == "main" { isRoleMain = true }
            } else if strcmp(key, "href") == 0 {
                hasHref = true
                if isLink { href = value.map { String(cString: $0) } }
            } else if strcmp(key, "itemprop") == 0, let value, String(cString: value).lowercased().contains("articlebody") {
                isArticleBody = true
            } else if isLink, strcmp(key, "rel") == 0, let value, String(cString: value).lowercased() == "canonical" {
                isCanonical = true
            }
            cursor = cursor.advanced(by: 2)
        }
        if isCanonical { canonicalHref = href }
    }
}
