/// A place in a rule, registry, policy or config file: 1-based line and column
/// (columns count characters, as in every report ClaimCheck writes). Line 0 means
/// the whole file (a file that cannot be read, a folder that is missing).
public struct FilePosition: Sendable, Hashable, CustomStringConvertible {
    public var file: String
    public var line: Int
    public var column: Int

    public init(file: String, line: Int = 0, column: Int = 0) {
        self.file = file
        self.line = line
        self.column = column
    }

    /// `file:line:column`, or `file` alone when there is no line.
    public var description: String { line > 0 ? "\(file):\(line):\(column)" : file }

    /// `line L, column C` for a message that names another place in the same file.
    public var lineAndColumn: String { "line \(line), column \(column)" }
}

/// A mistake in a rule file, the registry, the verdict policy or a config file:
/// where it is, what is wrong, and how to fix it.
public struct ConfigurationError: Error, Sendable, Equatable, CustomStringConvertible {
    public var file: String
    public var line: Int
    public var column: Int
    public var message: String
    public var fix: String?

    public init(file: String, line: Int = 0, column: Int = 0, message: String, fix: String? = nil) {
        self.file = file
        self.line = line
        self.column = column
        self.message = message
        self.fix = fix
    }

    public init(at location: FilePosition, message: String, fix: String? = nil) {
        self.init(file: location.file, line: location.line, column: location.column, message: message, fix: fix)
    }

    public var location: FilePosition { FilePosition(file: file, line: line, column: column) }

    public var description: String {
        "\(location): error: \(message)" + (fix.map { "\n  fix: \($0)" } ?? "")
    }
}

/// Several configuration errors found in one pass, so a user fixes them all at once.
public struct ConfigurationErrors: Error, Sendable, CustomStringConvertible {
    public var errors: [ConfigurationError]
    public init(_ errors: [ConfigurationError]) { self.errors = errors }
    public var description: String { errors.map(\.description).joined(separator: "\n") }
}
