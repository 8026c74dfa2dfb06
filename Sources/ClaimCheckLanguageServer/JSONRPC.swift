/// A JSON-RPC 2.0 error, with the codes the Language Server Protocol uses.
public struct RPCError: Error, Sendable, Equatable {
    public var code: Int
    public var message: String

    public init(code: Int, message: String) {
        self.code = code
        self.message = message
    }

    /// The body is not JSON.
    public static let parseErrorCode = -32700
    /// JSON, but not a request, notification or response.
    public static let invalidRequestCode = -32600
    public static let methodNotFoundCode = -32601
    public static let invalidParamsCode = -32602
    public static let internalErrorCode = -32603
    /// A request before `initialize` was answered.
    public static let serverNotInitializedCode = -32002

    public static func parseError(_ detail: String) -> RPCError { RPCError(code: parseErrorCode, message: "parse error: \(detail)") }
    public static func invalidRequest(_ detail: String) -> RPCError { RPCError(code: invalidRequestCode, message: "invalid request: \(detail)") }
    public static func methodNotFound(_ method: String) -> RPCError {
        RPCError(code: methodNotFoundCode, message: "method not found: \(method); claimcheck lsp answers initialize, shutdown, textDocument/hover and textDocument/codeAction")
    }
    public static func invalidParams(_ detail: String) -> RPCError { RPCError(code: invalidParamsCode, message: "invalid params: \(detail)") }

    var json: JSONValue { ["code": .int(code), "message": .string(message)] }
}

/// A message from the client, as JSON-RPC 2.0 tells them apart: a request has a
/// method and an id and wants an answer, a notification has a method and no id,
/// a response answers a request of the server's.
public enum IncomingMessage: Sendable, Equatable {
    case request(id: JSONValue, method: String, params: JSONValue)
    case notification(method: String, params: JSONValue)
    case response(id: JSONValue)

    /// Reads a message body. A body that is not JSON is a parse error (answered
    /// with id null); JSON that is not a message is an invalid request, answered
    /// with its id when it has a usable one.
    public static func parse(_ body: [UInt8]) -> Result<IncomingMessage, RejectedMessage> {
        let value: JSONValue
        do { value = try JSONValue.parse(body) } catch {
            return .failure(RejectedMessage(id: .null, error: .parseError("the body is not JSON (\(body.count) bytes)")))
        }
        guard case .object(let members) = value else {
            return .failure(RejectedMessage(id: .null, error: .invalidRequest("a message is a JSON object (batches are not part of the protocol)")))
        }
        let id = members["id"] ?? .null
        let usableID: Bool
        switch id {
        case .int, .string: usableID = true
        default: usableID = false
        }
        let replyID: JSONValue = usableID ? id : .null
        guard members["jsonrpc"] == "2.0" else {
            return .failure(RejectedMessage(id: replyID, error: .invalidRequest("\"jsonrpc\" must be \"2.0\"")))
        }
        let params = members["params"] ?? .null
        switch params {
        case .null, .object, .array: break
        default: return .failure(RejectedMessage(id: replyID, error: .invalidRequest("\"params\" must be an object or an array")))
        }
        if let method = members["method"] {
            guard let name = method.stringValue else {
                return .failure(RejectedMessage(id: replyID, error: .invalidRequest("\"method\" must be a string")))
            }
            if members["id"] == nil { return .success(.notification(method: name, params: params)) }
            guard usableID else {
                return .failure(RejectedMessage(id: .null, error: .invalidRequest("\"id\" must be a number or a string")))
            }
            return .success(.request(id: id, method: name, params: params))
        }
        if usableID, members["result"] != nil || members["error"] != nil { return .success(.response(id: id)) }
        return .failure(RejectedMessage(id: replyID, error: .invalidRequest("no \"method\", and not a response")))
    }
}

/// A message the server could not take, and the error to answer it with.
public struct RejectedMessage: Error, Sendable, Equatable {
    public var id: JSONValue
    public var error: RPCError
}

/// The messages the server writes.
enum OutgoingMessage {
    static func response(id: JSONValue, result: JSONValue) -> JSONValue {
        ["jsonrpc": "2.0", "id": id, "result": result]
    }

    static func error(id: JSONValue, _ error: RPCError) -> JSONValue {
        ["jsonrpc": "2.0", "id": id, "error": error.json]
    }

    static func notification(_ method: String, _ params: JSONValue) -> JSONValue {
        ["jsonrpc": "2.0", "method": .string(method), "params": params]
    }
}
