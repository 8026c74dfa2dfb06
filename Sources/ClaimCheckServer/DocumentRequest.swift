import ClaimCheckKit
import Foundation

/// The document a `POST /v1/check` asks about: a JSON body
/// `{"text": "…", "format": "html|markdown|text", "name": "…"}`, or the document
/// itself as the body with a Content-Type of text/html, text/markdown or text/plain
/// (its name then from `?name=`).
struct DocumentRequest: Sendable, Equatable {
    var bytes: [UInt8]
    /// What the report calls the document; its extension guesses the format when none is given.
    var name: String
    /// nil: from the name's extension, then the content (as `claimcheck check` does).
    var format: InputFormat?

    /// The name a document without one gets.
    static let defaultName = "document"

    static let acceptedTypes = "application/json with {\"text\": …}, or the document as text/html, text/markdown or text/plain"

    /// Reads the body by its media type (the Content-Type without parameters, lower-cased).
    static func parse(body: [UInt8], mediaType: String?, query: [String: String]) throws(ServerError) -> DocumentRequest {
        guard !body.isEmpty else {
            throw .badRequest("the body is empty", fix: "send the document: \(acceptedTypes)")
        }
        switch mediaType {
        case "application/json":
            return try parseJSON(body)
        case "text/html", "application/xhtml+xml":
            return DocumentRequest(bytes: body, name: query["name"] ?? defaultName, format: .html)
        case "text/markdown", "text/x-markdown":
            return DocumentRequest(bytes: body, name: query["name"] ?? defaultName, format: .markdown)
        case "text/plain":
            return DocumentRequest(bytes: body, name: query["name"] ?? defaultName, format: .text)
        default:
            throw .unsupportedType(mediaType, accepted: acceptedTypes)
        }
    }

    private struct JSONBody: Decodable {
        var text: String?
        var format: String?
        var name: String?
    }

    private static func parseJSON(_ body: [UInt8]) throws(ServerError) -> DocumentRequest {
        let decoded: JSONBody
        do {
            decoded = try JSONDecoder().decode(JSONBody.self, from: Data(body))
        } catch let error as DecodingError {
            throw .badRequest("the body is not the JSON the server reads: \(describe(error))",
                              fix: "send {\"text\": \"…\", \"format\": \"html|markdown|text\", \"name\": \"…\"} (format and name optional)")
        } catch {
            throw .badRequest("the body is not JSON", fix: "send {\"text\": \"…\"} as UTF-8 JSON")
        }
        guard let text = decoded.text else {
            throw .badRequest("the JSON has no \"text\"", fix: "send {\"text\": \"…\"} with the document's text")
        }
        var format: InputFormat?
        if let name = decoded.format {
            guard let known = InputFormat(rawValue: name.lowercased()) else {
                throw .badRequest("\"format\" takes html, markdown or text (got '\(name)')",
                                  fix: "leave it out to guess from the name and the text, or give one of html, markdown, text")
            }
            format = known
        }
        return DocumentRequest(bytes: Array(text.utf8), name: decoded.name ?? defaultName, format: format)
    }

    /// A decoding error as one line: where and what.
    static func describe(_ error: DecodingError) -> String {
        func path(_ context: DecodingError.Context) -> String {
            let keys = context.codingPath.map { $0.intValue.map { "[\($0)]" } ?? $0.stringValue }
            return keys.isEmpty ? "" : " at \(keys.joined(separator: "."))"
        }
        switch error {
        case .dataCorrupted(let context):
            let underlying = (context.underlyingError as NSError?)?.userInfo["NSDebugDescription"] as? String
            return "malformed JSON" + path(context) + (underlying.map { " (\($0))" } ?? "")
        case .typeMismatch(_, let context), .valueNotFound(_, let context):
            return context.debugDescription + path(context)
        case .keyNotFound(let key, _):
            return "missing \"\(key.stringValue)\""
        @unknown default:
            return "\(error)"
        }
    }
}
