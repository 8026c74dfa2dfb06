import Foundation

/// What a run asks of every document, over what its config says: the settings a
/// command line's options, a server's flags or an editor's client give.
public struct CheckOptions: Sendable {
    /// The folder of rule files, `verdicts.yml`, `lexicon.yml`, `registry/` and `domains/`.
    public var rulesFolder: String
    /// This config for every document, instead of the nearest `.claimcheck.yml` above each.
    public var configFile: String?
    /// `error`, `warning`, `info` or `never`; nil takes the config's `fail-on`, else `error`.
    public var failOn: String?
    /// Regions whose verdicts can fail the gate; nil takes the config's `regions`, else body.
    public var regions: [Region]?
    /// Documents larger than this get an input error.
    public var maximumBytes: Int
    /// Keep each block's text in the report (the HTML report and the editor's page show it).
    public var keepsArticleText: Bool

    public init(rulesFolder: String, configFile: String? = nil, failOn: String? = nil, regions: [Region]? = nil,
                maximumBytes: Int = DocumentExtractor().maximumBytes, keepsArticleText: Bool = false) {
        self.rulesFolder = rulesFolder
        self.configFile = configFile
        self.failOn = failOn
        self.regions = regions
        self.maximumBytes = maximumBytes
        self.keepsArticleText = keepsArticleText
    }
}

/// The one way in to checking: finds each document's config, loads and compiles
/// the rules and registry once per config, and checks documents given as bytes or
/// text. The command line, the HTTP server and the language server are shells over it.
///
/// Safe to share across threads: a checker is loaded under a lock the first time
/// its config is asked for, then shared (a `ClaimChecker` is an immutable value).
public final class CheckSession: @unchecked Sendable {
    public let options: CheckOptions
    private let lock = NSLock()
    private var configurations: [String: Configuration] = [:]
    private var checkers: [String: ClaimChecker] = [:]
    /// The config found for each folder a folder search listed files in: every file
    /// of a folder shares one, so a site of thousands of pages walks up once a folder.
    private var configPathsByFolder: [Substring: String?] = [:]

    public init(_ options: CheckOptions) {
        self.options = options
    }

    /// The config file that governs a document at `path` (`-` for standard input):
    /// the session's `configFile`, else the nearest `.claimcheck.yml` at or above
    /// its folder, else none.
    public func configPath(forInput path: String) -> String? {
        options.configFile ?? Configuration.find(forInput: path)
    }

    /// The config file that governs an input: as `configPath(forInput:)`, looked up
    /// once per folder for the files a folder search found (their folder is known
    /// to be the text before the last `/`, so nothing is asked of the file system).
    public func configPath(for input: CheckInput) -> String? {
        if let configFile = options.configFile { return configFile }
        let path = input.text
        guard input.foundInFolder, let slash = path.utf8.lastIndex(of: UInt8(ascii: "/")) else {
            return Configuration.find(forInput: path)
        }
        let folder = path[..<slash]
        lock.lock(); defer { lock.unlock() }
        if let known = configPathsByFolder[folder] { return known }
        let found = Configuration.find(forInput: folder.isEmpty ? "/" : String(folder) + "/")
        configPathsByFolder[folder] = found
        return found
    }

    /// The config at `path` (the defaults for nil), loaded once.
    public func configuration(at path: String?) throws(ConfigurationErrors) -> Configuration {
        guard let path else { return Configuration() }
        lock.lock(); defer { lock.unlock() }
        return try cachedConfiguration(path)
    }

    /// The checker for documents governed by the config at `path`, loaded and compiled once.
    public func checker(configPath path: String?) throws(ConfigurationErrors) -> ClaimChecker {
        lock.lock(); defer { lock.unlock() }
        let key = path ?? ""
        if let checker = checkers[key] { return checker }
        let configuration = try path.map { (path) throws(ConfigurationErrors) in try cachedConfiguration(path) } ?? Configuration()
        let failOn = options.failOn ?? configuration.failOn ?? "error"
        let gate = GatePolicy(failOn: failOn == "never" ? nil : Severity(rawValue: failOn),
                              regions: Set(options.regions ?? configuration.regions ?? [.body]))
        var checker = try ClaimChecker.load(rulesFolder: options.rulesFolder, configuration: configuration, gate: gate)
        checker.keepsArticleText = options.keepsArticleText
        checker.extractor.maximumBytes = options.maximumBytes
        checkers[key] = checker
        return checker
    }

    /// The checker for a document at `path`, by the config that governs it.
    public func checker(forInput path: String) throws(ConfigurationErrors) -> ClaimChecker {
        try checker(configPath: configPath(forInput: path))
    }

    /// Checks a document's bytes by the config that governs `name`. `name` is what
    /// the report calls it and where its config is looked for; `format` nil guesses
    /// from the name's extension, then the content. Throws only when that config or
    /// the rules cannot load; an unreadable document is a report with `error` set.
    public func check(_ bytes: [UInt8], name: String, format: InputFormat? = nil) throws(ConfigurationErrors) -> Report {
        try checker(forInput: name).check(bytes, source: name, format: format)
    }

    /// Checks a document given as text (an editor's buffer, a pasted article).
    public func check(text: String, name: String, format: InputFormat? = nil) throws(ConfigurationErrors) -> Report {
        try check(Array(text.utf8), name: name, format: format)
    }

    /// The rules of the checker for `configPath`, as reporters list them (SARIF's rule table, `GET /v1/rules`).
    public func catalog(configPath: String? = nil) throws(ConfigurationErrors) -> RuleCatalog {
        try checker(configPath: configPath).catalog
    }

    private func cachedConfiguration(_ path: String) throws(ConfigurationErrors) -> Configuration {
        if let cached = configurations[path] { return cached }
        let configuration: Configuration
        do { configuration = try Configuration.load(path: path) } catch { throw ConfigurationErrors([error]) }
        configurations[path] = configuration
        return configuration
    }
}
