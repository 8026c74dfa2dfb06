import ClaimCheckLanguageServer
import Foundation
import Testing

/// The protocol's lifecycle and its errors, through real framed messages.
@Suite struct LifecycleTests {
    @Test func shutdownThenExitExitsZero() throws {
        let server = LanguageServerHarness()
        try server.initialize()
        let answer = try server.request("shutdown")
        #expect(answer["result"] == .null)
        #expect(answer["error"] == .null)
        // After shutdown, a request is an invalid request.
        let late = try server.request("textDocument/hover", ["textDocument": ["uri": "file:///x.md"], "position": position(0, 0)])
        #expect(late["error"]["code"] == -32600)
        server.notify("exit", .null)
        #expect(server.waitForExit() == 0)
    }

    @Test func exitWithoutShutdownExitsOne() throws {
        let server = LanguageServerHarness()
        try server.initialize()
        server.notify("exit", .null)
        #expect(server.waitForExit() == 1)
    }

    @Test func endOfInputWithoutShutdownExitsOne() throws {
        let server = LanguageServerHarness()
        try server.initialize()
        server.closeInput()
        #expect(server.waitForExit() == 1)
    }

    @Test func requestBeforeInitializeIsRefused() throws {
        let server = LanguageServerHarness()
        let answer = try server.request("textDocument/hover", ["textDocument": ["uri": "file:///x.md"], "position": position(0, 0)])
        #expect(answer["error"]["code"] == -32002)
        try server.initialize()
        #expect(try server.request("initialize", ["capabilities": [:]])["error"]["code"] == -32600)
    }

    @Test func malformedMessagesAreAnsweredAndTheServerGoesOn() throws {
        let server = LanguageServerHarness()
        try server.initialize()
        // Not JSON: a parse error, with id null.
        server.sendRaw(framedMessage(Array("{\"jsonrpc\": \"2.0\", \"id\": 7, \"method\": ".utf8)))
        let parseError = try server.readResponse(id: .null)
        #expect(parseError["error"]["code"] == -32700)
        // A header part without Content-Length: dropped up to its blank line, reported as a parse error.
        server.sendRaw(Array("Content-Type: application/vscode-jsonrpc; charset=utf-8\r\n\r\n".utf8))
        #expect(try server.readResponse(id: .null)["error"]["code"] == -32700)
        // JSON that is not a request: invalid request, with its id.
        server.send(["jsonrpc": "1.0", "id": 8, "method": "shutdown"])
        #expect(try server.readResponse(id: 8)["error"]["code"] == -32600)
        // An unknown method, and a known one with bad params.
        #expect(try server.request("textDocument/definition", ["textDocument": ["uri": "file:///x.md"], "position": position(0, 0)])["error"]["code"] == -32601)
        #expect(try server.request("textDocument/hover", ["textDocument": ["uri": "file:///not-open.md"], "position": position(0, 0)])["error"]["code"] == -32602)
        // A message split across writes, header and body apart, still arrives whole.
        let body = Array("{\"jsonrpc\":\"2.0\",\"id\":99,\"method\":\"shutdown\"}".utf8)
        let framed = framedMessage(body)
        server.sendRaw(Array(framed[..<10]))
        Thread.sleep(forTimeInterval: 0.05)
        server.sendRaw(Array(framed[10..<30]))
        Thread.sleep(forTimeInterval: 0.05)
        server.sendRaw(Array(framed[30...]))
        let answer = try server.readResponse(id: 99)
        #expect(answer["result"] == .null && answer["error"] == .null)
        server.notify("exit", .null)
        #expect(server.waitForExit() == 0)
    }
}
