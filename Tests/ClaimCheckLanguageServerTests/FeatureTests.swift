import ClaimCheckLanguageServer
import Foundation
import Testing

/// Hover and the suppression quick fix, through the protocol.
@Suite struct FeatureTests {
    func fixture(_ name: String) throws -> (uri: String, text: String) {
        let path = fixturePath(name)
        return (DocumentURI.file(path).text, try String(contentsOfFile: path, encoding: .utf8))
    }

    @Test func hoverShowsVerdictReasonsAndEvidence() throws {
        let (uri, text) = try fixture("overclaim.md")
        let server = LanguageServerHarness()
        try server.initialize()
        _ = try server.open(uri: uri, languageID: "markdown", text: text)
        let hover = try server.request("textDocument/hover", ["textDocument": ["uri": .string(uri)], "position": position(19, 10)])["result"]
        #expect(hover["contents"]["kind"] == "markdown")
        #expect(numbers(hover["range"]) == [18, 34, 19, 85])
        let value = hover["contents"]["value"].stringValue ?? ""
        #expect(value.hasPrefix("**overstated** · error · `evidence.strength`\n"))
        #expect(value.contains("\n**Reasons**\n\n- `evidence.strength`: the text says it is proven"))
        #expect(value.contains("\n- `certainty.proven`: “has been proven” states as settled"))
        #expect(value.contains("\n**Evidence**\n\n"))
        #expect(value.contains("*limited*."))
        #expect(value.contains("Citation: ") && value.contains("doi:10.1016/j.jaad.2019.04.053 <https://doi.org/10.1016/j.jaad.2019.04.053>"))
        // Between claims there is nothing to show.
        let nothing = try server.request("textDocument/hover", ["textDocument": ["uri": .string(uri)], "position": position(0, 2)])
        #expect(nothing["result"] == .null)
        #expect(nothing["error"] == .null)
    }

    /// The quick fix inserts the comment above the claim's line; applied as the
    /// client would (a didChange), the finding becomes a hint that says why.
    @Test func codeActionInsertsASuppressionCommentThatSuppresses() throws {
        let (uri, text) = try fixture("overclaim.md")
        let server = LanguageServerHarness()
        try server.initialize()
        let diagnostics = try server.open(uri: uri, languageID: "markdown", text: text)["diagnostics"]
        let flagged = diagnostics[2]
        let actions = try server.request("textDocument/codeAction", [
            "textDocument": ["uri": .string(uri)], "range": flagged["range"], "context": ["diagnostics": [flagged]],
        ])["result"]
        #expect(actions.arrayValue?.count == 1)
        let action = actions[0]
        #expect(action["kind"] == "quickfix")
        #expect(action["title"] == "Suppress evidence.strength on this line (write the reason)")
        #expect(action["diagnostics"] == [flagged])
        let edits = action["edit"]["changes"][uri]
        #expect(edits.arrayValue?.count == 1)
        #expect(numbers(edits[0]["range"]) == [18, 0, 18, 0])
        #expect(edits[0]["newText"] == "<!-- claimcheck-disable-next-line evidence.strength -- reason: … -->\n")

        server.notify("textDocument/didChange", [
            "textDocument": ["uri": .string(uri), "version": 2],
            "contentChanges": [["range": edits[0]["range"], "text": edits[0]["newText"]]],
        ])
        // Left as inserted, the placeholder is no reason: the finding stands, and the comment is flagged.
        let unfilled = try server.diagnostics(for: uri)["diagnostics"]
        let standing = (unfilled.arrayValue ?? []).first { numbers($0["range"]) == [19, 34, 20, 85] }
        #expect(standing?["severity"] == 1)
        #expect((unfilled.arrayValue ?? []).contains { $0["code"] == "suppression.missing-reason" && numbers($0["range"]).first == 18 })

        let prefix = "<!-- claimcheck-disable-next-line evidence.strength -- ".utf16.count
        let placeholder = ["start": ["line": 18, "character": .int(prefix)], "end": ["line": 18, "character": .int(prefix + "reason: …".utf16.count)]] as JSONValue
        server.notify("textDocument/didChange", [
            "textDocument": ["uri": .string(uri), "version": 3],
            "contentChanges": [["range": placeholder, "text": "quoted to rebut it"]],
        ])
        let after = try server.diagnostics(for: uri)["diagnostics"]
        let suppressed = (after.arrayValue ?? []).first { numbers($0["range"]) == [19, 34, 20, 85] }
        #expect(suppressed?["severity"] == 4)
        #expect(suppressed?["message"].stringValue?.hasPrefix("suppressed in the source (quoted to rebut it): overstated: ") == true)
        #expect(suppressed?["data"]["suppressed"] == true)
        // No quick fix is offered for a finding already suppressed.
        let none = try server.request("textDocument/codeAction", [
            "textDocument": ["uri": .string(uri)], "range": suppressed?["range"] ?? .null, "context": ["diagnostics": [suppressed ?? .null]],
        ])["result"]
        #expect(none == [])
    }

    /// With no diagnostics in the context, findings overlapping the range get a fix;
    /// in HTML the comment keeps the claim line's indentation.
    @Test func codeActionForARangeInHTML() throws {
        let (uri, text) = try fixture("overclaim.html")
        let server = LanguageServerHarness()
        try server.initialize()
        let diagnostics = try server.open(uri: uri, languageID: "html", text: text)["diagnostics"].arrayValue ?? []
        let proven = try #require(diagnostics.first { $0["severity"] == 1 })
        let line = proven["range"]["start"]["line"].intValue ?? 0
        let lineText = text.split(separator: "\n", omittingEmptySubsequences: false)[line]
        let indentation = String(lineText.prefix(while: { $0 == " " || $0 == "\t" }))
        let actions = try server.request("textDocument/codeAction", [
            "textDocument": ["uri": .string(uri)], "range": proven["range"], "context": ["diagnostics": []],
        ])["result"].arrayValue ?? []
        let fix = try #require(actions.first { $0["title"].stringValue?.contains(proven["code"].stringValue ?? "?") == true })
        let edit = fix["edit"]["changes"][uri][0]
        #expect(numbers(edit["range"]) == [line, 0, line, 0])
        #expect(edit["newText"].stringValue == indentation + "<!-- claimcheck-disable-next-line \(proven["code"].stringValue ?? "") -- reason: … -->\n")
    }

    /// Plain text has no comment syntax, so no fix is offered there.
    @Test func noCodeActionInPlainText() throws {
        let (uri, text) = try fixture("overclaim.txt")
        let server = LanguageServerHarness()
        try server.initialize()
        let diagnostics = try server.open(uri: uri, languageID: "plaintext", text: text)["diagnostics"]
        #expect((diagnostics.arrayValue?.count ?? 0) > 0)
        let actions = try server.request("textDocument/codeAction", [
            "textDocument": ["uri": .string(uri)], "range": diagnostics[0]["range"], "context": ["diagnostics": [diagnostics[0]]],
        ])
        #expect(actions["result"] == [])
    }
}
