import ClaimCheckKit
import Foundation
import Hummingbird

/// The server's routes: the JSON API (`/v1`), the LanguageTool-compatible API
/// (`/v2`), the health check and the editor's page. Each handler reads its
/// request, asks the `CheckService` and writes JSON; every failure is a
/// `ServerError`, written by `JSONErrorMiddleware`.
enum ServerRoutes {
    /// Every route by path, with the methods it takes: for 405 and the 404 hint.
    /// A path ending in `/*` takes one more component.
    static func table(servesEditor: Bool) -> [(path: String, methods: [HTTPRequest.Method])] {
        (servesEditor ? [("/", [HTTPRequest.Method.get, .head])] : []) + [
            ("/healthz", [.get, .head]),
            ("/v1/check", [.post]),
            ("/v1/rules", [.get, .head]),
            ("/v1/registry/*", [.get, .head]),
            ("/v2/check", [.post]),
            ("/v2/languages", [.get, .head]),
        ]
    }

    static func router(_ service: CheckService, editorPage: [UInt8]?) -> Router<BasicRequestContext> {
        let router = Router(options: .autoGenerateHeadEndpoints)
        // First, so that it wraps every route and the not-found responder.
        router.add(middleware: JSONErrorMiddleware(routes: table(servesEditor: editorPage != nil)))
        if let origin = service.settings.allowedOrigin {
            router.add(middleware: CORSMiddleware(allowOrigin: origin == "*" ? .all : .custom(origin),
                                                  allowHeaders: [.accept, .contentType, .origin], allowMethods: [.get, .post, .head, .options]))
        }
        let limit = service.settings.maximumBodyBytes

        if let editorPage {
            router.get("/") { _, _ in EditorPage.response(editorPage) }
        }
        router.get("/healthz") { _, _ in
            struct Health: Encodable { var status = "ok"; var version = ClaimCheckVersion.current; var checksRunning: Int; var checksWaiting: Int }
            let load = service.load
            return try encoded(Health(checksRunning: load.running, checksWaiting: load.waiting), pretty: false)
        }
        router.post("/v1/check") { request, _ in
            let body = try await readBody(request, limit: limit)
            let document = try DocumentRequest.parse(body: body, mediaType: mediaType(request), query: try query(request))
            return jsonResponse(try await service.jsonReport(document))
        }
        router.get("/v1/rules") { _, _ in
            try encoded(RuleCatalogJSON(service.catalog), pretty: true)
        }
        router.get("/v1/registry/:id") { request, context in
            let raw = context.parameters.get("id") ?? ""
            let id = raw.removingPercentEncoding ?? raw
            guard let entry = RegistryEntryJSON(lookup: id, in: service.registry) else {
                let suggestion = service.registry.closestName(to: id).map { "did you mean '\($0)'? " } ?? ""
                throw ServerError(.notFound, "no registry entry named '\(id)'",
                                  fix: suggestion + "ask by an intervention's, condition's or organisation's id, name or alias; `claimcheck registry list` lists the interventions")
            }
            return try encoded(entry, pretty: true)
        }
        router.post("/v2/check") { request, _ in
            let body = try await readBody(request, limit: limit)
            guard mediaType(request) == "application/x-www-form-urlencoded" else {
                throw ServerError.unsupportedType(mediaType(request), accepted: "application/x-www-form-urlencoded (text=…&language=en-US)")
            }
            guard !body.isEmpty else {
                throw ServerError.badRequest("the body is empty", fix: "send the form: text=…&language=en-US")
            }
            let checkRequest = try LanguageToolRequest(try FormFields(parsing: body))
            return try encoded(try await service.languageTool(checkRequest), pretty: false)
        }
        router.get("/v2/languages") { _, _ in
            try encoded(LanguageToolLanguage.variants, pretty: false)
        }
        return router
    }

    /// The body, refused with 413 past `limit` (by its Content-Length before reading any of it).
    static func readBody(_ request: Request, limit: Int) async throws -> [UInt8] {
        if let length = request.headers[.contentLength].flatMap(Int.init), length > limit {
            throw ServerError.tooLarge(limit: limit)
        }
        do {
            let buffer = try await request.body.collect(upTo: limit)
            return Array(buffer.readableBytesView)
        } catch let error as any HTTPResponseError where error.status == .contentTooLarge {
            throw ServerError.tooLarge(limit: limit)
        }
    }

    /// The Content-Type without its parameters, lower-cased.
    static func mediaType(_ request: Request) -> String? {
        request.headers[.contentType].map {
            $0.split(separator: ";", maxSplits: 1).first.map { $0.trimmingCharacters(in: .whitespaces).lowercased() } ?? ""
        }
    }

    static func query(_ request: Request) throws(ServerError) -> [String: String] {
        guard let query = request.uri.query, !query.isEmpty else { return [:] }
        return try FormFields(parsing: Array(query.utf8)).values
    }

    static func jsonResponse(_ text: String) -> Response {
        Response(status: .ok, headers: [.contentType: "application/json; charset=utf-8"],
                 body: .init(byteBuffer: ByteBuffer(string: text)))
    }

    /// A value as JSON: pretty and with sorted keys like the CLI's JSON, or compact (the LanguageTool API).
    static func encoded(_ value: some Encodable, pretty: Bool) throws -> Response {
        let encoder = JSONEncoder()
        encoder.outputFormatting = pretty ? [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes] : [.sortedKeys, .withoutEscapingSlashes]
        return jsonResponse(String(decoding: try encoder.encode(value), as: UTF8.self) + "\n")
    }
}
