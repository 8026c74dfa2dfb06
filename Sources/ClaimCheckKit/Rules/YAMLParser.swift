import Foundation
import Yams

/// Parses one YAML document with Yams, safely and with errors that point at the
/// right place:
///
/// - Yams builds (and frees) its tree recursively, one stack frame per level of
///   nesting; libyaml stops at 1,000 levels, which needs about 1 MB of stack in a
///   debug build, more than a secondary thread has on macOS. So the parse runs on
///   a thread of its own with a large stack, and a tree deeper than
///   `maximumDepth` (our files need six levels) or larger than `maximumNodes`
///   (aliases inside aliases) is refused, and freed, on that thread.
/// - A duplicate key is reported at its second occurrence, naming the first
///   (Yams says only which key, at its first occurrence).
/// - A tab in the indentation, an unclosed quote or bracket, a second document,
///   a control character: each has its own message and fix.
enum YAMLParser {
    /// Levels of lists and mappings inside each other (the root is level 1).
    static let maximumDepth = 32
    /// Values in the document once aliases are expanded.
    static let maximumNodes = 1_000_000
    /// Stack of the parsing thread: 1,000 levels (libyaml's own limit) in a debug build, with room to spare.
    static let stackSize = 16 << 20

    /// Yams's own defaults, given once: its `Constructor.default` builds three
    /// dictionaries on every read, and its `Parser.Encoding.default` reads the whole
    /// environment (and prints a line to standard output when `YAMS_DEFAULT_ENCODING`
    /// is set, which would corrupt a JSON report); for 129 rule and registry files that
    /// was a tenth of loading them. Nothing here is ever constructed into Swift values,
    /// so the constructor is only read, never changed, and safe to share.
    nonisolated(unsafe) private static let constructor = Constructor()

    /// Composes `text` into nodes with every scalar kept as text (see `parse`).
    private static func composeNodes(_ text: String) throws -> Node? {
        try Yams.compose(yaml: text, .basic, constructor, .utf8)
    }

    static func compose(_ text: String, file: String) throws(ConfigurationError) -> Node? {
        if text.utf8.count > FileLoader.maximumSize { throw FileLoader.tooLarge(file, size: text.utf8.count) }
        let job = Job(text: text, file: file)
        let thread = Thread { job.run() }
        thread.stackSize = stackSize
        thread.start()
        job.done.wait()
        return try job.result.get()
    }

    private final class Job: @unchecked Sendable {
        let text: String
        let file: String
        var result: Result<Node?, ConfigurationError> = .success(nil)
        let done = DispatchSemaphore(value: 0)

        init(text: String, file: String) {
            self.text = text
            self.file = file
        }

        func run() {
            result = YAMLParser.parse(text, file: file)
            done.signal()
        }
    }

    /// Runs on the parsing thread.
    private static func parse(_ text: String, file: String) -> Result<Node?, ConfigurationError> {
        do {
            // No implicit types: every value is read as text (`YAMLNode.bool`, `.int`), and resolving each
            // scalar against the core schema's patterns cost most of the time to load the rules.
            guard let root = try composeNodes(text) else { return .success(nil) }
            if let error = checkShape(root, file: file) { return .failure(error) }
            return .success(root)
        } catch {
            return .failure(convert(error, text: text, file: file))
        }
    }

    /// The first node (in document order) nested deeper than `maximumDepth`, or
    /// past `maximumNodes` values; walked with an explicit stack.
    static func checkShape(_ root: Node, file: String) -> ConfigurationError? {
        var stack: [(Node, Int)] = [(root, 1)]
        var count = 0
        while let (node, depth) = stack.popLast() {
            count += 1
            let location = FilePosition(file: file, line: node.mark?.line ?? 0, column: node.mark?.column ?? 0)
            if count > maximumNodes {
                return ConfigurationError(at: location, message: "the file expands to more than \(maximumNodes) values",
                    fix: "do not nest aliases (`*name`) inside the anchors (`&name`) they repeat; write the lists out")
            }
            if depth > maximumDepth {
                return ConfigurationError(at: location, message: "lists and mappings are nested more than \(maximumDepth) levels deep here",
                    fix: "ClaimCheck's files need at most six levels: look for `[` or `{` left open, or indentation that keeps growing")
            }
            switch node {
            case .mapping(let mapping):
                for pair in mapping.reversed() {
                    stack.append((pair.value, depth + 1))
                    stack.append((pair.key, depth + 1))
                }
            case .sequence(let sequence):
                for item in sequence.reversed() { stack.append((item, depth + 1)) }
            default:
                break
            }
        }
        return nil
    }

    // MARK: Errors

    static func convert(_ error: Error, text: String, file: String) -> ConfigurationError {
        guard let yaml = error as? YamlError else {
            return ConfigurationError(file: file, message: "cannot read YAML: \(error)", fix: "check the file is YAML text")
        }
        let lines = SourceLines(text)
        switch yaml {
        case .scanner(let context, let problem, let mark, _), .parser(let context, let problem, let mark, _),
             .composer(let context, let problem, let mark, _):
            return syntaxError(context: context, problem: problem, mark: mark, lines: lines, file: file)
        case .reader(let problem, let offset, let value, _):
            let (line, column) = offset.map { lines.lineAndColumn(ofCharacter: $0) } ?? (0, 0)
            let character = value >= 0 ? String(format: "U+%04X ", value) : ""
            return ConfigurationError(file: file, line: line, column: column,
                                      message: "character \(character)cannot appear in YAML (\(problem))",
                                      fix: "delete it; if the file is not text, restore it from version control")
        case .duplicatedKeysInMapping(let duplicates, let context):
            let key = duplicates.first ?? ""
            let first = context.mark
            if let second = secondOccurrence(of: key, firstAt: first, in: text) {
                return ConfigurationError(file: file, line: second.line, column: second.column,
                    message: "duplicate key `\(key)`: this mapping already has it at line \(first.line), column \(first.column)",
                    fix: "keep one `\(key):` (YAML would silently use only one of them)")
            }
            return ConfigurationError(file: file, line: first.line, column: first.column,
                message: "key `\(key)` appears more than once in this mapping",
                fix: "keep one `\(key):` (YAML would silently use only one of them)")
        case .memory:
            return ConfigurationError(file: file, message: "the YAML parser ran out of memory", fix: "make the file smaller")
        default:
            return ConfigurationError(file: file, message: "invalid YAML: \(yaml)", fix: "check the file is YAML text")
        }
    }

    private static func syntaxError(context: YamlError.Context?, problem: String, mark: Mark, lines: SourceLines,
                                    file: String) -> ConfigurationError {
        let started = context.map { " (\($0.text) that starts at line \($0.mark.line), column \($0.mark.column))" } ?? ""
        if problem.hasPrefix("Maximum nesting level") {
            // libyaml's scanner runs ahead through `[[[[…`, so its mark is near the start: find the bracket that goes too deep.
            let place = lines.bracketOpening(depth: maximumDepth) ?? (mark.line, mark.column)
            return ConfigurationError(file: file, line: place.line, column: place.column,
                message: "lists and mappings are nested more than \(maximumDepth) levels deep here",
                fix: "ClaimCheck's files need at most six levels: look for `[` or `{` left open, or indentation that keeps growing")
        }
        if let tab = lines.tabInIndentation(line: mark.line) ?? context.flatMap({ lines.tabInIndentation(line: $0.mark.line) }) {
            return ConfigurationError(file: file, line: tab.line, column: tab.column,
                message: "a tab indents this line; YAML indents with spaces only",
                fix: "replace the tab with spaces (set your editor to insert spaces in .yml files)")
        }
        if context?.text == "expected a single document in the stream" {
            return ConfigurationError(file: file, line: mark.line, column: mark.column,
                message: "a second YAML document starts here; ClaimCheck reads one document per file",
                fix: "remove the `---` line (or the `...` before it), or move what follows into a file of its own")
        }
        // At the end of the file the problem's place says nothing: point at what was left open.
        let location = problem.contains("end of stream") ? (context?.mark ?? mark) : mark
        var fix = "check indentation and quoting on this line (text containing `: ` or ` #` must be quoted)"
        if let context {
            if context.text.contains("quoted scalar") {
                fix = "close the quote that opens at line \(context.mark.line), column \(context.mark.column) (inside '…' write a single quote as '')"
            } else if context.text.contains("flow sequence") || context.text.contains("flow mapping") {
                fix = "close the `[` or `{` that opens at line \(context.mark.line), column \(context.mark.column), and separate its items with commas"
            }
        }
        return ConfigurationError(file: file, line: location.line, column: location.column,
                                  message: "invalid YAML: \(problem)\(started)", fix: fix)
    }

    /// Where the same key appears again in the mapping whose key at `first` Yams
    /// reported: that key is renamed (its first character replaced by one no file
    /// uses, so no column moves) and the text parsed again.
    static func secondOccurrence(of key: String, firstAt first: Mark, in text: String) -> Mark? {
        let lines = SourceLines(text)
        var scalars = Array(text.unicodeScalars)
        var renamed: [Mark] = []
        var target = first
        for _ in 0..<8 {
            guard var index = lines.scalarOffset(line: target.line, column: target.column), index < scalars.count else { return nil }
            if scalars[index] == "'" || scalars[index] == "\"" { index += 1 }
            guard index < scalars.count, !["'", "\"", "\n", "\r", ":"].contains(scalars[index]) else { return nil }
            scalars[index] = "\u{E000}"
            renamed.append(target)
            do {
                let root = try composeNodes(SourceLines.string(scalars))
                return root.flatMap { sibling(of: key, renamedAt: first, in: $0) }
            } catch YamlError.duplicatedKeysInMapping(let duplicates, let context) {
                // A third occurrence: the one after the renamed first is the second.
                if duplicates.first == key { return context.mark }
                target = context.mark   // another key is duplicated too: rename it as well and try again
            } catch {
                return nil
            }
        }
        return nil
    }

    private static func sibling(of key: String, renamedAt first: Mark, in root: Node) -> Mark? {
        var stack = [root]
        while let node = stack.popLast() {
            switch node {
            case .mapping(let mapping):
                if mapping.contains(where: { $0.key.mark?.line == first.line && $0.key.mark?.column == first.column }) {
                    return mapping.first { $0.key.string == key }?.key.mark
                }
                for pair in mapping { stack.append(pair.key); stack.append(pair.value) }
            case .sequence(let sequence):
                stack.append(contentsOf: sequence)
            default:
                break
            }
        }
        return nil
    }
}

/// Lines of a text as libyaml counts them (a line break is `\n`, `\r\n`, `\r`,
/// U+0085, U+2028 or U+2029; columns count Unicode scalars), for turning its
/// positions back into the text.
struct SourceLines {
    /// Offset (in Unicode scalars) of each line's first scalar.
    let starts: [Int]
    let scalars: [Unicode.Scalar]

    init(_ text: String) {
        scalars = Array(text.unicodeScalars)
        var starts = [0]
        var index = 0
        while index < scalars.count {
            let scalar = scalars[index]
            if scalar == "\r", index + 1 < scalars.count, scalars[index + 1] == "\n" { index += 1 }
            if ["\n", "\r", "\u{85}", "\u{2028}", "\u{2029}"].contains(scalar) { starts.append(index + 1) }
            index += 1
        }
        self.starts = starts
    }

    static func string(_ scalars: [Unicode.Scalar]) -> String {
        var view = String.UnicodeScalarView()
        view.append(contentsOf: scalars)
        return String(view)
    }

    func scalarOffset(line: Int, column: Int) -> Int? {
        guard line >= 1, line <= starts.count, column >= 1 else { return nil }
        return starts[line - 1] + column - 1
    }

    /// The first tab among the leading blanks of a line.
    func tabInIndentation(line: Int) -> (line: Int, column: Int)? {
        guard line >= 1, line <= starts.count else { return nil }
        var index = starts[line - 1]
        while index < scalars.count, scalars[index] == " " || scalars[index] == "\t" {
            if scalars[index] == "\t" { return (line, index - starts[line - 1] + 1) }
            index += 1
        }
        return nil
    }

    /// Where the `depth`-th unclosed `[` or `{` opens (quotes and comments
    /// skipped, roughly as YAML reads them); for pointing at runaway nesting.
    func bracketOpening(depth target: Int) -> (line: Int, column: Int)? {
        var depth = 0
        var index = 0
        var line = 1
        var previous: Unicode.Scalar = " "
        while index < scalars.count {
            let scalar = scalars[index]
            switch scalar {
            case "\n":
                line += 1
            case "#" where previous == " " || previous == "\t" || previous == "\n":
                while index + 1 < scalars.count, scalars[index + 1] != "\n" { index += 1 }
            case "'" where " \t\n[{,:".unicodeScalars.contains(previous), "\"" where " \t\n[{,:".unicodeScalars.contains(previous):
                let quote = scalar
                index += 1
                while index < scalars.count, scalars[index] != quote {
                    if scalars[index] == "\n" { line += 1 }
                    if quote == "\"", scalars[index] == "\\" { index += 1 }
                    index += 1
                }
            case "[", "{":
                depth += 1
                if depth == target { return (line, index - starts[line - 1] + 1) }
            case "]", "}":
                depth = max(0, depth - 1)
            default:
                break
            }
            previous = index < scalars.count ? scalars[index] : " "
            index += 1
        }
        return nil
    }

    /// Line and column of a `Character` offset (how Yams reports reader errors).
    func lineAndColumn(ofCharacter offset: Int) -> (Int, Int) {
        let text = Self.string(scalars)
        let index = text.index(text.startIndex, offsetBy: offset, limitedBy: text.endIndex) ?? text.endIndex
        let scalarOffset = text.unicodeScalars.distance(from: text.unicodeScalars.startIndex, to: index)
        var line = 1
        while line < starts.count, starts[line] <= scalarOffset { line += 1 }
        return (line, scalarOffset - starts[line - 1] + 1)
    }
}
