import Testing
@testable import ClaimCheckServer

/// `GET /`: the editor's page, built into the binary, with a policy that lets it
/// load nothing from elsewhere and talk only to this server.
@Suite struct EditorPageTests {
    @Test func rootServesTheBuiltInPageWithItsPolicy() async throws {
        let port = try await TestServers.standard.value
        let reply = try await http("GET", "/", port: port)
        #expect(reply.status == 200)
        #expect(reply.headers["content-type"] == "text/html; charset=utf-8")
        #expect(reply.headers["content-security-policy"]
                == "default-src 'none'; script-src 'unsafe-inline'; style-src 'unsafe-inline'; connect-src 'self'; img-src data:")
        #expect(reply.body == EditorPage.embedded)
        #expect(reply.text.contains("/v1/check"))
        #expect(reply.body.count > 10_000)
    }

    @Test func theRouteTableListsTheRoot() async throws {
        let port = try await TestServers.standard.value
        let wrong = try await http("POST", "/", port: port, contentType: "text/plain", text: "x")
        #expect(wrong.status == 405)
        #expect(wrong.headers["allow"] == "GET, HEAD")
        let unknown = try await http("GET", "/nothing", port: port)
        #expect(unknown.errorFix?.hasPrefix("the routes are GET /, GET /healthz") == true)
    }
}
