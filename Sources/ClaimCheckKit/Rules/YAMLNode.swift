/// A YAML node with its file and position, with typed accessors that report
/// mistakes (unknown keys, wrong types, missing keys) at the right line.
struct YAMLNode {
    let value: YAMLValue
    let file: String

    /// Parses a document (see `YAMLParser` for the limits and the errors).
    static func parse(_ text: String, file: String) throws(ConfigurationError) -> YAMLNode? {
        try YAMLParser.compose(text, file: file).map { YAMLNode(value: $0, file: file) }
    }

    /// Reads and parses a file; nil when it holds no document (empty, or only comments).
    static func load(path: String) throws(ConfigurationError) -> YAMLNode? {
        try parse(try FileLoader.readText(path), file: path)
    }

    var line: Int { value.line }
    var column: Int { value.column }
    var location: FilePosition { FilePosition(file: file, line: line, column: column) }

    /// An empty value: `key:` with nothing after it, `~` or `null`.
    var isNull: Bool {
        guard case .scalar(let text, .plain) = value.content else { return false }
        return ["", "~", "null", "Null", "NULL"].contains(text)
    }

    /// "a list", "a mapping" or "text", for messages about the wrong kind of value.
    var kindName: String {
        switch value.content {
        case .mapping: return "a mapping (`key: value` lines)"
        case .sequence: return "a list"
        case .scalar: return "text"
        }
    }

    func error(_ message: String, fix: String? = nil) -> ConfigurationError {
        ConfigurationError(file: file, line: line, column: column, message: message, fix: fix)
    }

    /// The mapping's entries, after checking every key is one of `allowed`.
    func mapping(allowed: Set<String>, context: String) throws(ConfigurationError) -> YAMLFields {
        guard case .mapping(let mapping) = value.content else {
            throw error("\(context) must be a mapping of keys to values, not \(kindName)", fix: "write it as `key: value` lines")
        }
        var fields = YAMLFields()
        for (key, value) in mapping {
            let keyNode = YAMLNode(value: key, file: file)
            guard case .scalar(let name, _) = key.content else {
                throw keyNode.error("keys must be plain words, not \(keyNode.kindName)", fix: "write the key as a word followed by `:`")
            }
            if name == "<<" {
                throw keyNode.error("YAML merge keys (`<<: *name`) are not supported in \(context)", fix: "write the keys out in full")
            }
            if !allowed.contains(name) {
                let suggestion = Self.closest(name, in: allowed).map { "did you mean `\($0)`? " } ?? ""
                throw keyNode.error(
                    "unknown key `\(name)` in \(context)",
                    fix: suggestion + "known keys: " + allowed.sorted().joined(separator: ", "))
            }
            fields.keys[name] = keyNode
            let valueNode = YAMLNode(value: value, file: file)
            if !valueNode.isNull { fields.values[name] = valueNode }
        }
        return fields
    }

    /// Plain mapping without key checking (for tables keyed by data).
    func entries(context: String) throws(ConfigurationError) -> [(String, YAMLNode)] {
        try keyedEntries(context: context).map { ($0.name, $0.value) }
    }

    /// Entries with their key nodes, for errors about a key.
    func keyedEntries(context: String) throws(ConfigurationError) -> [(name: String, key: YAMLNode, value: YAMLNode)] {
        if isNull { return [] }
        guard case .mapping(let mapping) = value.content else {
            throw error("\(context) must be a mapping, not \(kindName)", fix: "write it as `key: value` lines")
        }
        var result: [(name: String, key: YAMLNode, value: YAMLNode)] = []
        result.reserveCapacity(mapping.count)
        for (key, value) in mapping {
            let keyNode = YAMLNode(value: key, file: file)
            guard case .scalar(let name, _) = key.content else {
                throw keyNode.error("keys must be plain words, not \(keyNode.kindName)", fix: "write the key as a word followed by `:`")
            }
            if name == "<<" {
                throw keyNode.error("YAML merge keys (`<<: *name`) are not supported in \(context)", fix: "write the keys out in full")
            }
            result.append((name, keyNode, YAMLNode(value: value, file: file)))
        }
        return result
    }

    func sequence(context: String) throws(ConfigurationError) -> [YAMLNode] {
        if isNull { return [] }
        guard case .sequence(let sequence) = value.content else {
            throw error("\(context) must be a list, not \(kindName)", fix: "write each item on its own `- ` line, or as [a, b]")
        }
        return sequence.map { YAMLNode(value: $0, file: file) }
    }

    func string(context: String) throws(ConfigurationError) -> String {
        guard case .scalar(let text, _) = value.content else {
            throw error("\(context) must be text, not \(kindName)", fix: "write one value after the colon (quote it if it contains `: ` or ` #`)")
        }
        if isNull { throw error("\(context) is empty", fix: "give it a value, or remove the line") }
        return text
    }

    /// One text or a list of texts (an empty value is an empty list).
    func strings(context: String) throws(ConfigurationError) -> [String] {
        try locatedStrings(context: context).map(\.0)
    }

    /// Like `strings`, with each item's node for errors about that item.
    func locatedStrings(context: String) throws(ConfigurationError) -> [(String, YAMLNode)] {
        if isNull { return [] }
        if case .scalar = value.content { return [(try string(context: context), self)] }
        var result: [(String, YAMLNode)] = []
        for item in try sequence(context: context) { result.append((try item.string(context: "each item of \(context)"), item)) }
        return result
    }

    func bool(context: String) throws(ConfigurationError) -> Bool {
        switch try string(context: context).lowercased() {
        case "true", "yes", "on": return true
        case "false", "no", "off": return false
        default: throw error("\(context) must be true or false", fix: "write `true` or `false`")
        }
    }

    func int(context: String) throws(ConfigurationError) -> Int {
        guard let value = Int(try string(context: context)) else { throw error("\(context) must be a whole number", fix: "write digits only, such as 3") }
        return value
    }

    /// "did you mean `x`? " for a misspelt value, or "".
    static func suggestion(_ word: String, in candidates: Set<String>) -> String {
        closest(word, in: candidates).map { "did you mean `\($0)`? " } ?? ""
    }

    /// The allowed word nearest to a misspelt key (edit distance at most 3; case counts as one edit at most).
    static func closest(_ word: String, in candidates: Set<String>) -> String? {
        if let exact = candidates.first(where: { $0.lowercased() == word.lowercased() }), exact != word { return exact }
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

/// A mapping's values by key (an empty value counts as absent) and its key nodes.
struct YAMLFields {
    var values: [String: YAMLNode] = [:]
    var keys: [String: YAMLNode] = [:]

    subscript(name: String) -> YAMLNode? { values[name] }

    /// A key that must have a text value: missing and empty are errors, at the
    /// entry and at the key.
    func required(_ name: String, in parent: YAMLNode) throws(ConfigurationError) -> String {
        guard let node = values[name] else {
            if let key = keys[name] { throw key.error("`\(name)` has no value", fix: "write the value after `\(name):`") }
            throw parent.error("missing `\(name)`", fix: "add a `\(name):` line to this entry")
        }
        return try node.string(context: name)
    }
}
