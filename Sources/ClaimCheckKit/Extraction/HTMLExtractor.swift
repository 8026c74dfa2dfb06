/// Extracts blocks from HTML with libxml2's HTML parser in SAX mode.
///
/// No tree is built: the callbacks keep a stack of open elements (for regions and
/// block kinds) and append text runs with the byte offset the parser read them
/// from (`input->consumed + (cur - base)`), so every block carries an exact map
/// back to the original file through entities, inline tags and line breaks.
public struct HTMLExtractor: Sendable {
    /// Keep menus, banners and footers as `boilerplate` blocks (for `claimcheck extract`);
    /// otherwise they are dropped, since they never hold claims.
    public var keepsBoilerplate: Bool

    public init(keepsBoilerplate: Bool = false) { self.keepsBoilerplate = keepsBoilerplate }

    public func extract(_ source: DecodedSource) -> [Block] {
        HTMLParserSession.parse(source.utf8, keepsBoilerplate: keepsBoilerplate).blocks
    }

    /// Blocks, comments (offsets in the decoded text) and the canonical URL.
    func extractAll(_ source: DecodedSource) -> (blocks: [Block], comments: [SourceComment], canonical: String?) {
        HTMLParserSession.parse(source.utf8, keepsBoilerplate: keepsBoilerplate)
    }
}
