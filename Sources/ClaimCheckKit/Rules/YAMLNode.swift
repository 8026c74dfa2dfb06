import Yams

/// A YAML node with its file and position, with typed accessors that report
/// mistakes (unknown keys, wrong types, missing keys) at the right line.
struct YAMLNode {
    let node: Node
    let file: String

    static func parse(_ text: String, file: String) throws(ConfigurationError) -> YAMLNode? {
        do {
            guard let node = try Yams.compose(yaml: text) else { return nil }
            return YAMLNode(node: node, file: file)
        } catch let error as YamlError {
            throw Self.convert(error, file: file)
        } catch {
            throw ConfigurationError(file: file, message: "cannot read YAML: \(error)")
        }
    }

    private static func convert(_ error: YamlError, file: String) -> ConfigurationError {
        switch error {
        case .scanner(_, let problem, let mark, _), .parser(_, let problem, let mark, _), .composer(_, let problem, let mark, _):
            return ConfigurationError(file: file, line: mark.line, column: mark.column, message: "invalid YAML: \(problem)",
                                      fix: "check indentation and quoting on this line (strings with ':' or '#' need quotes)")
        default:
            return ConfigurationError(file: file, message: "invalid YAML: \(error)")
        }
    }

    var line: Int { node.mark?.line ?? 0 }
    var column: Int { node.mark?.column ?? 0 }

    func error(_ message: String, fix: String? = nil) -> ConfigurationError {
        ConfigurationError(file: file, line: line, column: column, message: message, fix: fix)
    }

    /// The mapping's entries, after checking every key is one of `allowed`.
    func mapping(allowed: Set<String>, context: String) throws(ConfigurationError) -> [String: YAMLNode] {
        guard case .mapping(let mapping) = node else {
            throw error("\(context) must be a mapping of keys to values", fix: "write it as `key: value` lines")
        }
        var result: [String: YAMLNode] = [:]
        for (key, value) in mapping {
            guard let name = key.string else { throw YAMLNode(node: key, file: file).error("keys must be plain words") }
            if !allowed.contains(name) {
                let suggestion = Self.closest(name, in: allowed).map { "did you mean `\($0)`? " } ?? ""
                throw YAMLNode(node: key, file: file).error(
                    "unknown key `\(name)` in \(context)",
                    fix: suggestion + "known keys: " + allowed.sorted().joined(separator: ", "))
            }
            result[name] = YAMLNode(node: value, file: file)
        }
        return result
    }

    /// Plain mapping without key checking (for tables keyed by data).
    func entries(context: String) throws(ConfigurationError) -> [(String, YAMLNode)] {
        guard case .mapping(let mapping) = node else { throw error("\(context) must be a mapping") }
        var result: [(String, YAMLNode)] = []
        for (key, value) in mapping {
            guard let name = key.string else { throw YAMLNode(node: key, file: file).error("keys must be plain words") }
            result.append((name, YAMLNode(node: value, file: file)))
        }
        return result
    }

    func sequence(context: String) throws(ConfigurationError) -> [YAMLNode] {
        switch node {
        case .sequence(let sequence): return sequence.map { YAMLNode(node: $0, file: file) }
        case .scalar(let scalar) where scalar.string.isEmpty || scalar.string == "~": return []
        default: throw error("\(context) must be a list", fix: "write each item on its own `- ` line, or as [a, b]")
        }
    }

    func string(context: String) throws(ConfigurationError) -> String {
        guard case .scalar(let scalar) = node else { throw error("\(context) must be text, not a list or mapping") }
        return scalar.string
    }

    func strings(context: String) throws(ConfigurationError) -> [String] {
        if case .scalar = node { return [try string(context: context)] }
        var result: [String] = []
        for item in try sequence(context: context) { result.append(try item.string(context: "each item of \(context)")) }
        return result
    }

    func bool(context: String) throws(ConfigurationError) -> Bool {
        switch try string(context: context).lowercased() {
        case "true", "yes", "on": return true
        case "false", "no", "off": return false
        default: throw error("\(context) must be true or false")
        }
    }

    func int(context: String) throws(ConfigurationError) -> Int {
        guard let value = Int(try string(context: context)) else { throw error("\(context) must be a whole number") }
        return value
    }

    /// The allowed word nearest to a misspelt key (edit distance at most 3).
    static func closest(_ word: String, in candidates: Set<String>) -> String? {
        func distance(_ a: [Character], _ b: [Character]) -> Int {
            var previous = Array(0...b.count)
            for (i, x) in a.enumerated() {
                var current = [i + 1]
                for (j, y) in b.enumerated() {
                    current.append(min(previous[j + 1] + 1, current[j] + 1, previous[j] + (x == y ? 0 : 1)))
                }
                previous = current
            }
            return previous[b.count]
        }
        let scored = candidates.map { ($0, distance(Array(word), Array($0))) }.filter { $0.1 <= 3 }
        return scored.min { $0.1 < $1.1 || ($0.1 == $1.1 && $0.0 < $1.0) }?.0
    }
}
