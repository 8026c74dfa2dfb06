import ArgumentParser
import ClaimCheckKit
import Foundation

/// `claimcheck audit-worker`: the process `audit` starts for each job. It loads
/// the rules `audit` names, then checks the documents it is sent on standard
/// input (a socket) and sends the reports back, until the socket closes.
/// Hidden: it is not for people to run.
struct AuditWorkerSubcommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "audit-worker",
        abstract: "Check documents for `claimcheck audit` (started by it; not for direct use).",
        shouldDisplay: false
    )

    @Option(help: "Refuse documents larger than this many bytes.")
    var maxSize: Int

    @Option(help: "Config file.")
    var config: String?

    @OptionGroup var location: RulesLocation

    func run() throws {
        // Beside the first worker, a load error is left to it to report (see AuditWorkerCommand.quietLoadVariable).
        let quiet = ProcessInfo.processInfo.environment[AuditWorkerCommand.quietLoadVariable] == "1"
        var checker: ClaimChecker
        do {
            let configuration = try config.map { path throws(ConfigurationError) in try Configuration.load(path: path) } ?? Configuration()
            checker = try ClaimChecker.load(rulesFolder: location.resolve(), configuration: configuration, gate: GatePolicy())
        } catch {
            if !quiet { FileHandle.standardError.write(Data("\(error)\n".utf8)) }
            throw ExitCode(2)
        }
        checker.extractor.maximumBytes = maxSize
        do { try AuditWorkerServer(checker: checker).serveStandardInput() } catch {
            FileHandle.standardError.write(Data("claimcheck audit-worker: \(error)\n".utf8))
            throw ExitCode(2)
        }
    }
}
