/// Shell-style globs over `/`-separated relative paths: `*` any characters
/// within a path segment, `**` any number of segments, `?` one character,
/// `[abc]`, `[a-z]` and `[!abc]` (or `[^abc]`) one character of (or not of) a set.
/// A `]` right after `[` or `[!` is part of the set, so `[]]` matches `]`.
public enum Glob {
    /// What is wrong with a pattern, and how to write it instead.
    public struct Problem: Error, Sendable, Equatable {
        public var message: String
        public var fix: String
    }

    /// Nil for a pattern that can match a path; otherwise why it cannot (or
    /// cannot mean what it seems to).
    public static func problem(in pattern: String) -> Problem? {
        if pattern.isEmpty {
            return Problem(message: "an empty pattern matches nothing", fix: "remove it, or write the path to skip, such as `drafts/**`")
        }
        if pattern.hasPrefix("/") {
            return Problem(message: "patterns are matched against paths relative to the config's folder, so a leading `/` never matches",
                           fix: "remove the leading `/`: `\(pattern.drop { $0 == "/" })`")
        }
        if pattern.hasPrefix("./") {
            return Problem(message: "patterns are matched against paths relative to the config's folder, which never start with `./`",
                           fix: "remove the leading `./`: `\(pattern.dropFirst(2))`")
        }
        if pattern.split(separator: "/", omittingEmptySubsequences: false).contains("..") {
            return Problem(message: "a pattern cannot reach outside the config's folder with `..`",
                           fix: "put the ignore pattern in a .claimcheck.yml of a folder above, or remove it")
        }
        if pattern.hasSuffix("/") {
            return Problem(message: "ends with `/`, so it matches no file",
                           fix: "write `\(pattern)**` to skip every file in that folder")
        }
        if pattern.contains("\\") {
            return Problem(message: "`\\` is not a folder separator (and there are no escapes)",
                           fix: "separate folders with `/`; to match `[`, `*` or `?` literally, put it in brackets: `[[]`, `[*]`, `[?]`")
        }
        if pattern.contains("***") {
            return Problem(message: "`***` is not a pattern", fix: "use `**` for any number of folders and `*` within a name")
        }
        let characters = Array(pattern)
        var index = 0
        while index < characters.count {
            switch characters[index] {
            case "[":
                switch characterClass(characters, at: index) {
                case .success(let parsed): index = parsed.end; continue
                case .failure(let problem): return problem
                }
            case "{", "}":
                return Problem(message: "`{a,b}` alternatives are not supported",
                               fix: "write one pattern per alternative, such as [\"**/*.tmp.md\", \"**/*.tmp.html\"]; to match `{` in a name, write `[{]`")
            default:
                break
            }
            index += 1
        }
        return nil
    }

    public static func matches(_ pattern: String, _ path: String) -> Bool {
        var matcher = Matcher(pattern: Array(pattern), text: Array(path))
        return matcher.match(0, 0)
    }

    /// A parsed `[...]`: where it ends (after `]`), whether it is negated, its ranges.
    struct CharacterClass {
        var end: Int
        var negated: Bool
        var ranges: [ClosedRange<Character>]

        func contains(_ character: Character) -> Bool {
            ranges.contains { $0.contains(character) } != negated
        }
    }

    static func characterClass(_ pattern: [Character], at start: Int) -> Result<CharacterClass, Problem> {
        var index = start + 1
        var negated = false
        if index < pattern.count, pattern[index] == "!" || pattern[index] == "^" { negated = true; index += 1 }
        var ranges: [ClosedRange<Character>] = []
        var first = true
        while index < pattern.count, pattern[index] != "]" || first {
            first = false
            let low = pattern[index]
            if low == "/" {
                return .failure(Problem(message: "`/` inside `[...]` can never match (a set matches one character of a name)",
                                        fix: "close the `[` before the `/`"))
            }
            if index + 2 < pattern.count, pattern[index + 1] == "-", pattern[index + 2] != "]" {
                let high = pattern[index + 2]
                guard low <= high else {
                    return .failure(Problem(message: "the range `\(low)-\(high)` is reversed", fix: "write it `\(high)-\(low)`"))
                }
                ranges.append(low...high)
                index += 3
            } else {
                ranges.append(low...low)
                index += 1
            }
        }
        guard index < pattern.count else {
            return .failure(Problem(message: "the `[` at character \(start + 1) opens a set of characters that is never closed",
                                    fix: "close it with `]`, or write `[[]` to match a `[` in a file name"))
        }
        return .success(CharacterClass(end: index + 1, negated: negated, ranges: ranges))
    }

    /// Backtracking matcher that remembers failed (pattern, text) positions, so
    /// `**` and `*` cost at most pattern length × path length steps.
    private struct Matcher {
        let pattern: [Character]
        let text: [Character]
        var failed: Set<Int> = []

        init(pattern: [Character], text: [Character]) {
            self.pattern = pattern
            self.text = text
        }

        mutating func match(_ p: Int, _ t: Int) -> Bool {
            let key = p * (text.count + 1) + t
            if failed.contains(key) { return false }
            let result = step(p, t)
            if !result { failed.insert(key) }
            return result
        }

        private mutating func step(_ p: Int, _ t: Int) -> Bool {
            if p == pattern.count { return t == text.count }
            if pattern[p] == "*" {
                if p + 1 < pattern.count, pattern[p + 1] == "*" {
                    var next = p + 2
                    if next < pattern.count, pattern[next] == "/" { next += 1 }
                    for start in t...text.count where match(next, start) { return true }
                    return false
                }
                var index = t
                while true {
                    if match(p + 1, index) { return true }
                    if index == text.count || text[index] == "/" { return false }
                    index += 1
                }
            }
            guard t < text.count else { return false }
            if pattern[p] == "?" { return text[t] != "/" && match(p + 1, t + 1) }
            if pattern[p] == "[", case .success(let set) = Glob.characterClass(pattern, at: p) {
                return text[t] != "/" && set.contains(text[t]) && match(set.end, t + 1)
            }
            return pattern[p] == text[t] && match(p + 1, t + 1)
        }
    }
}
