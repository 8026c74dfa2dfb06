import ClaimCheckKit

/// What checking an open document gave: its report, or why the rules or the
/// config governing it could not load (the user fixes the file named).
public enum CheckOutcome: Sendable {
    case report(Report)
    case configurationProblem(String)
}

/// Checks open documents through the session the command line uses: a file's
/// config is the nearest `.claimcheck.yml` above its folder (or `--config`); a
/// buffer with no file yet takes the workspace root's, else the defaults.
public struct DocumentChecker: Sendable {
    public let session: CheckSession
    /// The client's workspace folder, from `initialize` (`workspaceFolders`, `rootUri` or `rootPath`).
    public var workspaceRoot: String?

    public init(session: CheckSession, workspaceRoot: String? = nil) {
        self.session = session
        self.workspaceRoot = workspaceRoot
    }

    public func check(_ document: OpenDocument) -> CheckOutcome {
        let name: String
        let checker: ClaimChecker
        do {
            if let path = document.uri.filePath {
                name = path
                checker = try session.checker(forInput: path)
            } else if let root = workspaceRoot {
                name = document.uri.text
                checker = try session.checker(forInput: root)
            } else {
                name = document.uri.text
                checker = try session.checker(configPath: session.options.configFile)
            }
        } catch {
            return .configurationProblem(error.description)
        }
        return .report(checker.check(document.bytes, source: name, format: document.format))
    }
}
