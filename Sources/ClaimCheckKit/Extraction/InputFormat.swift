/// The kinds of input ClaimCheck reads.
public enum InputFormat: String, Codable, Sendable, CaseIterable {
    case html, markdown, text

    /// The format a file name implies, if any: the one table of document extensions,
    /// by which `check` and `audit` alike pick the files of a folder.
    /// The extensions `fromExtension` knows, as a folder search looks for them (for messages).
    public static let folderExtensions = ".html, .htm, .xhtml, .shtml, .php, .asp, .aspx, .md, .markdown, .mdown, .mkd, .mdx, .txt, .text"

    public static func fromExtension(of path: String) -> InputFormat? {
        guard let dot = path.lastIndex(of: "."), !path[dot...].contains("/") else { return nil }
        switch path[path.index(after: dot)...].lowercased() {
        case "html", "htm", "xhtml", "shtml", "php", "asp", "aspx": return .html
        case "md", "markdown", "mdown", "mkd", "mdx": return .markdown
        case "txt", "text": return .text
        default: return nil
        }
    }

    /// Guesses the format from the first bytes: markup if it opens like HTML,
    /// Markdown if it has ATX headings or pipe tables, otherwise plain text.
    public static func sniff(_ bytes: [UInt8]) -> InputFormat {
        let head = String(decoding: bytes.prefix(4096), as: UTF8.self).lowercased()
        let trimmed = head.drop(while: { $0.isWhitespace || $0 == "\u{FEFF}" })
        if trimmed.hasPrefix("<!doctype html") || trimmed.hasPrefix("<html") || trimmed.hasPrefix("<?xml")
            || head.contains("<body") || head.contains("<p>") || head.contains("<div") {
            return .html
        }
        for line in head.split(separator: "\n", omittingEmptySubsequences: true).prefix(80) {
            if line.hasPrefix("# ") || line.hasPrefix("## ") || line.hasPrefix("```") { return .markdown }
            if line.hasPrefix("|"), line.contains("---") { return .markdown }
        }
        return .text
    }

    /// The format for a path and its bytes: the extension first, then the content.
    public static func detect(path: String?, bytes: [UInt8]) -> InputFormat {
        if let path, let format = fromExtension(of: path) { return format }
        return sniff(bytes)
    }
}
