import Foundation
import Testing
@testable import ClaimCheckServer

/// Bad requests get their status and a message that says what was wrong, as JSON,
/// and the server answers the next request as before.
@Suite struct BadRequestTests {
    struct Case: Sendable, CustomStringConvertible {
        var description: String
        var method = "POST"
        var path = "/v1/check"
        var contentType: String?
        var body: [UInt8] = []
        var status: Int
        var message: String
    }

    static let cases: [Case] = [
        Case(description: "empty body", contentType: "text/plain", status: 400, message: "the body is empty"),
        // The standard test server's limit is 256 KB.
        Case(description: "body over the limit", contentType: "text/plain", body: Array(repeating: UInt8(ascii: "a"), count: 300_000),
             status: 413, message: "the body is larger than the server's limit of 256 KB"),
        Case(description: "binary", contentType: "text/plain", body: (0..<4096).map { UInt8(truncatingIfNeeded: $0 &* 7919 >> 3) },
             status: 400, message: "the document cannot be checked: it looks like a binary file, not text"),
        Case(description: "unknown content type", contentType: "image/png", body: Array("x".utf8), status: 415,
             message: "the server does not read bodies of type 'image/png'"),
        Case(description: "no content type", body: Array("x".utf8), status: 415, message: "the request has no Content-Type"),
        Case(description: "malformed JSON", contentType: "application/json", body: Array("{\"text\": \"abc".utf8), status: 400,
             message: "the body is not the JSON the server reads: malformed JSON"),
        Case(description: "JSON without text", contentType: "application/json", body: Array("{\"name\": \"a.md\"}".utf8), status: 400,
             message: "the JSON has no \"text\""),
        Case(description: "bad format", contentType: "application/json", body: Array("{\"text\": \"a\", \"format\": \"pdf\"}".utf8),
             status: 400, message: "\"format\" takes html, markdown or text (got 'pdf')"),
        Case(description: "malformed form", path: "/v2/check", contentType: "application/x-www-form-urlencoded",
             body: Array("text=abc%zz&language=en".utf8), status: 400, message: "the form has a '%' that is not followed by two hex digits"),
        Case(description: "form without text", path: "/v2/check", contentType: "application/x-www-form-urlencoded",
             body: Array("language=en".utf8), status: 400, message: "the form has neither a text nor a data field"),
        Case(description: "malformed annotated data", path: "/v2/check", contentType: "application/x-www-form-urlencoded",
             body: form([("data", "{\"annotation\": [{\"text\": 1}]}"), ("language", "en")]), status: 400,
             message: "the data field is not LanguageTool's annotated text: Expected to decode String but found number instead. at annotation.[0].text"),
        Case(description: "JSON to the LanguageTool API", path: "/v2/check", contentType: "application/json", body: Array("{}".utf8),
             status: 415, message: "the server does not read bodies of type 'application/json'"),
        Case(description: "unknown route", method: "GET", path: "/v3/check", status: 404, message: "no route /v3/check"),
        Case(description: "wrong method", method: "GET", path: "/v1/check", status: 405, message: "/v1/check does not take GET"),
        Case(description: "wrong method on the LanguageTool API", method: "PUT", path: "/v2/languages", contentType: "text/plain",
             body: Array("x".utf8), status: 405, message: "/v2/languages does not take PUT"),
    ]

    @Test(arguments: cases)
    func badRequestGetsItsStatusAndMessage(_ bad: Case) async throws {
        let port = try await TestServers.standard.value
        let reply = try await http(bad.method, bad.path, port: port, contentType: bad.contentType, body: bad.body)
        #expect(reply.status == bad.status, "\(reply.text)")
        #expect(reply.headers["content-type"] == "application/json; charset=utf-8")
        #expect(reply.errorMessage == bad.message)
        #expect(try (reply.json["error"] as? [String: Any])?["status"] as? Int == bad.status)
        #expect(reply.errorFix?.isEmpty == false)
        let health = try await http("GET", "/healthz", port: port)
        #expect(health.status == 200)
    }

    @Test func wrongMethodSaysWhichAreAllowed() async throws {
        let port = try await TestServers.standard.value
        let reply = try await http("DELETE", "/v1/registry/topical-minoxidil", port: port)
        #expect(reply.status == 405)
        #expect(reply.headers["allow"] == "GET, HEAD")
        #expect(reply.errorFix == "use GET or HEAD")
    }

    @Test func tenThousandNestedTagsAreCheckedAndTheServerGoesOn() async throws {
        let port = try await TestServers.standard.value
        let page = String(repeating: "<div>", count: 10_000) + "<p>Researchers discovered that the tonic regrows hair.</p>"
            + String(repeating: "</div>", count: 10_000)
        #expect(page.utf8.count < 256 * 1024)
        let reply = try await http("POST", "/v1/check", port: port, contentType: "text/html", text: page)
        #expect(reply.status == 200)
        #expect(try reply.json["format"] as? String == "html")
        let health = try await http("GET", "/healthz", port: port)
        #expect(health.status == 200)
    }

    @Test func aPortInUseExitsWithTwoAndSaysSo() async throws {
        let port = try await TestServers.standard.value
        let run = try await runTool(["serve", "--port", String(port)])
        #expect(run.status == 2)
        #expect(run.errors.contains("cannot listen on 127.0.0.1:\(port): the port is in use"))
        #expect(run.errors.contains("--port"))
    }

    @Test func badRulesExitWithTwo() async throws {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("serve-bad-rules-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: folder) }
        try "- id: broken\n  kind: nonsense\n".write(to: folder.appendingPathComponent("broken.yml"), atomically: true, encoding: .utf8)
        let run = try await runTool(["serve", "--port", "0", "--rules", folder.path])
        #expect(run.status == 2)
        #expect(run.errors.contains("broken.yml"))
    }
}
