import Hummingbird

/// The editor's page (`GET /`): one self-contained document, served with a
/// policy that lets it run its own inline script and style and talk only to
/// this server: no other script, font, image or request can load.
public enum EditorPage {
    /// The page as built into the binary (`Resources/editor.html`).
    public static var embedded: [UInt8] { PackageResources.editor_html }

    static let contentSecurityPolicy =
        "default-src 'none'; script-src 'unsafe-inline'; style-src 'unsafe-inline'; connect-src 'self'; img-src data:"

    static func response(_ page: [UInt8]) -> Response {
        Response(status: .ok, headers: [
            .contentType: "text/html; charset=utf-8",
            .contentSecurityPolicy: contentSecurityPolicy,
            .xContentTypeOptions: "nosniff",
        ], body: .init(byteBuffer: ByteBuffer(bytes: page)))
    }
}
