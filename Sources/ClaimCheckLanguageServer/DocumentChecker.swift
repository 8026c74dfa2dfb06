import ClaimCheckKit
import Foundation

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
    public private(set) var session: CheckSession
    /// For each document checked, the config that governed it and when that
    /// config was last modified, as they were when it was checked.
    private var configStamps: [DocumentURI: ConfigStamp] = [:]

    struct ConfigStamp: Equatable {
        var path: String?
        var modified: Date?
    }
    /// The client's workspace folder, from `initialize` (`workspaceFolders`, `rootUri` or `rootPath`).
    public var workspaceRoot: String?

    public init(session: CheckSession, workspaceRoot: String? = nil) {
        self.session = session
        self.workspaceRoot = workspaceRoot
    }

    /// Starts a new session (rules and configs read afresh) when the config that
    /// governs `document` changed on disk since it was checked (edited, created or
    /// removed): a team edits `.claimcheck.yml`, saves the draft, and sees the new settings.
    public mutating func reloadIfConfigChanged(for document: OpenDocument) -> Bool {
        guard let checked = configStamps[document.uri], checked != stamp(for: document) else { return false }
        session = CheckSession(session.options)
        configStamps = [:]
        return true
    }

    func configPath(for document: OpenDocument) -> String? {
        if let path = document.uri.filePath { return session.configPath(forInput: path) }
        if let root = workspaceRoot { return session.configPath(forInput: root) }
        return session.options.configFile
    }

    func stamp(for document: OpenDocument) -> ConfigStamp {
        let path = configPath(for: document)
        return ConfigStamp(path: path, modified: path.flatMap(Self.modified))
    }

    static func modified(_ path: String) -> Date? {
        (try? FileManager.default.attributesOfItem(atPath: path))?[.modificationDate] as? Date
    }

    public mutating func check(_ document: OpenDocument) -> CheckOutcome {
        if configStamps[document.uri] == nil { configStamps[document.uri] = stamp(for: document) }
        let name: String
        let checker: ClaimChecker
        do {
            name = document.uri.filePath ?? document.uri.text
            checker = try session.checker(configPath: configPath(for: document))
        } catch {
            return .configurationProblem(error.description)
        }
        return .report(checker.check(document.bytes, source: name, format: document.format))
    }
}
