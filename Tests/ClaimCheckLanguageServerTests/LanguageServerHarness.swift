import ClaimCheckKit
import ClaimCheckLanguageServer
import Foundation

/// The repository root, found from this file's path.
let repositoryRoot: String = {
    var url = URL(fileURLWithPath: #filePath)
    for _ in 0..<3 { url.deleteLastPathComponent() }
    return url.path
}()

func fixturePath(_ name: String) -> String { repositoryRoot + "/Fixtures/" + name }

struct HarnessTimeout: Error, CustomStringConvertible {
    var waitingFor: String
    var description: String { "no answer from the server while waiting for \(waitingFor)" }
}

/// A language server running in this process on its own thread, driven through
/// pipes with real framed JSON-RPC, as an editor drives `claimcheck lsp`.
final class LanguageServerHarness: @unchecked Sendable {
    private let toServer = Pipe()
    private let fromServer = Pipe()
    private let client: MessageChannel
    private let finished = DispatchSemaphore(value: 0)
    private var exitCode: Int32?
    private var nextID = 1
    /// Notifications read while waiting for something else, oldest first.
    private(set) var notifications: [JSONValue] = []

    init(configFile: String? = nil) {
        let server = LanguageServer(
            options: LanguageServerOptions(check: CheckOptions(rulesFolder: repositoryRoot + "/Rules", configFile: configFile)),
            channel: MessageChannel(input: toServer.fileHandleForReading.fileDescriptor,
                                    output: fromServer.fileHandleForWriting.fileDescriptor))
        client = MessageChannel(input: fromServer.fileHandleForReading.fileDescriptor,
                                output: toServer.fileHandleForWriting.fileDescriptor)
        let box = UncheckedBox(server)
        Thread { [self] in
            exitCode = box.value.run()
            finished.signal()
        }.start()
    }

    /// Sends `initialize` (offering these position encodings, if any) and `initialized`; returns the result.
    @discardableResult
    func initialize(positionEncodings: [String]? = nil, rootURI: String? = nil) throws -> JSONValue {
        var capabilities: [String: JSONValue] = [:]
        if let positionEncodings { capabilities["general"] = ["positionEncodings": .array(positionEncodings.map(JSONValue.string))] }
        var params: [String: JSONValue] = ["processId": .null, "capabilities": .object(capabilities)]
        params["rootUri"] = rootURI.map(JSONValue.string) ?? .null
        let result = try request("initialize", .object(params))["result"]
        notify("initialized", [:])
        return result
    }

    func send(_ message: JSONValue) { client.write(message.serialized()) }

    /// Writes bytes as they are, framing and all (for malformed messages).
    func sendRaw(_ bytes: [UInt8]) {
        toServer.fileHandleForWriting.write(Data(bytes))
    }

    func notify(_ method: String, _ params: JSONValue) {
        send(["jsonrpc": "2.0", "method": .string(method), "params": params])
    }

    /// Sends a request and returns the whole response message.
    func request(_ method: String, _ params: JSONValue = .null) throws -> JSONValue {
        let id = nextID
        nextID += 1
        var message: [String: JSONValue] = ["jsonrpc": "2.0", "id": .int(id), "method": .string(method)]
        if params != .null { message["params"] = params }
        send(.object(message))
        return try readResponse(id: .int(id))
    }

    func readResponse(id: JSONValue) throws -> JSONValue {
        while true {
            let message = try readMessage(waitingFor: "the response to \(id)")
            if message["method"].isNull, message["id"] == id { return message }
            if !message["method"].isNull { notifications.append(message) }
        }
    }

    /// The next `publishDiagnostics` for `uri` (one already read first).
    func diagnostics(for uri: String) throws -> JSONValue {
        if let index = notifications.firstIndex(where: { $0["method"] == "textDocument/publishDiagnostics" && $0["params"]["uri"].stringValue == uri }) {
            return notifications.remove(at: index)["params"]
        }
        while true {
            let message = try readMessage(waitingFor: "diagnostics for \(uri)")
            if message["method"] == "textDocument/publishDiagnostics", message["params"]["uri"].stringValue == uri { return message["params"] }
            notifications.append(message)
        }
    }

    func readMessage(waitingFor: String) throws -> JSONValue {
        guard case .message(let body)? = client.read(timeout: 20_000) else { throw HarnessTimeout(waitingFor: waitingFor) }
        return try JSONValue.parse(body)
    }

    /// Opens a document with `text`, and returns its first diagnostics.
    func open(uri: String, languageID: String, text: String, version: Int = 1) throws -> JSONValue {
        notify("textDocument/didOpen", ["textDocument": ["uri": .string(uri), "languageId": .string(languageID),
                                                         "version": .int(version), "text": .string(text)]])
        return try diagnostics(for: uri)
    }

    /// The server's exit code once it has stopped (nil if it has not within 20 s).
    func waitForExit() -> Int32? {
        guard finished.wait(timeout: .now() + 20) == .success else { return nil }
        return exitCode
    }

    /// Closes the server's input, so a server still running stops.
    func closeInput() { try? toServer.fileHandleForWriting.close() }

    deinit { closeInput() }
}

private struct UncheckedBox<Value>: @unchecked Sendable {
    let value: Value
    init(_ value: Value) { self.value = value }
}

/// A range's four numbers, `[startLine, startCharacter, endLine, endCharacter]`, for comparing.
func numbers(_ range: JSONValue) -> [Int] {
    [range["start"]["line"], range["start"]["character"], range["end"]["line"], range["end"]["character"]].map { $0.intValue ?? -1 }
}

func position(_ line: Int, _ character: Int) -> JSONValue { ["line": .int(line), "character": .int(character)] }
