import ArgumentParser
import ClaimCheckKit
import ClaimCheckServer
import Foundation

struct ServeCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "serve",
        abstract: "Serve ClaimCheck over HTTP: the editor's page, the JSON API and the LanguageTool-compatible API.",
        discussion: """
        Loads the rules once, then answers until stopped (Ctrl-C). Every document is
        judged by --config, else the .claimcheck.yml of the folder it was started in.
        It listens on loopback only, unless --host names another address, and never
        makes a request of its own.

        Routes:
          GET  /                 the editor's page: paste or drop a draft, see each claim's verdict
          POST /v1/check         {"text": …, "format": "html|markdown|text", "name": …}, or the
                                 document as text/html, text/markdown or text/plain (?name=…):
                                 the JSON report `claimcheck check --format json` prints
          GET  /v1/rules         the rules checked
          GET  /v1/registry/ID   one intervention, condition or organisation by id, name or alias
          POST /v2/check         LanguageTool's API (text= or data=, language=en-US): point a
          GET  /v2/languages     LanguageTool client at http://HOST:PORT/v2/
          GET  /healthz          {"status": "ok"}

        Examples:
          claimcheck serve
          claimcheck serve --port 8081 --max-body 8M --timeout 30s
          curl -s localhost:8080/v1/check -H 'Content-Type: text/markdown' --data-binary @draft.md
        """
    )

    @Option(help: ArgumentHelp("The address to listen on; only loopback unless you name another.", valueName: "address"))
    var host = "127.0.0.1"

    @Option(help: ArgumentHelp("The port to listen on (0 picks a free one and prints it).", valueName: "port"))
    var port = 8080

    @Option(help: ArgumentHelp("Refuse bodies larger than this with 413 (e.g. 512K, 2M).", valueName: "size"))
    var maxBody = "2M"

    @Option(help: ArgumentHelp("Answer a request not done in this time with 503 (e.g. 500ms, 10s, 1m).", valueName: "duration"))
    var timeout = "10s"

    @Option(help: ArgumentHelp("Checks run at once, each on a thread of its own (default: one per core).", valueName: "count"))
    var maxConcurrent: Int?

    @Option(help: ArgumentHelp("Checks that may wait for a free checker; more get 503 with Retry-After.", valueName: "count"))
    var maxQueued = 256

    @Option(help: ArgumentHelp("Let pages of this web origin read the answers (CORS), * for any; none by default. A browser extension may need it.", valueName: "origin"))
    var allowOrigin: String?

    @Option(help: ArgumentHelp("Judge every document by this config instead of ./.claimcheck.yml.", valueName: "file"))
    var config: String?

    @OptionGroup var location: RulesLocation

    func validate() throws {
        guard (0...65535).contains(port) else { throw ValidationError("--port takes 0 to 65535 (got \(port))") }
        guard ByteSize.parse(maxBody) != nil else { throw ValidationError("--max-body takes a size such as 512K, 2M or a number of bytes (got '\(maxBody)')") }
        guard Self.duration(timeout) != nil else { throw ValidationError("--timeout takes a duration such as 500ms, 10s or 2m (got '\(timeout)')") }
        if let maxConcurrent, maxConcurrent < 1 { throw ValidationError("--max-concurrent takes 1 or more (got \(maxConcurrent))") }
        guard maxQueued >= 0 else { throw ValidationError("--max-queued takes 0 or more (got \(maxQueued))") }
    }

    /// `500ms`, `10s`, `2m`, or a number of seconds.
    static func duration(_ text: String) -> Duration? {
        let text = text.trimmingCharacters(in: .whitespaces).lowercased()
        for (suffix, milliseconds) in [("ms", 1.0), ("s", 1000.0), ("m", 60_000.0)] where text.hasSuffix(suffix) {
            guard let number = Double(text.dropLast(suffix.count)), number > 0 else { return nil }
            return .milliseconds(Int64(number * milliseconds))
        }
        return Double(text).flatMap { $0 > 0 ? .milliseconds(Int64($0 * 1000)) : nil }
    }

    func run() throws {
        let settings = ServerSettings(host: host, port: port, maximumBodyBytes: ByteSize.parse(maxBody) ?? 2 * 1024 * 1024,
                                      timeout: Self.duration(timeout) ?? .seconds(10),
                                      maximumConcurrentChecks: maxConcurrent ?? ServerSettings.defaultConcurrency,
                                      maximumQueuedChecks: maxQueued, allowedOrigin: allowOrigin)
        let session = CheckSession(CheckOptions(rulesFolder: location.resolve(), configFile: config))
        let configPath = session.configPath(forInput: ".")
        let server: ClaimCheckServer
        do {
            server = try ClaimCheckServer(session: session, configPath: configPath, settings: settings)
        } catch {
            FileHandle.standardError.write(Data((error.description + "\n").utf8))
            throw ExitCode(2)
        }
        let failure = ServeOutcome()
        let done = DispatchSemaphore(value: 0)
        Task {
            do {
                try await server.run { host, port in
                    let shown = host.contains(":") ? "[\(host)]" : host
                    // Written unbuffered, so a script waiting for the address sees it at once.
                    FileHandle.standardOutput.write(Data("""
                        claimcheck: serving on http://\(shown):\(port) (config: \(configPath ?? "none"); Ctrl-C stops)
                          the editor's page: http://\(shown):\(port)/
                          LanguageTool clients: http://\(shown):\(port)/v2/

                        """.utf8))
                }
            } catch {
                failure.message = "\(error)"
            }
            done.signal()
        }
        done.wait()
        if let message = failure.message {
            FileHandle.standardError.write(Data((message + "\n").utf8))
            throw ExitCode(2)
        }
    }
}

/// Why the server stopped, if it failed (written by the server's task, read after it ends).
private final class ServeOutcome: @unchecked Sendable {
    var message: String?
}
