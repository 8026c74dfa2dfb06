import Testing
@testable import ClaimCheckServer

/// Web pages of other origins cannot read the answers unless `--allow-origin` says so.
@Suite struct CrossOriginTests {
    @Test func noOriginIsAllowedByDefault() async throws {
        let port = try await TestServers.standard.value
        let reply = try await http("POST", "/v2/check", port: port, contentType: "application/x-www-form-urlencoded",
                                   body: form([("text", "Hello."), ("language", "en")]), headers: ["Origin: https://example.org"])
        #expect(reply.status == 200)
        #expect(reply.headers["access-control-allow-origin"] == nil)
    }

    @Test func anAllowedOriginGetsThePreflightAndTheHeader() async throws {
        let port = try await TestServers.anyOrigin.value
        let preflight = try await http("OPTIONS", "/v2/check", port: port,
                                       headers: ["Origin: moz-extension://abc", "Access-Control-Request-Method: POST"])
        #expect(preflight.status == 204)
        #expect(preflight.headers["access-control-allow-origin"] == "*")
        #expect(preflight.headers["access-control-allow-methods"]?.contains("POST") == true)
        let reply = try await http("POST", "/v2/check", port: port, contentType: "application/x-www-form-urlencoded",
                                   body: form([("text", "Hello."), ("language", "en")]), headers: ["Origin: moz-extension://abc"])
        #expect(reply.status == 200)
        #expect(reply.headers["access-control-allow-origin"] == "*")
    }
}
