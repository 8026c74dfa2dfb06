import Foundation

/// One `audit` run, as the command line, a script or a service starts it: reads
/// the inputs as a stream of documents, keeps the shard's and skips those a
/// resumed output already holds, checks them in worker processes (or threads of
/// this one), appends one JSON report a line to the output, and builds the summary.
///
/// What it shows a person (progress, input errors, worker incidents) goes to its
/// callbacks; it prints nothing itself.
public final class AuditJob {
    public struct Settings: Sendable {
        public var inputs: [InputPath]
        public var format: AuditInputStream.Format?
        public var include: [String] = []
        public var exclude: [String] = []
        public var fields = JSONLDocumentReader.Fields()
        public var maximumBytes = DocumentExtractor().maximumBytes
        public var shard: AuditShard?
        public var runner = AuditRunner.Options(jobs: 1, ordered: true)
        /// The JSONL file to write; nil writes to standard output.
        public var output: String?
        /// Continue `output`: skip the documents it holds (and redo a torn last line's).
        public var resume = false

        public init(inputs: [InputPath], format: AuditInputStream.Format? = nil) {
            self.inputs = inputs
            self.format = format
        }
    }

    /// Where documents are checked.
    public enum Engine {
        /// In threads of this process, with this checker: a little faster, but a
        /// document that crashes the checker ends the run.
        case inProcess(ClaimChecker)
        /// In worker processes started with this command, restarted when one dies.
        case workers(AuditWorkerCommand)
    }

    public struct Outcome: Sendable {
        public var summary: AuditSummary
        /// Documents skipped because the resumed output already held them.
        public var resumedSkipped: Int
        public var workerRestarts: Int
    }

    public var onProgress: ((_ documents: Int, _ bytesRead: Int) -> Void)?
    public var onInputError: ((_ source: String, _ message: String) -> Void)?
    public var onIncident: ((SupervisedAuditRunner.Incident) -> Void)?

    /// The inputs' total size, when it is known before reading (files, not standard input).
    public var totalBytes: Int? { stream.totalBytes }

    private let settings: Settings
    private let engine: Engine
    private let supervisor: SupervisedAuditRunner?
    private var stream: AuditInputStream
    private var builder = AuditSummary.Builder()
    private var done: AuditResumeLog?
    private var output: AuditOutputBuffer

    /// Starts the workers (they load their rules while the inputs are listed),
    /// lists the inputs, and opens the output (loading what a resumed one holds).
    public init(_ settings: Settings, engine: Engine) throws(AuditJobError) {
        self.settings = settings
        self.engine = engine
        if case .workers(let command) = engine {
            let supervisor = SupervisedAuditRunner(worker: command, options: settings.runner)
            do { try supervisor.start() } catch { throw .workers(error) }
            self.supervisor = supervisor
        } else {
            supervisor = nil
        }
        stream = AuditInputStream(inputs: settings.inputs, format: settings.format, include: settings.include,
                                  exclude: settings.exclude, fields: settings.fields, maximumBytes: settings.maximumBytes)
        guard let output = settings.output else { self.output = AuditOutputBuffer(.standardOutput); return }
        if settings.resume, FileManager.default.fileExists(atPath: output) {
            do { done = try AuditResumeLog.load(path: output, into: &builder) } catch { throw .resumeLog(error) }
        } else {
            _ = FileManager.default.createFile(atPath: output, contents: nil)
        }
        guard let handle = FileHandle(forWritingAtPath: output) else { throw .cannotWrite(output) }
        handle.seekToEndOfFile()
        self.output = AuditOutputBuffer(handle)
    }

    /// Checks every document and returns the summary (with the resumed output's documents in it).
    public func run() throws -> Outcome {
        var restarts = 0
        defer { output.flush() }   // what the run checked is kept, however it ends
        let next: () throws -> AuditDocument? = { [self] in
            while let document = try stream.next() {
                if let shard = settings.shard, !shard.contains(document.id) { continue }
                if done?.alreadyDone(document.id) == true { continue }
                return document
            }
            return nil
        }
        let emit: (AuditResult) -> Void = { [self] result in
            output.append(result.line)
            builder.add(result.digest)
            if let error = result.digest.error { onInputError?(result.digest.source, error) }
            onProgress?(builder.summary.documents, stream.bytesRead)
        }
        do {
            switch engine {
            case .inProcess(let checker):
                try AuditRunner(checker: checker, options: settings.runner).run(next: next, emit: emit)
            case .workers:
                supervisor!.onIncident = { [self] incident in
                    restarts += 1
                    onIncident?(incident)
                }
                try supervisor!.run(next: next, emit: emit)
            }
        } catch let error as AuditWorkerError {
            throw AuditJobError.workers(error)
        }
        builder.addSkipped(stream.skippedRecords)
        return Outcome(summary: builder.finish(), resumedSkipped: done?.skipped ?? 0, workerRestarts: restarts)
    }
}

/// Why an audit could not start or go on.
public enum AuditJobError: Error, CustomStringConvertible {
    case workers(AuditWorkerError)
    case resumeLog(InputError)
    case cannotWrite(String)

    public var description: String {
        switch self {
        case .workers(let error): "claimcheck: \(error.description)"
        case .resumeLog(let error): error.description
        case .cannotWrite(let path): "claimcheck: cannot write \(path)"
        }
    }
}
