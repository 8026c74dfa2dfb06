import ArgumentParser
import ClaimCheckKit
import ClaimCheckLanguageServer
import Foundation

struct LSPCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "lsp",
        abstract: "Serve the Language Server Protocol over standard input and output, for editors.",
        discussion: """
        An editor starts `claimcheck lsp` and talks to it over stdio. Markdown, HTML
        and plain-text documents are checked as they are opened, edited and saved;
        each finding is a diagnostic at its claim (code: the rule, source:
        claimcheck), with a hover that gives the verdict, reasons and evidence, and
        a quick fix that inserts a claimcheck-disable-next-line comment (HTML and
        Markdown). Each file's config is the nearest .claimcheck.yml above it, as
        for `claimcheck check`. Setup for VS Code, Neovim and Helix: docs/editors.md.

        Exit codes: 0 after the client's shutdown and exit, 1 if it exits (or
        closes the input) without shutdown, 2 for bad options.
        """
    )

    @Option(help: ArgumentHelp("Use this config file for every document instead of the nearest .claimcheck.yml above each.", valueName: "file"))
    var config: String?

    @Option(help: ArgumentHelp("Append a trace of messages and check times to this file (standard output is the protocol's).", valueName: "file"))
    var log: String?

    @OptionGroup var location: RulesLocation

    func run() throws {
        let serverLog: ServerLog
        do { serverLog = try ServerLog(path: log) } catch {
            FileHandle.standardError.write(Data("claimcheck: \(error)\n".utf8))
            throw ExitCode(2)
        }
        let configFile = config.map { URL(fileURLWithPath: $0).standardizedFileURL.path }
        let options = LanguageServerOptions(check: CheckOptions(rulesFolder: location.resolve(), configFile: configFile), log: serverLog)
        let server = LanguageServer(options: options, channel: MessageChannel(input: STDIN_FILENO, output: STDOUT_FILENO))
        let code = server.run()
        if code != 0 { throw ExitCode(code) }
    }
}
