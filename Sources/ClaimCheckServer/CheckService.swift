import ClaimCheckKit
import Foundation

/// What the routes ask of ClaimCheck, each answered off the event loop by the
/// check pool: the rules and registry loaded once at start, one independent
/// checker per concurrent check (threads that check in parallel share no
/// reference counts), every document judged by the one config the server was
/// started with, never by a path a client names.
final class CheckService: Sendable {
    let settings: ServerSettings
    /// The config every document is judged by (nil: the defaults).
    let configPath: String?
    private let checkers: [ClaimChecker]
    let catalog: RuleCatalog
    private let pool: CheckPool

    /// Loads the checker for `configPath` through the session, once; throws what the CLI prints for bad rules or config.
    init(session: CheckSession, configPath: String?, settings: ServerSettings) throws(ConfigurationErrors) {
        self.settings = settings
        self.configPath = configPath
        let checker = try session.checker(configPath: configPath)
        catalog = checker.catalog
        checkers = [checker] + (1..<max(1, settings.maximumConcurrentChecks)).map { _ in checker.independentCopy() }
        pool = CheckPool(workers: checkers.count, queueLimit: settings.maximumQueuedChecks, timeout: settings.timeout)
    }

    var registry: EvidenceRegistry { checkers[0].registry }
    var load: (running: Int, waiting: Int) { pool.load }

    /// The JSON report of one document, byte for byte what `claimcheck check --format json` prints for it.
    func jsonReport(_ document: DocumentRequest) async throws(ServerError) -> String {
        let report = try await check(document.bytes, name: document.name, format: document.format)
        return JSONReporter().render([report])
    }

    /// The LanguageTool-shaped answer for a `/v2/check` request.
    func languageTool(_ request: LanguageToolRequest) async throws(ServerError) -> LanguageToolResponse {
        let report = try await check(request.text.checked, name: DocumentRequest.defaultName + ".txt", format: .text)
        return LanguageToolResponse(report: report, request: request, catalog: catalog)
    }

    /// Checks bytes on a pool thread. A document that cannot be read (binary, over
    /// the size limit) is the client's mistake: 400 with the reader's message.
    func check(_ bytes: [UInt8], name: String, format: InputFormat?) async throws(ServerError) -> Report {
        let checkers = self.checkers
        let report = try await pool.run { slot in checkers[slot].check(bytes, source: name, format: format) }
        if let error = report.error {
            // The reader's advice after ';' is for the command line (paths, --input-format).
            let reason = error.components(separatedBy: "; ").first ?? error
            throw .badRequest("the document cannot be checked: it \(reason)",
                              fix: "send the document's text (UTF-8, or with a byte-order mark), as html, markdown or text")
        }
        return report
    }
}
