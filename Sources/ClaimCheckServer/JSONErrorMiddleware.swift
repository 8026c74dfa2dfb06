import Hummingbird

/// Turns every failure into the server's JSON error: a `ServerError` as it is,
/// an unknown path into 404 and a known path asked with the wrong method into 405
/// (with `Allow`), the framework's own errors by their status, anything else 500.
struct JSONErrorMiddleware<Context: RequestContext>: RouterMiddleware {
    let routes: [(path: String, methods: [HTTPRequest.Method])]

    func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws -> Response {
        do {
            return try await next(request, context)
        } catch let error as ServerError {
            return error.response
        } catch let error as HTTPError where error.status == .notFound {
            let path = request.uri.path
            if let allowed = allowedMethods(for: path) {
                return ServerError.methodNotAllowed(request.method, path, allowed: allowed).response
            }
            return ServerError(.notFound, "no route \(path)", fix: "the routes are " + routeList).response
        } catch let error as any HTTPResponseError {
            return ServerError(error.status, "the request could not be read (\(error.status.reasonPhrase))",
                               fix: "check the request's method, headers and body").response
        } catch {
            context.logger.error("unexpected error: \(error)")
            return ServerError(.internalServerError, "the server failed on this request", fix: "report it with the document that caused it").response
        }
    }

    /// The methods a known path takes; nil for a path no route has.
    func allowedMethods(for path: String) -> [HTTPRequest.Method]? {
        let trimmed = path.count > 1 && path.hasSuffix("/") ? String(path.dropLast()) : path
        for route in routes {
            if route.path.hasSuffix("/*") {
                let prefix = String(route.path.dropLast())
                let rest = trimmed.dropFirst(prefix.count)
                if trimmed.hasPrefix(prefix), !rest.isEmpty, !rest.contains("/") { return route.methods }
            } else if route.path == trimmed {
                return route.methods
            }
        }
        return nil
    }

    private var routeList: String {
        routes.map { route in
            let shown = route.path.hasSuffix("/*") ? String(route.path.dropLast()) + "{id}" : route.path
            return "\(route.methods.filter { $0 != .head }.map(\.rawValue).joined(separator: "/")) \(shown)"
        }.joined(separator: ", ")
    }
}
