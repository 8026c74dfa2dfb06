import ClaimCheckKit
import Foundation
import Hummingbird
import Logging

/// `claimcheck serve`: ClaimCheck over HTTP on Hummingbird. The rules and
/// registry are loaded once, before the server listens; it makes no request of
/// its own, ever, and listens on loopback unless told another host.
public struct ClaimCheckServer: Sendable {
    public let settings: ServerSettings
    let service: CheckService
    let editorPage: [UInt8]?

    /// Loads the checker for `configPath` (nil: the defaults) through `session`.
    /// `editorPage` is served at `GET /` (the built-in page by default; nil serves none).
    /// Throws the rule and config errors the command line prints.
    public init(session: CheckSession, configPath: String?, settings: ServerSettings,
                editorPage: [UInt8]? = EditorPage.embedded) throws(ConfigurationErrors) {
        self.settings = settings
        service = try CheckService(session: session, configPath: configPath, settings: settings)
        self.editorPage = editorPage
    }

    /// Listens until the process is told to stop (SIGINT, SIGTERM) or the task is
    /// cancelled; `onListening` gets the address and port bound (the real port
    /// when 0 was asked for). Throws `ServerStartError` when the address cannot be bound.
    public func run(onListening: @escaping @Sendable (_ host: String, _ port: Int) -> Void) async throws {
        var logger = Logger(label: "claimcheck.serve")
        logger.logLevel = .warning
        let listening = ListeningFlag()
        let app = Application(
            router: ServerRoutes.router(service, editorPage: editorPage),
            server: .http1(configuration: .init(idleTimeout: .nanoseconds(settings.timeout.nanoseconds))),
            configuration: .init(address: .hostname(settings.host, port: settings.port), serverName: "ClaimCheck/\(ClaimCheckVersion.current)"),
            onServerRunning: { channel in
                listening.set()
                onListening(settings.host, channel.localAddress?.port ?? settings.port)
            },
            logger: logger
        )
        do {
            try await app.runService()
        } catch {
            // Binding happens inside the service; an error before it listened is a failure to start.
            if !listening.isSet { throw ServerStartError(host: settings.host, port: settings.port, underlying: "\(error)") }
            throw error
        }
        if !listening.isSet { throw ServerStartError(host: settings.host, port: settings.port, underlying: "the server stopped before it listened") }
    }
}

/// The server could not listen: the port is taken, the host is not an address of this machine, …
public struct ServerStartError: Error, CustomStringConvertible {
    public var host: String
    public var port: Int
    public var underlying: String

    public var description: String {
        let inUse = underlying.contains("Address already in use") || underlying.contains("EADDRINUSE") || underlying.contains("errno: 98")
        if inUse {
            return "claimcheck: cannot listen on \(host):\(port): the port is in use\n  fix: stop what listens there, or pick another port with --port (0 picks a free one)"
        }
        return "claimcheck: cannot listen on \(host):\(port): \(underlying)\n  fix: check --host (an address of this machine, such as 127.0.0.1) and --port"
    }
}

/// Whether the server got as far as listening (set from the event loop, read after).
private final class ListeningFlag: @unchecked Sendable {
    private let lock = NSLock()
    private var value = false
    func set() { lock.lock(); value = true; lock.unlock() }
    var isSet: Bool { lock.lock(); defer { lock.unlock() }; return value }
}

extension Duration {
    var nanoseconds: Int64 {
        let (seconds, attoseconds) = components
        return seconds.multipliedReportingOverflow(by: 1_000_000_000).overflow ? .max : seconds * 1_000_000_000 + attoseconds / 1_000_000_000
    }
}
