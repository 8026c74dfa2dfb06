import Foundation
import Testing
@testable import ClaimCheckServer

/// `/v1`: the JSON report is the one `claimcheck check --format json` prints, byte for byte.
@Suite struct JSONAPITests {
    @Test(arguments: ["overclaim.html", "overclaim.md", "overclaim.txt", "attribution.html", "balanced.md"])
    func checkGivesTheCommandLinesJSONReport(fixture name: String) async throws {
        let port = try await TestServers.standard.value
        let cli = try await runTool(["check", "Fixtures/" + name, "--format", "json"])
        #expect(cli.status == 0 || cli.status == 1, "\(cli.errors)")
        let text = try fixture(name)
        let body = try JSONSerialization.data(withJSONObject: ["text": text, "name": "Fixtures/" + name])
        let reply = try await http("POST", "/v1/check", port: port, contentType: "application/json", body: Array(body))
        #expect(reply.status == 200)
        #expect(reply.headers["content-type"] == "application/json; charset=utf-8")
        #expect(reply.difference(from: cli.output) == "")
        #expect(reply.body.count > 500)
    }

    @Test func rawBodyByItsContentTypeGivesTheSameReport() async throws {
        let port = try await TestServers.standard.value
        let cli = try await runTool(["check", "Fixtures/overclaim.md", "--format", "json"])
        #expect(cli.status == 1)
        // The name has no extension the format could come from: the Content-Type says Markdown.
        let raw = try await http("POST", "/v1/check?name=Fixtures%2Foverclaim.md", port: port,
                                 contentType: "text/markdown; charset=utf-8", text: try fixture("overclaim.md"))
        #expect(raw.status == 200)
        #expect(raw.difference(from: cli.output) == "")
        let json = try await http("POST", "/v1/check", port: port, contentType: "application/json",
                                  body: Array(try JSONSerialization.data(withJSONObject: [
                                      "text": try fixture("overclaim.md"), "name": "Fixtures/overclaim.md", "format": "markdown"])))
        #expect(json.difference(from: cli.output) == "")
    }

    @Test func reportOfADocumentWithoutANameOrFormat() async throws {
        let port = try await TestServers.standard.value
        let reply = try await http("POST", "/v1/check", port: port, contentType: "text/html", text: try fixture("overclaim.html"))
        let report = try reply.json
        #expect(report["source"] as? String == "document")
        #expect(report["format"] as? String == "html")
        let verdicts = try (report["verdicts"] as? [[String: Any]]).orThrow("no verdicts")
        // The 'proven' claim, with the rule among its reasons.
        #expect(verdicts.contains { verdict in
            (verdict["claim"] as? String)?.hasPrefix("Cyclosporine has been proven") == true
                && (verdict["reasons"] as? [[String: Any]])?.contains { $0["rule"] as? String == "certainty.proven" } == true
        })
    }

    @Test func rulesListTheCatalog() async throws {
        let port = try await TestServers.standard.value
        let reply = try await http("GET", "/v1/rules", port: port)
        #expect(reply.status == 200)
        let json = try reply.json
        let rules = try (json["rules"] as? [[String: Any]]).orThrow("no rules")
        #expect(json["count"] as? Int == rules.count)
        let proven = try rules.first { $0["id"] as? String == "certainty.proven" }.orThrow("no certainty.proven")
        #expect((proven["summary"] as? String)?.isEmpty == false)
        #expect(rules.contains { $0["id"] as? String == "suppression.missing-reason" && $0["level"] as? String == "error" })
    }

    @Test func registryEntryByIdNameOrAlias() async throws {
        let port = try await TestServers.standard.value
        let byID = try await http("GET", "/v1/registry/topical-minoxidil", port: port)
        #expect(byID.status == 200)
        let entry = try byID.json
        #expect(entry["type"] as? String == "intervention")
        #expect(entry["id"] as? String == "topical-minoxidil")
        #expect((entry["aliases"] as? [String])?.contains("Rogaine") == true)
        #expect(((entry["evidence"] as? [[String: Any]])?.count ?? 0) > 0)
        // An alias with a space, percent-encoded in the path.
        let byAlias = try await http("GET", "/v1/registry/topical%20minoxidil", port: port)
        #expect(try byAlias.json["id"] as? String == "topical-minoxidil")
        let byName = try await http("GET", "/v1/registry/rogaine", port: port)
        #expect(try byName.json["id"] as? String == "topical-minoxidil")
        let condition = try await http("GET", "/v1/registry/hair-loss", port: port)
        #expect(try condition.json["type"] as? String == "condition")
    }

    @Test func unknownRegistryEntryIs404WithTheNearestName() async throws {
        let port = try await TestServers.standard.value
        let reply = try await http("GET", "/v1/registry/rogain", port: port)
        #expect(reply.status == 404)
        #expect(reply.errorMessage == "no registry entry named 'rogain'")
        #expect(reply.errorFix?.hasPrefix("did you mean 'Rogaine'?") == true)
    }

    @Test func healthz() async throws {
        let port = try await TestServers.standard.value
        let reply = try await http("GET", "/healthz", port: port)
        #expect(reply.status == 200)
        #expect(try reply.json["status"] as? String == "ok")
    }
}
