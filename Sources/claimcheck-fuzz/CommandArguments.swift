import Foundation

/// A small option parser: `--name value` pairs and `--flag`s, then positional arguments.
struct CommandArguments {
    private(set) var remaining: [String]

    init(_ arguments: [String]) { remaining = arguments }

    mutating func flag(_ name: String) -> Bool {
        guard let index = remaining.firstIndex(of: name) else { return false }
        remaining.remove(at: index)
        return true
    }

    mutating func string(_ name: String) -> String? {
        if let index = remaining.firstIndex(where: { $0.hasPrefix(name + "=") }) {
            let value = String(remaining[index].dropFirst(name.count + 1))
            remaining.remove(at: index)
            return value
        }
        guard let index = remaining.firstIndex(of: name), index + 1 < remaining.count else { return nil }
        let value = remaining[index + 1]
        remaining.removeSubrange(index...(index + 1))
        return value
    }

    mutating func strings(_ name: String) -> [String] {
        var values: [String] = []
        while let value = string(name) { values.append(value) }
        return values
    }

    mutating func int(_ name: String) throws -> Int? {
        guard let text = string(name) else { return nil }
        guard let value = Int(text.replacingOccurrences(of: "_", with: "")) else { throw FuzzError("\(name) wants an integer, not `\(text)`") }
        return value
    }

    mutating func uint64(_ name: String) throws -> UInt64? {
        guard let text = string(name) else { return nil }
        guard let value = UInt64(text) else { throw FuzzError("\(name) wants a non-negative integer, not `\(text)`") }
        return value
    }

    mutating func double(_ name: String) throws -> Double? {
        guard let text = string(name) else { return nil }
        guard let value = Double(text) else { throw FuzzError("\(name) wants a number, not `\(text)`") }
        return value
    }

    /// Fails on any option left over (a misspelt one).
    func finish(allowPositional: Bool) throws -> [String] {
        if let unknown = remaining.first(where: { $0.hasPrefix("--") }) { throw FuzzError("unknown option \(unknown); see claimcheck-fuzz --help") }
        if !allowPositional, let extra = remaining.first { throw FuzzError("unexpected argument `\(extra)`; see claimcheck-fuzz --help") }
        return remaining
    }
}
