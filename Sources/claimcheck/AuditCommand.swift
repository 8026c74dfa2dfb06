import ArgumentParser
import ClaimCheckKit
import Foundation

extension AuditInputStream.Format: ExpressibleByArgument {}

struct AuditCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "audit",
        abstract: "Audit many documents: folders, JSONL or WARC, on every core, as streaming JSONL.",
        discussion: """
        Reads folders (recursively), JSON Lines files (one document a line:
        {"id": …, "url": …, "content": …, "format": …}), WARC and gzipped WARC files
        (HTTP responses with HTML bodies), or - for standard input (JSONL unless
        --input-format says otherwise). Writes one JSON report a line, in input
        order unless --unordered, and a summary at the end: verdicts by kind, rule
        and region, the documents with most flags, and the speakers and quotes that
        recur across documents.

        Documents are checked in worker processes (--jobs of them), so that a
        document that crashes the checker costs only itself: its worker is
        restarted, the document is tried once more in a fresh worker, and if it
        crashes that one too it gets an input-error report and the run goes on.

        An input that cannot be read (missing, unreadable, a folder that cannot be
        listed, a named pipe, a damaged or truncated WARC, over --max-size) gets a
        report with `error` set and is named on standard error; the run goes on.

        Exit codes: 0 every document was checked, 2 some input could not be read
        (after all the others were checked), or bad usage, rules or config.

        Examples:
          claimcheck audit crawl/ --output reports.jsonl --summary summary.json
          claimcheck audit pages.warc.gz --jobs 2 --output reports.jsonl
          claimcheck audit crawl/ --output reports.jsonl --resume      after a crash or kill
          claimcheck audit crawl/ --shard 3/8 --output part-3.jsonl   one eighth, stable by id
          claimcheck audit crawl/ --max-size 8M                       no pages over 8 MB
          cat docs.jsonl | claimcheck audit - > reports.jsonl
        """
    )

    @Argument(help: ArgumentHelp("Folders, files (.html, .md, .txt, .jsonl, .warc, .warc.gz), or - for standard input.", valueName: "input"))
    var inputs: [String]

    @Option(help: ArgumentHelp("Read every input as html, markdown, text, jsonl or warc.", valueName: "format"))
    var inputFormat: AuditInputStream.Format?

    @Option(help: ArgumentHelp("Only files in folders whose path matches this glob (repeatable), e.g. '**/*.html'.", valueName: "glob"))
    var include: [String] = []

    @Option(help: ArgumentHelp("Skip files in folders whose path matches this glob (repeatable).", valueName: "glob"))
    var exclude: [String] = []

    @Option(help: "Documents checked in parallel (default: the number of cores).")
    var jobs: Int = ProcessInfo.processInfo.activeProcessorCount

    @Flag(help: "Write reports as they finish instead of in input order.")
    var unordered = false

    @Option(name: .shortAndLong, help: ArgumentHelp("Write the JSONL reports to this file (default: standard output).", valueName: "file"))
    var output: String?

    @Flag(help: "Skip documents already in the output file; a torn last line is removed and its document redone.")
    var resume = false

    @Option(help: ArgumentHelp("Also write the summary as JSON to this file.", valueName: "file"))
    var summary: String?

    @Option(help: ArgumentHelp("Process only shard I of N (1-based), chosen by a stable hash of each document's id.", valueName: "I/N"))
    var shard: String?

    @Option(help: ArgumentHelp("Refuse documents larger than this (e.g. 512K, 64M, 2G, or bytes) with an input error; default 64M.", valueName: "size"))
    var maxSize: String?

    @Flag(help: "Check in threads of this process instead of worker processes: a little less overhead, but a document that crashes the checker ends the whole run.")
    var inProcess = false

    @Flag(help: "No progress line and no text summary.")
    var quiet = false

    @Option(help: "JSONL field holding the document id.") var idField = "id"
    @Option(help: "JSONL field holding the document URL.") var urlField = "url"
    @Option(help: "JSONL field holding the document text.") var contentField = "content"
    @Option(help: "JSONL field holding the document format (html, markdown, text).") var formatField = "format"

    @Option(help: ArgumentHelp("Config file (default: the nearest .claimcheck.yml above the first input).", valueName: "file"))
    var config: String?

    @OptionGroup var location: RulesLocation

    func validate() throws {
        if jobs < 1 { throw ValidationError("--jobs must be at least 1") }
        if resume && output == nil { throw ValidationError("--resume needs --output FILE: it continues that file") }
        if let shard, AuditShard(shard) == nil { throw ValidationError(AuditShard.usage(got: shard)) }
        if let maxSize, ByteSize.parse(maxSize) == nil { throw ValidationError(ByteSize.usage(got: maxSize)) }
    }

    func run() throws {
        let configPath = config ?? Configuration.find(forInput: inputs.first ?? ".")
        var configuration = Configuration()
        if let configPath {
            do { configuration = try Configuration.load(path: configPath) } catch {
                FileHandle.standardError.write(Data((error.description + "\n").utf8)); throw ExitCode(2)
            }
        }
        var settings = AuditJob.Settings(inputs: inputs.map(RawArguments.path(for:)), format: inputFormat)
        settings.include = include
        settings.exclude = exclude
        settings.fields.id = idField; settings.fields.url = urlField; settings.fields.content = contentField; settings.fields.format = formatField
        settings.maximumBytes = maxSize.flatMap(ByteSize.parse) ?? DocumentExtractor().maximumBytes
        settings.shard = shard.flatMap(AuditShard.init)
        settings.runner = AuditRunner.Options(jobs: jobs, ordered: !unordered)
        settings.output = output
        settings.resume = resume
        let engine: AuditJob.Engine
        if inProcess {
            var checker = try location.loadChecker(configuration: configuration)
            checker.extractor.maximumBytes = settings.maximumBytes
            engine = .inProcess(checker)
        } else {
            // The first worker loads the rules alone; a mistake in them is reported by it, once.
            engine = .workers(workerCommand(configPath: configPath, maximumBytes: settings.maximumBytes))
        }
        let job: AuditJob
        do { job = try AuditJob(settings, engine: engine) } catch {
            FileHandle.standardError.write(Data("\(error.description)\n".utf8)); throw ExitCode(2)
        }
        let console = AuditConsole(progress: !quiet && isatty(2) != 0, totalBytes: job.totalBytes)
        job.onProgress = { console.progress(documents: $0, bytes: $1) }
        job.onInputError = { console.inputError(source: $0, message: $1) }
        job.onIncident = { console.warning($0.description) }
        let outcome: AuditJob.Outcome
        do { outcome = try job.run() } catch let error as AuditJobError {
            console.finish()
            FileHandle.standardError.write(Data("\(error.description)\n".utf8))
            throw ExitCode(2)
        }
        console.finish()
        let result = outcome.summary
        if let summary {
            let encoder = JSONEncoder()
            encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
            try encoder.encode(result).write(to: URL(fileURLWithPath: summary))
        }
        if !quiet {
            var text = result.text()
            if outcome.resumedSkipped > 0 { text += "  resumed: \(outcome.resumedSkipped) documents already in \(output ?? "the output") were skipped\n" }
            if outcome.workerRestarts > 0 { text += "  worker restarts: \(outcome.workerRestarts) (see the messages above)\n" }
            FileHandle.standardError.write(Data(text.utf8))
        }
        console.reportSuppressedErrors()
        if result.errors > 0 { throw ExitCode(2) }
    }

    /// This binary again, in its hidden worker mode, with the rules, config and
    /// size limit this run uses.
    func workerCommand(configPath: String?, maximumBytes: Int) -> AuditWorkerCommand {
        var arguments = ["audit-worker", "--rules", location.resolve(), "--max-size", String(maximumBytes)]
        if let configPath { arguments += ["--config", configPath] }
        return AuditWorkerCommand(executable: RawArguments.executablePath, arguments: arguments)
    }
}
