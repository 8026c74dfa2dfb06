import ClaimCheckKit
import Foundation

/// What `claimcheck lsp` is started with.
public struct LanguageServerOptions: Sendable {
    /// Rules, registry and config, as the command line's `--rules` and `--config` give them.
    public var check: CheckOptions
    public var log: ServerLog

    public init(check: CheckOptions, log: ServerLog = .none) {
        self.check = check
        self.log = log
    }
}

/// The Language Server Protocol over one message channel: Markdown, HTML and
/// plain text documents are checked as the client opens, edits and saves them,
/// and their findings published as diagnostics, with hovers and a suppression
/// quick fix.
///
/// Messages are handled one at a time, in order. Diagnostics are published
/// when no further message is waiting to be read: a burst of edits (a paste,
/// fast typing the client sends change by change) is checked once, at its end,
/// and a lone edit is checked at once, with no timer between. A client that
/// never stops sending still gets diagnostics every `longestWait`.
public final class LanguageServer {
    enum Lifecycle { case awaitingInitialize, running, shutDown }

    let channel: MessageChannel
    let log: ServerLog
    var lifecycle = Lifecycle.awaitingInitialize
    var encoding = PositionEncoding.utf16
    var documents = DocumentStore()
    var checker: DocumentChecker
    /// Each open document's last outcome, with the version it was checked at.
    var outcomes: [DocumentURI: (version: Int?, outcome: CheckOutcome)] = [:]
    /// Documents changed since their diagnostics were last published.
    var unpublished: Set<DocumentURI> = []
    /// When the oldest unpublished change was read, for the log's latency.
    var unpublishedSince: [DocumentURI: Date] = [:]
    /// Config and rule problems already shown, so each is shown once, not on every keystroke.
    var shownProblems: Set<String> = []

    /// The longest a change waits for its diagnostics while further messages keep arriving.
    static let longestWait: TimeInterval = 0.25

    var oldestUnpublishedAge: TimeInterval {
        unpublishedSince.values.min().map { Date().timeIntervalSince($0) } ?? 0
    }

    public init(options: LanguageServerOptions, channel: MessageChannel) {
        self.channel = channel
        self.log = options.log
        self.checker = DocumentChecker(session: CheckSession(options.check))
    }

    /// Serves until the client's `exit` (or the end of input), and returns the
    /// exit code the protocol asks for: 0 after a `shutdown` request, else 1.
    public func run() -> Int32 {
        while let frame = channel.read() {
            switch frame {
            case .malformed(let reason):
                log.write("framing error: \(reason)")
                send(OutgoingMessage.error(id: .null, .parseError(reason)))
            case .message(let body):
                switch IncomingMessage.parse(body) {
                case .failure(let rejected):
                    log.write("rejected message: \(rejected.error.message)")
                    send(OutgoingMessage.error(id: rejected.id, rejected.error))
                case .success(.notification(method: "exit", params: _)):
                    log.write("exit after \(lifecycle == .shutDown ? "shutdown" : "no shutdown")")
                    return lifecycle == .shutDown ? 0 : 1
                case .success(let message):
                    handle(message)
                }
            }
            if !unpublished.isEmpty, !channel.hasPendingInput || oldestUnpublishedAge > Self.longestWait { publishPending() }
        }
        log.write("end of input")
        return lifecycle == .shutDown ? 0 : 1
    }

    func handle(_ message: IncomingMessage) {
        switch message {
        case .response:
            return
        case .request(let id, let method, let params):
            log.write("request \(method) id \(String(decoding: id.serialized(), as: UTF8.self))")
            let answer: Result<JSONValue, RPCError>
            switch lifecycle {
            case .awaitingInitialize where method != "initialize":
                answer = .failure(RPCError(code: RPCError.serverNotInitializedCode, message: "the server is not initialized; send initialize first"))
            case .shutDown:
                answer = .failure(.invalidRequest("the server is shut down; the only message it takes now is exit"))
            default:
                do { answer = .success(try respond(to: method, params: params)) } catch { answer = .failure(error) }
            }
            switch answer {
            case .success(let result): send(OutgoingMessage.response(id: id, result: result))
            case .failure(let error): send(OutgoingMessage.error(id: id, error))
            }
        case .notification(let method, let params):
            log.write("notification \(method)")
            // Before initialize and after shutdown, notifications are dropped (exit is handled by run).
            guard lifecycle == .running else { return }
            do { try notice(method, params: params) } catch {
                log.write("\(method): \(error.message)")
            }
        }
    }

    func respond(to method: String, params: JSONValue) throws(RPCError) -> JSONValue {
        switch method {
        case "initialize":
            guard lifecycle == .awaitingInitialize else { throw .invalidRequest("initialize was already sent") }
            return initialize(params)
        case "shutdown":
            lifecycle = .shutDown
            return .null
        case "textDocument/hover": return try hover(params)
        case "textDocument/codeAction": return try codeActions(params)
        default: throw .methodNotFound(method)
        }
    }

    func notice(_ method: String, params: JSONValue) throws(RPCError) {
        switch method {
        case "textDocument/didOpen": try didOpen(params)
        case "textDocument/didChange": try didChange(params)
        case "textDocument/didSave": try didSave(params)
        case "textDocument/didClose": try didClose(params)
        default: return  // initialized, $/cancelRequest, $/setTrace, workspace/didChangeConfiguration: nothing to do
        }
    }

    func initialize(_ params: JSONValue) -> JSONValue {
        encoding = .negotiate(offered: params["capabilities"]["general"]["positionEncodings"])
        checker.workspaceRoot = Self.workspaceRoot(params)
        lifecycle = .running
        log.write("initialized: position encoding \(encoding.rawValue), workspace \(checker.workspaceRoot ?? "none")")
        return ServerCapabilities.initializeResult(encoding: encoding)
    }

    /// The first workspace folder's path, else `rootUri`'s, else `rootPath`.
    static func workspaceRoot(_ params: JSONValue) -> String? {
        if let uri = params["workspaceFolders"][0]["uri"].stringValue, let path = DocumentURI(uri).filePath { return path }
        if let uri = params["rootUri"].stringValue, let path = DocumentURI(uri).filePath { return path }
        return params["rootPath"].stringValue
    }

    func send(_ message: JSONValue) {
        channel.write(message.serialized())
    }

    func notify(_ method: String, _ params: JSONValue) {
        send(OutgoingMessage.notification(method, params))
    }
}
