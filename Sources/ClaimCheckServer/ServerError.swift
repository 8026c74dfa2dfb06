import ClaimCheckKit
import Foundation
import Hummingbird

/// A request the server refuses, as every error goes out:
/// `{"error": {"status": 400, "message": "…", "fix": "…"}}`, the status saying
/// whose mistake it is and `fix` what to send instead.
public struct ServerError: Error, Sendable, Equatable {
    public var status: HTTPResponse.Status
    public var message: String
    public var fix: String
    /// Seconds after which the client may try again (503 when every checker is busy).
    public var retryAfter: Int?
    /// The methods the path takes (405).
    public var allowed: [HTTPRequest.Method] = []

    public init(_ status: HTTPResponse.Status, _ message: String, fix: String, retryAfter: Int? = nil) {
        self.status = status
        self.message = message
        self.fix = fix
        self.retryAfter = retryAfter
    }

    public static func badRequest(_ message: String, fix: String) -> ServerError {
        ServerError(.badRequest, message, fix: fix)
    }

    public static func tooLarge(limit: Int) -> ServerError {
        ServerError(.contentTooLarge, "the body is larger than the server's limit of \(ByteSize.describe(limit))",
                    fix: "send a smaller document, or start the server with a larger --max-body")
    }

    public static func unsupportedType(_ type: String?, accepted: String) -> ServerError {
        ServerError(.unsupportedMediaType,
                    type.map { "the server does not read bodies of type '\($0)'" } ?? "the request has no Content-Type",
                    fix: "send Content-Type: \(accepted)")
    }

    public static func methodNotAllowed(_ method: HTTPRequest.Method, _ path: String, allowed: [HTTPRequest.Method]) -> ServerError {
        var error = ServerError(.methodNotAllowed, "\(path) does not take \(method.rawValue)",
                                fix: "use " + allowed.map(\.rawValue).joined(separator: " or "))
        error.allowed = allowed
        return error
    }

    public static func busy(retryAfter: Int) -> ServerError {
        ServerError(.serviceUnavailable, "every checker is busy and the queue is full",
                    fix: "try again in \(retryAfter) s, or start the server with a larger --max-concurrent", retryAfter: retryAfter)
    }

    public static func timedOut(_ limit: Duration) -> ServerError {
        ServerError(.serviceUnavailable, "the check was not done within the server's limit of \(limit.secondsText)",
                    fix: "send a shorter document, or start the server with a longer --timeout", retryAfter: 1)
    }

    /// The JSON body and headers of this error.
    public var response: Response {
        struct Body: Encodable {
            struct Detail: Encodable { var status: Int; var message: String; var fix: String }
            var error: Detail
        }
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        let data = (try? encoder.encode(Body(error: .init(status: status.code, message: message, fix: fix)))) ?? Data()
        var headers: HTTPFields = [.contentType: "application/json; charset=utf-8"]
        if let retryAfter { headers[.retryAfter] = String(retryAfter) }
        if !allowed.isEmpty { headers[.allow] = allowed.map(\.rawValue).joined(separator: ", ") }
        return Response(status: status, headers: headers, body: .init(byteBuffer: ByteBuffer(bytes: Array(data) + [0x0A])))
    }
}

extension Duration {
    /// "10 s", "250 ms".
    var secondsText: String {
        let (seconds, attoseconds) = components
        let milliseconds = seconds * 1000 + attoseconds / 1_000_000_000_000_000
        return milliseconds % 1000 == 0 ? "\(milliseconds / 1000) s" : "\(milliseconds) ms"
    }
}
