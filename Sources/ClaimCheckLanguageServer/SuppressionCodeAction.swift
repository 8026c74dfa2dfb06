import ClaimCheckKit

/// The quick fix for a finding: a `claimcheck-disable-next-line` comment on a
/// line of its own above the claim's first line, naming the deciding rule, with
/// a reason for the editor to write in place of the ellipsis.
///
///     <!-- claimcheck-disable-next-line certainty.proven -- reason: … -->
///
/// HTML and Markdown have that comment syntax; plain text has none (ClaimCheck
/// reads no suppression comments in it, and any text added would be read as
/// part of the article), so a plain-text finding gets no code action: suppress
/// it with a baseline or the config's `disable:` instead.
public struct SuppressionCodeAction: Sendable {
    public let rule: String
    /// The 0-based line the claim starts on.
    public let line: Int

    public init(rule: String, line: Int) {
        self.rule = rule
        self.line = line
    }

    public static let reasonPlaceholder = "reason: …"

    public var title: String { "Suppress \(rule) on this line (write the reason)" }

    /// The comment line to insert, with the claim line's indentation (and, in
    /// Markdown, its quote markers, so the comment stays inside the quote or list).
    public func insertion(in document: OpenDocument) -> String? {
        guard let format = document.format, format != .text else { return nil }
        let offsets = document.offsets
        let line = min(self.line, offsets.lineStarts.count - 1)
        let start = offsets.lineStarts[line]
        var prefix: [UInt8] = []
        var index = start
        while index < offsets.bytes.count {
            let byte = offsets.bytes[index]
            let keeps = byte == 0x20 || byte == 0x09 || (format == .markdown && byte == UInt8(ascii: ">"))
            guard keeps else { break }
            prefix.append(byte)
            index += 1
        }
        let lineBreak = Self.lineBreak(of: offsets)
        return String(decoding: prefix, as: UTF8.self)
            + "<!-- claimcheck-disable-next-line \(rule) -- \(Self.reasonPlaceholder) -->" + lineBreak
    }

    /// The `CodeAction`: a quick fix whose `WorkspaceEdit` inserts the comment at
    /// the start of the claim's line.
    public func action(in document: OpenDocument, diagnostics: [JSONValue]) -> JSONValue? {
        guard let text = insertion(in: document) else { return nil }
        let line = min(self.line, document.offsets.lineStarts.count - 1)
        let at: JSONValue = ["line": .int(line), "character": 0]
        let edit: JSONValue = ["range": ["start": at, "end": at], "newText": .string(text)]
        var action: [String: JSONValue] = [
            "title": .string(title),
            "kind": "quickfix",
            "edit": ["changes": .object([document.uri.text: [edit]])],
        ]
        if !diagnostics.isEmpty { action["diagnostics"] = .array(diagnostics) }
        return .object(action)
    }

    /// The document's own line break (`\r\n` if its first line ends so), for the inserted line.
    static func lineBreak(of offsets: TextOffsets) -> String {
        guard offsets.lineStarts.count > 1 else { return "\n" }
        let end = offsets.lineStarts[1]
        if end >= 2, offsets.bytes[end - 2] == 0x0D, offsets.bytes[end - 1] == 0x0A { return "\r\n" }
        if offsets.bytes[end - 1] == 0x0D { return "\r" }
        return "\n"
    }
}
