import Foundation

/// A document `check` reads: a file, or standard input.
public struct CheckInput: Sendable {
    public var path: InputPath
    /// Found by searching a folder (so a config's `ignore` applies), not named by the user.
    public var foundInFolder = false
    /// Why it cannot be read, when that was known while finding it (a folder that cannot be listed).
    public var problem: InputError?

    public init(path: InputPath, foundInFolder: Bool = false, problem: InputError? = nil) {
        self.path = path
        self.foundInFolder = foundInFolder
        self.problem = problem
    }

    public var isStandardInput: Bool { path.bytes == Array("-".utf8) }
    /// The name reports give it.
    public var displayPath: String { isStandardInput ? "<stdin>" : path.display }
    /// The path as text, for finding its config and matching `ignore` globs (`-` for standard input).
    public var text: String { path.lossyString }

    /// The documents the paths name, in order: folders searched recursively for
    /// the extensions `InputFormat.fromExtension` knows (a subfolder that cannot
    /// be listed is an input that could not be read, not a silence), `-` for
    /// standard input, and any other path as given (one that cannot be read gets
    /// an input-error report, and the rest go on).
    public static func expand(_ paths: [InputPath]) -> [CheckInput] {
        var inputs: [CheckInput] = []
        for path in paths {
            if path.bytes == Array("-".utf8) { inputs.append(CheckInput(path: path)); continue }
            switch InputFileReader.inspect(path) {
            case .success(.folder):
                for entry in FolderWalker.walk(path) {
                    if let error = entry.error {
                        inputs.append(CheckInput(path: entry.path, foundInFolder: true, problem: error))
                    } else if InputFormat.fromExtension(of: entry.relativeString) != nil {
                        inputs.append(CheckInput(path: entry.path, foundInFolder: true))
                    }
                }
            case .success(.regular), .failure:
                inputs.append(CheckInput(path: path))
            }
        }
        return inputs
    }

    /// The document's bytes, or why they cannot be had.
    public func read(maximumBytes: Int) -> Result<[UInt8], InputError> {
        if let problem { return .failure(problem) }
        guard isStandardInput else { return InputFileReader(maximumBytes: maximumBytes).read(path) }
        let bytes = [UInt8](FileHandle.standardInput.readDataToEndOfFile())
        if bytes.count > maximumBytes { return .failure(ByteSize.overLimit(path: displayPath, size: bytes.count, limit: maximumBytes)) }
        return .success(bytes)
    }
}

extension CheckSession {
    /// The inputs without the files a folder search found that their config
    /// `ignore`s. Throws when a config cannot load.
    public func removingIgnored(_ inputs: [CheckInput]) throws(ConfigurationErrors) -> [CheckInput] {
        var kept: [CheckInput] = []
        kept.reserveCapacity(inputs.count)
        for input in inputs {
            if input.foundInFolder, input.problem == nil, try configuration(at: configPath(for: input)).ignores(input.text) { continue }
            kept.append(input)
        }
        return kept
    }

    /// Checks the inputs in order, handing each report to `each` as soon as it is
    /// made and keeping none, so that memory does not grow with the number of
    /// documents (output that streams). Each input is judged by the config that
    /// governs it; ignored files are not skipped here (see `removingIgnored`).
    /// Throws when a config or the rules cannot load; an unreadable input is a
    /// report with `error` set. With more than one input, the next ones are read
    /// while this one is checked (`InputReadAhead`).
    public func checkEach(_ inputs: [CheckInput], format: InputFormat? = nil,
                          each: (Report) -> Void) throws(ConfigurationErrors) {
        let readAhead = inputs.count > 1 ? InputReadAhead(inputs, maximumBytes: options.maximumBytes) : nil
        for input in inputs {
            let checker = try checker(configPath: configPath(for: input))
            let report: Report
            switch readAhead?.next() ?? input.read(maximumBytes: options.maximumBytes) {
            case .success(let bytes): report = checker.check(bytes, source: input.displayPath, format: format)
            case .failure(let error): report = Report.inputError(error, format: format)
            }
            each(report)
        }
    }

    /// The reports of `check` over a list of inputs, in input order, without the
    /// files their config `ignore`s, each also handed to `each` as soon as it is made.
    public func check(_ inputs: [CheckInput], format: InputFormat? = nil,
                      each: (Report) -> Void = { _ in }) throws(ConfigurationErrors) -> [Report] {
        var reports: [Report] = []
        try checkEach(removingIgnored(inputs), format: format) { report in
            reports.append(report)
            each(report)
        }
        return reports
    }
}

extension CheckInput {
    /// The inputs without the files a folder search found that their config
    /// (`configFile`, else the nearest `.claimcheck.yml`) `ignore`s: for commands
    /// that read documents without checking them (`extract`).
    public static func removingIgnored(_ inputs: [CheckInput], configFile: String?) throws(ConfigurationErrors) -> [CheckInput] {
        // A session only loads rules when asked to check, so none are loaded here.
        try CheckSession(CheckOptions(rulesFolder: "", configFile: configFile)).removingIgnored(inputs)
    }
}
