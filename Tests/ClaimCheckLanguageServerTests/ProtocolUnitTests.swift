import ClaimCheckKit
import ClaimCheckLanguageServer
import Testing

/// The pieces under the server, on their own.
@Suite struct FramingTests {
    @Test func framesArriveByteByByte() {
        let first = Array("{\"a\":1}".utf8), second = Array("{\"b\":[true,null]}".utf8)
        var decoder = MessageFrameDecoder()
        var frames: [MessageFrameDecoder.Frame] = []
        for byte in framedMessage(first) + Array("Content-Type: application/vscode-jsonrpc; charset=utf-8\r\n".utf8) + framedMessage(second) {
            decoder.receive([byte])
            while let frame = decoder.next() { frames.append(frame) }
        }
        #expect(frames == [.message(first), .message(second)])
        #expect(!decoder.hasBufferedBytes)
    }

    @Test func badHeadersAreReportedAndSkipped() {
        var decoder = MessageFrameDecoder()
        decoder.receive(Array("Content-Length: lots\r\n\r\n".utf8) + Array("no colon here\r\n\r\n".utf8) + framedMessage(Array("{}".utf8)))
        #expect(decoder.next() == .malformed("Content-Length \"lots\" is not a byte count"))
        #expect(decoder.next() == .malformed("header line \"no colon here\" has no colon; expected \"Name: value\""))
        #expect(decoder.next() == .message(Array("{}".utf8)))
        #expect(decoder.next() == nil)
    }

    @Test func anOverLongBodyIsSkippedByLength() {
        var decoder = MessageFrameDecoder(maximumBodyBytes: 4)
        decoder.receive(Array("Content-Length: 10\r\n\r\n0123".utf8))
        #expect(decoder.next() == .malformed("a body of 10 bytes is over the limit of 4; skipped"))
        decoder.receive(Array("456789".utf8) + framedMessage(Array("{}".utf8)))
        #expect(decoder.next() == .message(Array("{}".utf8)))
    }
}

@Suite struct JSONRPCTests {
    @Test func messagesAreToldApart() throws {
        #expect(try IncomingMessage.parse(Array(#"{"jsonrpc":"2.0","id":"a","method":"shutdown"}"#.utf8)).get()
            == .request(id: "a", method: "shutdown", params: .null))
        #expect(try IncomingMessage.parse(Array(#"{"jsonrpc":"2.0","method":"exit"}"#.utf8)).get() == .notification(method: "exit", params: .null))
        #expect(try IncomingMessage.parse(Array(#"{"jsonrpc":"2.0","id":3,"result":null}"#.utf8)).get() == .response(id: 3))
    }

    @Test(arguments: [
        (#"{"jsonrpc":"2.0","id":1,"#, JSONValue.null, -32700),
        (#"[]"#, JSONValue.null, -32600),
        (#"{"id":5,"method":"shutdown"}"#, JSONValue.int(5), -32600),
        (#"{"jsonrpc":"2.0","id":5,"method":7}"#, JSONValue.int(5), -32600),
        (#"{"jsonrpc":"2.0","id":{"x":1},"method":"shutdown"}"#, JSONValue.null, -32600),
        (#"{"jsonrpc":"2.0","id":5,"method":"hover","params":3}"#, JSONValue.int(5), -32600),
    ])
    func rejected(body: String, id: JSONValue, code: Int) {
        guard case .failure(let rejected) = IncomingMessage.parse(Array(body.utf8)) else {
            Issue.record("accepted \(body)")
            return
        }
        #expect(rejected.id == id)
        #expect(rejected.error.code == code)
    }

    @Test func serializationIsCompactSortedAndEscaped() throws {
        let value: JSONValue = ["b": "line\n\"quoted\" \u{1}", "a": [1, true, .null, 2.5]]
        #expect(String(decoding: value.serialized(), as: UTF8.self) == #"{"a":[1,true,null,2.5],"b":"line\n\"quoted\" \u0001"}"#)
        #expect(try JSONValue.parse(value.serialized()) == value)
    }
}

@Suite struct DocumentTests {
    @Test func fileURIsArePercentDecoded() {
        #expect(DocumentURI("file:///home/ed/My%20Drafts/caf%C3%A9.md").filePath == "/home/ed/My Drafts/café.md")
        #expect(DocumentURI("file://localhost/tmp/a.md").filePath == "/tmp/a.md")
        #expect(DocumentURI("file://server/share/a.md").filePath == nil)
        #expect(DocumentURI("untitled:Untitled-1").filePath == nil)
        #expect(DocumentURI.file("/tmp/My Drafts/café.md").filePath == "/tmp/My Drafts/café.md")
    }

    @Test(arguments: [("markdown", "a.txt", InputFormat.markdown), ("html", "a.md", .html), ("plaintext", "a.html", .text),
                      ("mdx", "notes.mdx", .markdown), ("unknown", "page.htm", .html)])
    func formatFromLanguageThenExtension(language: String, file: String, format: InputFormat) {
        #expect(OpenDocument(uri: .file("/tmp/" + file), languageID: language, version: 1, text: "").format == format)
    }

    @Test func incrementalChangesApplyInOrder() {
        var document = OpenDocument(uri: .file("/tmp/a.md"), languageID: "markdown", version: 1, text: "héllo\nwörld\n")
        document.apply([
            .init(range: (.init(line: 1, character: 1), .init(line: 1, character: 2)), text: "o"),
            .init(range: (.init(line: 0, character: 0), .init(line: 0, character: 0)), text: "😀 "),
            .init(range: (.init(line: 0, character: 3), .init(line: 0, character: 4)), text: "H"),
        ], version: 2, encoding: .utf16)
        #expect(String(decoding: document.bytes, as: UTF8.self) == "😀 Héllo\nworld\n")
        #expect(document.version == 2)
        document.apply([.init(range: nil, text: "new")], version: 3, encoding: .utf8)
        #expect(String(decoding: document.bytes, as: UTF8.self) == "new")
    }

    @Test func encodingNegotiation() {
        #expect(PositionEncoding.negotiate(offered: ["utf-16", "utf-8"]) == .utf8)
        #expect(PositionEncoding.negotiate(offered: ["utf-32"]) == .utf16)
        #expect(PositionEncoding.negotiate(offered: .null) == .utf16)
    }
}
