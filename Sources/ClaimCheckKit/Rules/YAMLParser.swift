import Foundation

/// Parses one YAML document (see `YAMLComposer`) with errors that point at the
/// right place and say how to fix them: a duplicate key at its second
/// occurrence, naming the first; a tab in the indentation, an unclosed quote or
/// bracket, a second document, a control character, runaway nesting, each with
/// its own message and fix.
enum YAMLParser {
    /// Levels of lists and mappings inside each other (the root is level 1).
    static let maximumDepth = 32
    /// Values in the document once aliases are expanded.
    static let maximumNodes = 1_000_000

    static func compose(_ text: String, file: String) throws(ConfigurationError) -> YAMLValue? {
        if text.utf8.count > FileLoader.maximumSize { throw FileLoader.tooLarge(file, size: text.utf8.count) }
        do {
            return try YAMLComposer(maximumDepth: maximumDepth, maximumNodes: maximumNodes).compose(text)
        } catch {
            throw convert(error, text: text, file: file)
        }
    }

    // MARK: Errors

    static func convert(_ failure: YAMLComposer.Failure, text: String, file: String) -> ConfigurationError {
        switch failure {
        case .syntax(let problem, let mark, let context, let contextMark):
            return syntaxError(problem: problem, mark: mark, context: context, contextMark: contextMark, lines: SourceLines(text), file: file)
        case .reader(let problem, let offset, let value):
            let (line, column) = SourceLines(text).lineAndColumn(ofUTF8: offset, in: text) ?? (0, 0)
            let character = value >= 0 ? String(format: "U+%04X ", value) : ""
            return ConfigurationError(file: file, line: line, column: column,
                                      message: "character \(character)cannot appear in YAML (\(problem))",
                                      fix: "delete it; if the file is not text, restore it from version control")
        case .duplicateKey(let key, let first, let second):
            return ConfigurationError(file: file, line: second.line, column: second.column,
                message: "duplicate key `\(key)`: this mapping already has it at line \(first.line), column \(first.column)",
                fix: "keep one `\(key):` (YAML would silently use only one of them)")
        case .secondDocument(let mark):
            return ConfigurationError(file: file, line: mark.line, column: mark.column,
                message: "a second YAML document starts here; ClaimCheck reads one document per file",
                fix: "remove the `---` line (or the `...` before it), or move what follows into a file of its own")
        case .undefinedAlias(let name, let mark):
            return ConfigurationError(file: file, line: mark.line, column: mark.column,
                message: "`*\(name)` repeats an anchor that is not defined above it",
                fix: "define `&\(name)` on the value to repeat, before this line, or write the value out")
        case .tooDeep(let mark):
            return tooDeep(line: mark.line, column: mark.column, file: file)
        case .tooManyValues(let mark):
            return ConfigurationError(file: file, line: mark.line, column: mark.column, message: "the file expands to more than \(maximumNodes) values",
                fix: "do not nest aliases (`*name`) inside the anchors (`&name`) they repeat; write the lists out")
        case .outOfMemory:
            return ConfigurationError(file: file, message: "the YAML parser ran out of memory", fix: "make the file smaller")
        }
    }

    private static func tooDeep(line: Int, column: Int, file: String) -> ConfigurationError {
        ConfigurationError(file: file, line: line, column: column,
            message: "lists and mappings are nested more than \(maximumDepth) levels deep here",
            fix: "ClaimCheck's files need at most six levels: look for `[` or `{` left open, or indentation that keeps growing")
    }

    private static func syntaxError(problem: String, mark: YAMLComposer.Mark, context: String?, contextMark: YAMLComposer.Mark?,
                                    lines: SourceLines, file: String) -> ConfigurationError {
        let contextMark = contextMark ?? mark
        let started = context.map { " (\($0) that starts at line \(contextMark.line), column \(contextMark.column))" } ?? ""
        if problem.hasPrefix("Maximum nesting level") {
            // libyaml's scanner runs ahead through `[[[[…`, so its mark is near the start: find the bracket that goes too deep.
            let place = lines.bracketOpening(depth: maximumDepth) ?? (mark.line, mark.column)
            return tooDeep(line: place.line, column: place.column, file: file)
        }
        if let tab = lines.tabInIndentation(line: mark.line) ?? (context == nil ? nil : lines.tabInIndentation(line: contextMark.line)) {
            return ConfigurationError(file: file, line: tab.line, column: tab.column,
                message: "a tab indents this line; YAML indents with spaces only",
                fix: "replace the tab with spaces (set your editor to insert spaces in .yml files)")
        }
        // At the end of the file the problem's place says nothing: point at what was left open.
        let location = problem.contains("end of stream") && context != nil ? contextMark : mark
        var fix = "check indentation and quoting on this line (text containing `: ` or ` #` must be quoted)"
        if let context {
            if context.contains("quoted scalar") {
                fix = "close the quote that opens at line \(contextMark.line), column \(contextMark.column) (inside '…' write a single quote as '')"
            } else if context.contains("flow sequence") || context.contains("flow mapping") {
                fix = "close the `[` or `{` that opens at line \(contextMark.line), column \(contextMark.column), and separate its items with commas"
            }
        }
        return ConfigurationError(file: file, line: location.line, column: location.column,
                                  message: "invalid YAML: \(problem)\(started)", fix: fix)
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

    /// Line and column of a UTF-8 offset into `text` (how libyaml reports a bad
    /// byte), or nil when the offset falls inside a character.
    func lineAndColumn(ofUTF8 offset: Int, in text: String) -> (Int, Int)? {
        guard let index = text.utf8.index(text.utf8.startIndex, offsetBy: offset, limitedBy: text.utf8.endIndex),
              let scalarIndex = index.samePosition(in: text.unicodeScalars) else { return nil }
        let scalarOffset = text.unicodeScalars.distance(from: text.unicodeScalars.startIndex, to: scalarIndex)
        var line = 1
        while line < starts.count, starts[line] <= scalarOffset { line += 1 }
        return (line, scalarOffset - starts[line - 1] + 1)
    }
}
