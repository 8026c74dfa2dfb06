import Foundation

/// `.claimcheck.yml`: how a site uses ClaimCheck. Found by searching upward from
/// each input (or named with `--config`); every key is checked.
///
///     rules: [style/claimcheck-rules]        # extra rule folders
///     registry: [style/packs]                # extra domain packs (a pack, or a folder of packs)
///     disable-packs: [hair-loss]             # domain packs of the rules folder to leave out
///     disable: [certainty.miracle]
///     enable: [certainty.first-only]         # rules that are off by default
///     severity: {statistic.unsourced: info}
///     fail-on: warning                        # error | warning | info | never
///     regions: [body, comments]
///     ignore: ["drafts/**", "**/*.tmp.md"]
///     organisation: Example Health Desk       # ClaimReview author
///     baseline: .claimcheck-baseline.json
///     every-topic: true                       # weigh pages that do not read as health articles too
public struct Configuration: Sendable, Equatable {
    public static let fileName = ".claimcheck.yml"

    public var file: String?
    public var ruleFolders: [String] = []
    public var registryFolders: [String] = []
    /// Domain packs (by id) not to load.
    public var disabledPacks: [String] = []
    public var disabled: [String] = []
    /// Rules off by default (`enabled: false` in their file) that this site turns on.
    public var enabled: [String] = []
    public var severities: [String: Severity] = [:]
    public var failOn: String?
    public var regions: [Region]?
    public var ignore: [String] = []
    public var organisation: String?
    public var baseline: String?
    /// Weigh every page, even one whose body does not read as a health article
    /// (see `DocumentFacts.readsAsHealth`).
    public var everyTopic = false
    /// Where each setting is written, for mistakes found only when the rules
    /// load (an unknown rule in `disable:`, a rule folder that is missing).
    public var origins = Origins()

    public init() {}

    /// Positions in the config file, parallel to the settings (empty for a
    /// configuration built in code).
    public struct Origins: Sendable, Equatable {
        /// One per `disabled` entry.
        public var disabled: [FilePosition] = []
        /// One per `enabled` entry.
        public var enabled: [FilePosition] = []
        /// By rule id (or `namespace.*`), the key under `severity:`.
        public var severities: [String: FilePosition] = [:]
        /// One per `ruleFolders` entry.
        public var ruleFolders: [FilePosition] = []
        /// One per `registryFolders` entry.
        public var registryFolders: [FilePosition] = []
        /// One per `disabledPacks` entry.
        public var disabledPacks: [FilePosition] = []
        public var baseline: FilePosition?
        public init() {}
    }

    /// A value from `.claimcheck.yml` and where it is written (what `ClaimChecker.load` checks).
    struct Setting {
        var value: String
        var origin: FilePosition
    }

    static let keys: Set<String> = ["rules", "registry", "disable-packs", "disable", "enable", "severity", "fail-on", "regions", "ignore", "organisation", "baseline", "every-topic"]

    /// The folder the config lives in; its relative paths start there.
    public var folder: String { file.map { ($0 as NSString).deletingLastPathComponent } ?? "." }

    /// Where a setting is written: its origin if known, else the config file (or its usual name).
    func origin(_ known: [FilePosition], _ index: Int) -> FilePosition {
        known.indices.contains(index) ? known[index] : FilePosition(file: file ?? Self.fileName)
    }

    public static func load(path: String) throws(ConfigurationError) -> Configuration {
        guard FileManager.default.fileExists(atPath: path) else {
            throw ConfigurationError(file: path, message: "config file not found", fix: "check the path given to --config")
        }
        var config = Configuration()
        config.file = path
        guard let root = try YAMLNode.load(path: path) else { return config }
        if case .sequence = root.value.content {
            throw root.error("\(fileName) must be a mapping of settings, not a list",
                             fix: "write one `setting: value` per line (rules, registry, disable-packs, disable, enable, severity, fail-on, regions, ignore, organisation, baseline, every-topic) with no `- ` before it")
        }
        let fields = try root.mapping(allowed: keys, context: fileName)
        let folder = config.folder
        let resolve = { (relative: String) -> String in
            relative.hasPrefix("/") ? relative : (folder as NSString).appendingPathComponent(relative)
        }
        for (relative, node) in try fields["rules"]?.locatedStrings(context: "rules") ?? [] {
            config.ruleFolders.append(resolve(relative)); config.origins.ruleFolders.append(node.location)
        }
        for (relative, node) in try fields["registry"]?.locatedStrings(context: "registry") ?? [] {
            config.registryFolders.append(resolve(relative)); config.origins.registryFolders.append(node.location)
        }
        for (pack, node) in try fields["disable-packs"]?.locatedStrings(context: "disable-packs") ?? [] {
            config.disabledPacks.append(pack); config.origins.disabledPacks.append(node.location)
        }
        for (rule, node) in try fields["disable"]?.locatedStrings(context: "disable") ?? [] {
            config.disabled.append(rule); config.origins.disabled.append(node.location)
        }
        for (rule, node) in try fields["enable"]?.locatedStrings(context: "enable") ?? [] {
            config.enabled.append(rule); config.origins.enabled.append(node.location)
        }
        if let severityNode = fields["severity"] {
            for (rule, key, node) in try severityNode.keyedEntries(context: "severity") {
                let text = try node.string(context: "the severity of \(rule)")
                guard let severity = Severity(rawValue: text) else {
                    throw node.error("unknown severity `\(text)` for \(rule)",
                                     fix: YAMLNode.suggestion(text, in: ["info", "warning", "error"]) + "use info, warning or error")
                }
                config.severities[rule] = severity
                config.origins.severities[rule] = key.location
            }
        }
        if let failOnNode = fields["fail-on"] {
            let text = try failOnNode.string(context: "fail-on")
            guard ["error", "warning", "info", "never"].contains(text) else {
                throw failOnNode.error("unknown fail-on `\(text)`",
                                       fix: YAMLNode.suggestion(text, in: ["error", "warning", "info", "never"]) + "use error, warning, info or never")
            }
            config.failOn = text
        }
        if let regionsNode = fields["regions"] {
            var regions: [Region] = []
            for (name, node) in try regionsNode.locatedStrings(context: "regions") {
                guard let region = Region(rawValue: name), region != .boilerplate else {
                    let why = name == Region.boilerplate.rawValue ? "boilerplate (menus, footers, scripts) is never checked" : "unknown region `\(name)`"
                    throw node.error(why, fix: YAMLNode.suggestion(name, in: ["body", "comments", "related"]) + "use body, comments or related")
                }
                regions.append(region)
            }
            config.regions = regions
        }
        for (pattern, node) in try fields["ignore"]?.locatedStrings(context: "ignore") ?? [] {
            if let problem = Glob.problem(in: pattern) {
                throw node.error("`ignore` pattern `\(pattern)`: \(problem.message)", fix: problem.fix)
            }
            config.ignore.append(pattern)
        }
        config.organisation = try fields["organisation"]?.string(context: "organisation")
        config.everyTopic = try fields["every-topic"]?.bool(context: "every-topic") ?? false
        if let node = fields["baseline"] {
            config.baseline = resolve(try node.string(context: "baseline"))
            config.origins.baseline = node.location
        }
        return config
    }

    /// The nearest `.claimcheck.yml` at or above the folder of `path`.
    public static func find(forInput path: String) -> String? {
        var folder = URL(fileURLWithPath: path == "-" ? FileManager.default.currentDirectoryPath : path).standardizedFileURL
        var isDirectory: ObjCBool = false
        if !(FileManager.default.fileExists(atPath: folder.path, isDirectory: &isDirectory) && isDirectory.boolValue) {
            folder.deleteLastPathComponent()
        }
        while true {
            let candidate = folder.appendingPathComponent(fileName).path
            if FileManager.default.fileExists(atPath: candidate) { return candidate }
            if folder.path == "/" || folder.path.isEmpty { return nil }
            folder.deleteLastPathComponent()
        }
    }

    /// Whether a path (of a file under this config's folder) matches an `ignore` glob.
    public func ignores(_ path: String) -> Bool {
        guard !ignore.isEmpty else { return false }
        let absolute = URL(fileURLWithPath: path).standardizedFileURL.path
        let base = URL(fileURLWithPath: folder).standardizedFileURL.path
        let relative = absolute.hasPrefix(base + "/") ? String(absolute.dropFirst(base.count + 1)) : path
        return ignore.contains { Glob.matches($0, relative) }
    }
}
