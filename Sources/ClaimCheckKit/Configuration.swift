import Foundation

/// `.claimcheck.yml`: how a site uses ClaimCheck. Found by searching upward from
/// each input (or named with `--config`); every key is checked.
///
///     rules: [style/claimcheck-rules]        # extra rule folders
///     registry: [style/evidence]             # extra registry folders
///     disable: [certainty.miracle]
///     severity: {statistic.unsourced: info}
///     fail-on: warning                        # error | warning | info | never
///     regions: [body, comments]
///     ignore: ["drafts/**", "**/*.tmp.md"]
///     organisation: Example Health Desk       # ClaimReview author
///     baseline: .claimcheck-baseline.json
public struct Configuration: Sendable, Equatable {
    public static let fileName = ".claimcheck.yml"

    public var file: String?
    public var ruleFolders: [String] = []
    public var registryFolders: [String] = []
    public var disabled: [String] = []
    public var severities: [String: Severity] = [:]
    public var failOn: String?
    public var regions: [Region]?
    public var ignore: [String] = []
    public var organisation: String?
    public var baseline: String?

    public init() {}

    static let keys: Set<String> = ["rules", "registry", "disable", "severity", "fail-on", "regions", "ignore", "organisation", "baseline"]

    /// The folder the config lives in; its relative paths start there.
    public var folder: String { file.map { ($0 as NSString).deletingLastPathComponent } ?? "." }

    public static func load(path: String) throws(ConfigurationError) -> Configuration {
        guard FileManager.default.fileExists(atPath: path) else {
            throw ConfigurationError(file: path, message: "config file not found", fix: "check the path given to --config")
        }
        var config = Configuration()
        config.file = path
        guard let root = try YAMLNode.parse(try FileLoader.readText(path), file: path) else { return config }
        let fields = try root.mapping(allowed: keys, context: Configuration.fileName)
        let folder = config.folder
        let resolve = { (relative: String) -> String in
            relative.hasPrefix("/") ? relative : (folder as NSString).appendingPathComponent(relative)
        }
        config.ruleFolders = try (fields["rules"]?.strings(context: "rules") ?? []).map(resolve)
        config.registryFolders = try (fields["registry"]?.strings(context: "registry") ?? []).map(resolve)
        config.disabled = try fields["disable"]?.strings(context: "disable") ?? []
        if let severityNode = fields["severity"] {
            for (rule, node) in try severityNode.entries(context: "severity") {
                let text = try node.string(context: "severity of \(rule)")
                guard let severity = Severity(rawValue: text) else {
                    throw node.error("unknown severity `\(text)` for \(rule)", fix: "use info, warning or error")
                }
                config.severities[rule] = severity
            }
        }
        if let failOnNode = fields["fail-on"] {
            let text = try failOnNode.string(context: "fail-on")
            guard ["error", "warning", "info", "never"].contains(text) else {
                throw failOnNode.error("unknown fail-on `\(text)`", fix: "use error, warning, info or never")
            }
            config.failOn = text
        }
        if let regionsNode = fields["regions"] {
            var regions: [Region] = []
            for name in try regionsNode.strings(context: "regions") {
                guard let region = Region(rawValue: name), region != .boilerplate else {
                    throw regionsNode.error("unknown region `\(name)`", fix: "use body, comments or related")
                }
                regions.append(region)
            }
            config.regions = regions
        }
        config.ignore = try fields["ignore"]?.strings(context: "ignore") ?? []
        config.organisation = try fields["organisation"]?.string(context: "organisation")
        if let baseline = try fields["baseline"]?.string(context: "baseline") { config.baseline = resolve(baseline) }
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

/// Shell-style globs: `*` within a path segment, `**` across segments, `?` one character.
public enum Glob {
    public static func matches(_ pattern: String, _ path: String) -> Bool {
        match(Array(pattern), 0, Array(path), 0)
    }

    private static func match(_ pattern: [Character], _ p: Int, _ text: [Character], _ t: Int) -> Bool {
        if p == pattern.count { return t == text.count }
        if pattern[p] == "*" {
            if p + 1 < pattern.count, pattern[p + 1] == "*" {
                var next = p + 2
                if next < pattern.count, pattern[next] == "/" { next += 1 }
                for start in t...text.count where match(pattern, next, text, start) { return true }
                return false
            }
            var index = t
            while true {
                if match(pattern, p + 1, text, index) { return true }
                if index == text.count || text[index] == "/" { return false }
                index += 1
            }
        }
        guard t < text.count else { return false }
        if pattern[p] == "?" { return text[t] != "/" && match(pattern, p + 1, text, t + 1) }
        return pattern[p] == text[t] && match(pattern, p + 1, text, t + 1)
    }
}
