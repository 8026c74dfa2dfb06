import Foundation

/// How `claimcheck serve` listens and what it allows a request: the address, the
/// largest body, the time a request may take and how many checks run at once.
public struct ServerSettings: Sendable {
    /// The address to listen on: loopback unless the user asks for another.
    public var host: String
    /// The port; 0 lets the system pick a free one (tests, CI scripts).
    public var port: Int
    /// Bodies larger than this get 413 before the check sees them.
    public var maximumBodyBytes: Int
    /// A request that has not been answered in this time (waiting for a free
    /// checker included) gets 503; a connection idle this long is closed.
    public var timeout: Duration
    /// Checks that run at once, each on a thread of its own, off the event loop.
    public var maximumConcurrentChecks: Int
    /// Checks that may wait for a free checker; past that a request gets 503 with Retry-After.
    public var maximumQueuedChecks: Int
    /// The web origin whose pages may read the answers (CORS), `*` for any; nil
    /// for none, the default: a LanguageTool browser extension may need it, as
    /// LanguageTool's own server's `--allow-origin` does.
    public var allowedOrigin: String?

    public init(host: String = "127.0.0.1", port: Int = 8080, maximumBodyBytes: Int = 2 * 1024 * 1024,
                timeout: Duration = .seconds(10), maximumConcurrentChecks: Int = ServerSettings.defaultConcurrency,
                maximumQueuedChecks: Int = 256, allowedOrigin: String? = nil) {
        self.host = host
        self.port = port
        self.maximumBodyBytes = maximumBodyBytes
        self.timeout = timeout
        self.maximumConcurrentChecks = max(1, maximumConcurrentChecks)
        self.maximumQueuedChecks = max(0, maximumQueuedChecks)
        self.allowedOrigin = allowedOrigin
    }

    /// One check per core.
    public static var defaultConcurrency: Int { max(1, ProcessInfo.processInfo.activeProcessorCount) }
}
