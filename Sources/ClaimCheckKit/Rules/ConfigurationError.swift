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

    public var description: String {
        let location = line > 0 ? "\(file):\(line):\(column)" : file
        return "\(location): error: \(message)" + (fix.map { "\n  fix: \($0)" } ?? "")
    }
}

/// Several configuration errors found in one pass, so a user fixes them all at once.
public struct ConfigurationErrors: Error, Sendable, CustomStringConvertible {
    public var errors: [ConfigurationError]
    public init(_ errors: [ConfigurationError]) { self.errors = errors }
    public var description: String { errors.map(\.description).joined(separator: "\n") }
}
