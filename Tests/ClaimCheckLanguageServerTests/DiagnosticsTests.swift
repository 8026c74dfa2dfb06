import ClaimCheckLanguageServer
import Foundation
import Testing

/// Diagnostics as a client receives them through the protocol, on the overclaim
/// fixture: its line 15 (0-based 14) has a curly apostrophe (3 UTF-8 bytes, one
/// UTF-16 unit) before its claim, and its line 34 an emoji (4 bytes, two units) inside one.
@Suite struct DiagnosticsTests {
    let path = fixturePath("overclaim.md")
    var uri: String { DocumentURI.file(path).text }
    var text: String { (try? String(contentsOfFile: path, encoding: .utf8)) ?? "" }

    /// [line, character, endLine, endCharacter], severity and code of each diagnostic, in UTF-16.
    static let utf16: [([Int], Int, String)] = [
        ([10, 277, 10, 387], 2, "source.researchers-discovered"),
        ([14, 131, 14, 266], 2, "evidence.strength"),
        ([18, 34, 19, 85], 1, "evidence.strength"),
        ([23, 0, 23, 159], 3, "evidence.strength"),
        ([33, 0, 33, 65], 2, "certainty.miracle"),
    ]

    @Test func publishedOnOpenAtExactUTF16Positions() throws {
        let server = LanguageServerHarness()
        let result = try server.initialize()
        #expect(result["capabilities"]["positionEncoding"] == "utf-16")
        let published = try server.open(uri: uri, languageID: "markdown", text: text)
        #expect(published["version"] == 1)
        let diagnostics = published["diagnostics"].arrayValue ?? []
        #expect(diagnostics.map { numbers($0["range"]) } == Self.utf16.map(\.0))
        #expect(diagnostics.map { $0["severity"].intValue ?? 0 } == Self.utf16.map(\.1))
        #expect(diagnostics.map { $0["code"].stringValue ?? "" } == Self.utf16.map(\.2))
        #expect(diagnostics.allSatisfy { $0["source"] == "claimcheck" })
        #expect(diagnostics[4]["message"].stringValue?.hasPrefix("overstated [comments]: ") == true)
        #expect(diagnostics[2]["message"].stringValue?.hasPrefix("overstated: the text says it is proven") == true)
        // The evidence citation is related information at the claim itself.
        let related = diagnostics[2]["relatedInformation"][0]
        #expect(numbers(related["location"]["range"]) == [18, 34, 19, 85])
        #expect(related["location"]["uri"].stringValue == uri)
        #expect(related["message"].stringValue?.contains("doi:10.1016/j.jaad.2019.04.053") == true)
        #expect(diagnostics[2]["data"]["rule"] == "evidence.strength")
        #expect(diagnostics[2]["data"]["line"] == 18)
    }

    @Test func utf8WhenTheClientOffersIt() throws {
        let server = LanguageServerHarness()
        let result = try server.initialize(positionEncodings: ["utf-8", "utf-16"])
        #expect(result["capabilities"]["positionEncoding"] == "utf-8")
        let diagnostics = try server.open(uri: uri, languageID: "markdown", text: text)["diagnostics"].arrayValue ?? []
        #expect(diagnostics.map { numbers($0["range"]) } == [
            [10, 277, 10, 387], [14, 133, 14, 268], [18, 34, 19, 85], [23, 0, 23, 159], [33, 0, 33, 67],
        ])
    }

    @Test func utf16WhenUTF8IsNotOffered() throws {
        let server = LanguageServerHarness()
        #expect(try server.initialize(positionEncodings: ["utf-32", "utf-16"])["capabilities"]["positionEncoding"] == "utf-16")
    }

    @Test(arguments: [["utf-16"], ["utf-8"]])
    func anEditInsertingALineAboveMovesEveryDiagnosticDownOne(encodings: [String]) throws {
        let server = LanguageServerHarness()
        try server.initialize(positionEncodings: encodings)
        let before = try server.open(uri: uri, languageID: "markdown", text: text)["diagnostics"].arrayValue ?? []
        server.notify("textDocument/didChange", [
            "textDocument": ["uri": .string(uri), "version": 2],
            "contentChanges": [["range": ["start": position(0, 0), "end": position(0, 0)], "text": "A first line, added.\n"]],
        ])
        let published = try server.diagnostics(for: uri)
        #expect(published["version"] == 2)
        let after = published["diagnostics"].arrayValue ?? []
        #expect(after.map { numbers($0["range"]) } == before.map { numbers($0["range"]).enumerated().map { $0.offset % 2 == 0 ? $0.element + 1 : $0.element } })
        #expect(after.count == 5)
    }

    /// An edit given in the negotiated units: an emoji (two UTF-16 units, four
    /// UTF-8 bytes) and a space put before the claim on line 14 move its start by
    /// 3 units in UTF-16 and 5 in UTF-8; a range ending after non-ASCII is found
    /// in the same units.
    @Test(arguments: [("utf-16", 134, 269), ("utf-8", 138, 273)])
    func incrementalEditsInTheNegotiatedEncoding(encoding: String, start: Int, end: Int) throws {
        let server = LanguageServerHarness()
        try server.initialize(positionEncodings: [encoding])
        _ = try server.open(uri: uri, languageID: "markdown", text: text)
        server.notify("textDocument/didChange", [
            "textDocument": ["uri": .string(uri), "version": 2],
            "contentChanges": [["range": ["start": position(14, 0), "end": position(14, 0)], "text": "🙌 "]],
        ])
        let after = try server.diagnostics(for: uri)["diagnostics"].arrayValue ?? []
        #expect(numbers(after[1]["range"]) == [14, start, 14, end])
        // Replace the emoji and its space (a range ending after them, in the same units) with nothing.
        let width = encoding == "utf-8" ? 5 : 3
        server.notify("textDocument/didChange", [
            "textDocument": ["uri": .string(uri), "version": 3],
            "contentChanges": [["range": ["start": position(14, 0), "end": position(14, width)], "text": ""]],
        ])
        let restored = try server.diagnostics(for: uri)["diagnostics"].arrayValue ?? []
        #expect(numbers(restored[1]["range"]) == (encoding == "utf-8" ? [14, 133, 14, 268] : [14, 131, 14, 266]))
    }

    @Test func publishedOnSaveAndClearedOnClose() throws {
        let server = LanguageServerHarness()
        try server.initialize()
        _ = try server.open(uri: uri, languageID: "markdown", text: text)
        server.notify("textDocument/didSave", ["textDocument": ["uri": .string(uri)]])
        #expect(try server.diagnostics(for: uri)["diagnostics"].arrayValue?.count == 5)
        server.notify("textDocument/didClose", ["textDocument": ["uri": .string(uri)]])
        #expect(try server.diagnostics(for: uri)["diagnostics"] == [])
    }

    /// A buffer with no file and an unknown language id is checked as its content reads.
    @Test func untitledBufferIsChecked() throws {
        let server = LanguageServerHarness()
        try server.initialize()
        let diagnostics = try server.open(uri: "untitled:Untitled-1", languageID: "plaintext",
                                          text: (try String(contentsOfFile: fixturePath("overclaim.txt"), encoding: .utf8)))
        #expect((diagnostics["diagnostics"].arrayValue ?? []).map { $0["code"].stringValue ?? "" }.contains("certainty.miracle"))
    }

    /// A config that does not load is one message to the user and a diagnostic
    /// at the document's start, not a crash; the server goes on serving.
    @Test func aBrokenConfigIsShownNotFatal() throws {
        let folder = NSTemporaryDirectory() + "lsp-config-\(UUID().uuidString)"
        try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(atPath: folder) }
        try "fail-on: sometimes\n".write(toFile: folder + "/.claimcheck.yml", atomically: true, encoding: .utf8)
        let documentURI = DocumentURI.file(folder + "/draft notes.md").text
        #expect(documentURI.hasSuffix("/draft%20notes.md"))
        let server = LanguageServerHarness()
        try server.initialize()
        let diagnostics = try server.open(uri: documentURI, languageID: "markdown", text: text)["diagnostics"]
        #expect(diagnostics.arrayValue?.count == 1)
        #expect(numbers(diagnostics[0]["range"]) == [0, 0, 0, 0])
        #expect(diagnostics[0]["code"] == "configuration-error")
        #expect(diagnostics[0]["message"].stringValue?.contains("unknown fail-on `sometimes`") == true)
        let shown = server.notifications.filter { $0["method"] == "window/showMessage" }
        #expect(shown.count == 1)
        #expect(shown.first?["params"]["type"] == 1)
        #expect(try server.request("shutdown")["result"] == .null)
    }

    /// A config created (or edited) beside a document is read on the document's next save.
    @Test func aConfigChangedOnDiskIsReadOnSave() throws {
        let folder = NSTemporaryDirectory() + "lsp-reload-\(UUID().uuidString)"
        try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(atPath: folder) }
        let documentURI = DocumentURI.file(folder + "/draft.md").text
        let server = LanguageServerHarness()
        try server.initialize()
        let before = try server.open(uri: documentURI, languageID: "markdown", text: text)["diagnostics"].arrayValue ?? []
        #expect(before.map { $0["code"].stringValue ?? "" }.contains("certainty.miracle"))
        try "disable: [certainty.miracle]\n".write(toFile: folder + "/.claimcheck.yml", atomically: true, encoding: .utf8)
        server.notify("textDocument/didSave", ["textDocument": ["uri": .string(documentURI)]])
        let after = try server.diagnostics(for: documentURI)["diagnostics"].arrayValue ?? []
        #expect(after.map { $0["code"].stringValue ?? "" } == ["source.researchers-discovered", "evidence.strength", "evidence.strength", "evidence.strength"])
    }

    /// Edits that arrive together are checked once, after the last of them.
    @Test func aBurstOfEditsIsPublishedOnce() throws {
        let server = LanguageServerHarness()
        try server.initialize()
        _ = try server.open(uri: uri, languageID: "markdown", text: text)
        var burst: [UInt8] = []
        for version in 2...4 {
            let change: JSONValue = ["jsonrpc": "2.0", "method": "textDocument/didChange", "params": [
                "textDocument": ["uri": .string(uri), "version": .int(version)],
                "contentChanges": [["range": ["start": position(0, 0), "end": position(0, 0)], "text": "Added.\n"]],
            ]]
            burst += framedMessage(change.serialized())
        }
        server.sendRaw(burst)
        let published = try server.diagnostics(for: uri)
        #expect(published["version"] == 4)
        #expect(numbers(published["diagnostics"][0]["range"]) == [13, 277, 13, 387])
        _ = try server.request("shutdown")
        #expect(server.notifications.filter { $0["method"] == "textDocument/publishDiagnostics" }.isEmpty)
    }

    /// Findings about the suppressions themselves are diagnostics on their comment, to its line's end.
    @Test func anUnusedSuppressionIsShownOnItsComment() throws {
        let path = fixturePath("suppressed-unused.md")
        let server = LanguageServerHarness()
        try server.initialize()
        let diagnostics = try server.open(uri: DocumentURI.file(path).text, languageID: "markdown",
                                          text: try String(contentsOfFile: path, encoding: .utf8))["diagnostics"]
        #expect(diagnostics.arrayValue?.count == 1)
        #expect(diagnostics[0]["code"] == "suppression.unused")
        #expect(diagnostics[0]["severity"] == 2)
        #expect(numbers(diagnostics[0]["range"]) == [2, 0, 2, 79])
    }

    /// A document that cannot be read is one diagnostic at its start, and the server goes on.
    @Test func anUnreadableDocumentIsADiagnosticAtLineZero() throws {
        let server = LanguageServerHarness()
        try server.initialize()
        let documentURI = "file:///tmp/lsp-binary-\(UUID().uuidString).html"
        let diagnostics = try server.open(uri: documentURI, languageID: "html", text: "\u{0}\u{0}\u{1}<p>\u{0}</p>")["diagnostics"]
        #expect(diagnostics.arrayValue?.count == 1)
        #expect(numbers(diagnostics[0]["range"]) == [0, 0, 0, 0])
        #expect(diagnostics[0]["code"] == "input-error")
        #expect(diagnostics[0]["message"].stringValue?.contains("looks like a binary file") == true)
        #expect(try server.request("shutdown")["error"] == .null)
    }
}
