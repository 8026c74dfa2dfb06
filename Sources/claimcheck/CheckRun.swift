import ArgumentParser
import ClaimCheckKit
import Foundation

/// Options shared by `check` and `baseline create`: what to read and how to judge it.
struct InputOptions: ParsableArguments {
    @Argument(help: ArgumentHelp("Files, folders, or - for standard input.", valueName: "path"))
    var paths: [String]

    @Option(help: ArgumentHelp("Read inputs as html, markdown or text instead of guessing from the extension.", valueName: "format"))
    var inputFormat: InputFormat?

    @Option(help: ArgumentHelp("Fail the gate (exit 1) on verdicts at or above this severity: error, warning, info, or never. Default: the config's fail-on, else error.", valueName: "level"))
    var failOn: String?

    @Option(help: ArgumentHelp("Regions whose verdicts can fail the gate, comma-separated: body, comments, related. Default: the config's regions, else body.", valueName: "list"))
    var regions: String?

    @Option(help: ArgumentHelp("Use this config file instead of the nearest .claimcheck.yml above each input.", valueName: "file"))
    var config: String?

    @Option(help: ArgumentHelp("Refuse inputs larger than this (e.g. 512K, 64M, 2G, or bytes) with an input error; default 64M.", valueName: "size"))
    var maxSize: String?

    /// The size limit in bytes (validated).
    var maximumBytes: Int { maxSize.flatMap(ByteSize.parse) ?? DocumentExtractor().maximumBytes }

    @OptionGroup var location: RulesLocation

    func validate() throws {
        if let failOn, !["error", "warning", "info", "never"].contains(failOn) {
            throw ValidationError("--fail-on takes error, warning, info or never (got '\(failOn)')")
        }
        for region in (regions ?? "body").split(separator: ",") {
            let name = region.trimmingCharacters(in: .whitespaces)
            if Region(rawValue: name) == nil || name == "boilerplate" {
                throw ValidationError("--regions takes body, comments, related (got '\(name)')")
            }
        }
        if let maxSize, ByteSize.parse(maxSize) == nil { throw ValidationError(ByteSize.usage(got: maxSize)) }
    }
}

extension InputOptions {
    /// The session these options ask for: their rules folder, config, gate and size limit.
    func session(keepsArticleText: Bool = false) -> CheckSession {
        let regions = regions.map { $0.split(separator: ",").compactMap { Region(rawValue: $0.trimmingCharacters(in: .whitespaces)) } }
        return CheckSession(CheckOptions(rulesFolder: location.resolve(), configFile: config, failOn: failOn, regions: regions,
                                         maximumBytes: maximumBytes, keepsArticleText: keepsArticleText))
    }

    /// The documents the paths name (`-` for standard input).
    var inputs: [CheckInput] { CheckInput.expand(paths.map(RawArguments.path(for:))) }
}

/// A `check` over the inputs of the command line, handing each report on as it
/// is made and keeping none (so a run over thousands of documents stays flat in
/// memory): the config of the first input (for settings of the whole run), the
/// number of documents, and whether some input could not be read. Errors are
/// printed; a config or rules that cannot load end the run with exit code 2.
struct CheckRun {
    var session: CheckSession
    /// The documents to check, in order, without the files their config ignores.
    var inputs: [CheckInput]
    /// The config of the first input (for settings that apply to the whole run).
    var primary: Configuration
    var unreadable = false

    /// Finds the documents and the first one's config; `run` checks them.
    init(_ options: InputOptions, session: CheckSession) throws(ExitCode) {
        self.session = session
        let found = options.inputs
        if found.isEmpty {
            FileHandle.standardError.write(Data("claimcheck: no documents found in \(options.paths.joined(separator: " ")) (looked for \(InputFormat.folderExtensions))\n".utf8))
            throw ExitCode(2)
        }
        do {
            primary = try session.configuration(at: session.configPath(for: found[0]))
            inputs = try session.removingIgnored(found)
        } catch {
            FileHandle.standardError.write(Data((error.description + "\n").utf8))
            throw ExitCode(2)
        }
    }

    /// Checks every document; `each` sees every report as soon as it is made.
    mutating func run(format: InputFormat?, each: (Report) -> Void) throws(ExitCode) {
        var unreadable = false
        do {
            try session.checkEach(inputs, format: format) { report in
                if let error = report.error {
                    unreadable = true
                    FileHandle.standardError.write(Data("\(report.source): error: \(error)\n".utf8))
                }
                each(report)
            }
        } catch {
            FileHandle.standardError.write(Data((error.description + "\n").utf8))
            throw ExitCode(2)
        }
        self.unreadable = unreadable
    }
}
