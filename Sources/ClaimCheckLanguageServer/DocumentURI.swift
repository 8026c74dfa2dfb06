import Foundation

/// The document URIs clients send: `file://` for a file on disk (its path,
/// percent-decoded, finds the config as `claimcheck check` would), anything
/// else (`untitled:Untitled-1`) for a buffer with no file yet.
public struct DocumentURI: Sendable, Hashable {
    public let text: String

    public init(_ text: String) { self.text = text }

    /// The file's path, for a `file:` URI with an empty or `localhost` authority.
    public var filePath: String? {
        guard text.lowercased().hasPrefix("file:") else { return nil }
        var rest = Substring(text.dropFirst("file:".count))
        if rest.hasPrefix("//") {
            rest = rest.dropFirst(2)
            guard let slash = rest.firstIndex(of: "/") else { return nil }
            let authority = rest[..<slash]
            guard authority.isEmpty || authority.lowercased() == "localhost" else { return nil }
            rest = rest[slash...]
        }
        guard rest.hasPrefix("/"), let decoded = String(rest).removingPercentEncoding else { return nil }
        return decoded
    }

    /// The last path segment (the file name), for guessing a format from its extension.
    public var lastSegment: String {
        let path = filePath ?? text
        return path.split(separator: "/").last.map(String.init) ?? path
    }

    /// A `file://` URI for a path, percent-encoding what a URI cannot hold.
    public static func file(_ path: String) -> DocumentURI {
        var allowed = CharacterSet.urlPathAllowed
        allowed.remove(charactersIn: "?#")
        return DocumentURI("file://" + (path.addingPercentEncoding(withAllowedCharacters: allowed) ?? path))
    }
}
