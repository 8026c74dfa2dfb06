import Foundation

/// Checks documents in worker processes, so that no document can cost the
/// batch: a document that crashes the checker (a stack overflow, a trap) kills
/// only its worker. The worker is replaced, the document it was checking is
/// tried once more in the fresh worker, and if that one dies too the document
/// gets an input-error report of its own; every other document queued to the
/// dead worker is sent again with no mark against it. Results come back in
/// input order (or as they finish), as from `AuditRunner`, byte for byte.
///
/// Everything happens on the calling thread: one `poll` loop feeds documents
/// to the workers (a few queued ahead each, so none waits), reads their results
/// and calls `emit`. Every worker has ended when `run` returns or throws.
public final class SupervisedAuditRunner {
    /// A worker that died, and what became of the document it was checking.
    public struct Incident: Sendable, CustomStringConvertible {
        public var pid: Int32
        public var termination: WorkerTermination
        /// The document it was checking, if it was checking one.
        public var documentID: String?
        /// The document had already crashed a worker: it is reported as an input error.
        public var gaveUp: Bool
        /// It died while loading its rules, before it was sent anything to check.
        public var beforeReady = false

        public var description: String {
            guard let documentID else {
                let when = beforeReady ? "before it was ready" : "between documents"
                return "a checker worker (pid \(pid)) ended (\(termination)) \(when); a new one was started"
            }
            let shown = InputPath.escape(Array(documentID.utf8))
            if gaveUp {
                return "the checker crashed on \(shown) again (\(termination)), in a fresh worker; it is reported as an input error and the run goes on"
            }
            return "a checker worker (pid \(pid)) died (\(termination)) while checking \(shown); it is checked again in a fresh worker"
        }
    }

    private struct Job {
        var ordinal: Int
        var document: AuditDocument
        /// Workers that died while checking it.
        var crashes = 0
    }

    private struct Outgoing {
        var head: [UInt8]
        var body: [UInt8]
        var written = 0
        var total: Int { head.count + body.count }
    }

    /// One worker and what is on its way to and from it.
    private final class Worker {
        let process: AuditWorkerProcess
        var ready = false
        var dead = false
        /// Documents sent or queued to it, in order: the first is the one it is checking.
        var jobs: [Job] = []
        /// Frames not yet wholly written, in the same order.
        var outgoing: [Outgoing] = []
        /// A document that crashed a worker, kept for this fresh one until it is ready.
        var reserved: Job?
        var input = [UInt8](repeating: 0, count: 1 << 18)
        var inputStart = 0, inputEnd = 0

        /// Started beside the first with `quietAboutLoading`: it does not say why it cannot load.
        let quietAboutLoading: Bool

        init(_ process: AuditWorkerProcess, quietAboutLoading: Bool = false) {
            self.process = process
            self.quietAboutLoading = quietAboutLoading
        }

        /// Whether the worker can have begun on its first document.
        var firstJobStarted: Bool {
            guard !jobs.isEmpty else { return false }
            return jobs.count > outgoing.count || (outgoing.first?.written ?? 0) > 0
        }
    }

    private let command: AuditWorkerCommand
    private let options: AuditRunner.Options
    /// Called as each document is handed to a worker (its frame begun on the
    /// socket): its ordinal, its attempt (1, or 2 when retried after a crash)
    /// and the worker's pid.
    public var onDispatch: ((_ ordinal: Int, _ attempt: Int, _ pid: Int32) -> Void)?
    /// Called when a worker dies.
    public var onIncident: ((Incident) -> Void)?

    /// Consecutive workers that died before they were ready: then the command itself is broken.
    private static let startAttempts = 3
    private var failedStarts = 0
    /// Microseconds the loop waits before polling when every worker has half its queue or more.
    static let gatheringPause: UInt32 = 1_000

    public init(worker: AuditWorkerCommand, options: AuditRunner.Options) {
        self.command = worker
        self.options = options
    }

    /// Workers started by `start`, waiting for `run`.
    private var started: [Worker] = []

    deinit {
        for worker in started { _ = worker.process.reap(kill: true) }
    }

    /// Starts the workers now, so that they load their rules while the caller
    /// does something else (lists the inputs); `run` starts them otherwise.
    ///
    /// They all load at once, and only the first says why when the rules or
    /// config cannot load (the others stop quietly, see `quietLoadVariable`):
    /// a mistake is reported once, and the caller need not load the rules itself
    /// to find out (which cost a whole load on one core before any worker began).
    public func start() throws(AuditWorkerError) {
        while started.count < options.jobs {
            let first = started.isEmpty
            started.append(Worker(try AuditWorkerProcess(first ? command : command.quietAboutLoading), quietAboutLoading: !first))
        }
    }

    public func run(next: () throws -> AuditDocument?, emit: (AuditResult) throws -> Void) throws {
        var finished = false
        try start()
        var workers = started
        started = []
        defer {
            // Idle workers end when their socket closes; one still loading its rules is not waited for.
            for worker in workers { _ = worker.process.reap(kill: !finished || worker.dead || !worker.ready) }
        }

        var order = AuditOutputOrder(ordered: options.ordered)
        var retry: [Job] = []
        var submitted = 0, delivered = 0
        var inputDone = false
        failedStarts = 0
        let window = options.jobs * options.windowPerJob

        var someWorkerWasReady = false
        while true {
            // Quiet workers that stopped before any worker had loaded are replaced once one has.
            if !someWorkerWasReady, workers.contains(where: \.ready) {
                someWorkerWasReady = true
                while workers.count < options.jobs { workers.append(Worker(try AuditWorkerProcess(command))) }
            }
            // Hand out documents: retries first, then new ones, while the window allows.
            while !retry.isEmpty || (!inputDone && submitted - delivered < window) {
                // Only ready workers get documents, so a worker that fails to start holds none; a
                // worker retrying a document that crashed another gets nothing else until it is done.
                guard let worker = workers.filter({ $0.ready && !$0.dead && $0.reserved == nil && $0.jobs.count < options.queuedPerWorker && ($0.jobs.first?.crashes ?? 0) == 0 })
                    .min(by: { $0.jobs.count < $1.jobs.count }) else { break }
                let job: Job
                if !retry.isEmpty {
                    job = retry.removeFirst()
                } else if let document = try next() {
                    job = Job(ordinal: submitted, document: document)
                    order.submit(submitted, id: document.id)
                    submitted += 1
                    if let error = document.error {
                        // Nothing to check: a record that could not be read.
                        order.complete(job.ordinal, AuditDocumentChecker.failure(document, message: error))
                        continue
                    }
                } else {
                    inputDone = true
                    break
                }
                send(job, to: worker)
            }
            let ready = order.takeReady()
            for result in ready {
                try emit(result)
                delivered += 1
            }
            if inputDone && retry.isEmpty && delivered == submitted { break }
            // Writing results may have opened the window: fill it before waiting.
            if !ready.isEmpty { continue }

            if workers.contains(where: \.ready),
               workers.allSatisfy({ $0.dead || !$0.ready || $0.jobs.count * 2 >= options.queuedPerWorker }) {
                // Every worker has work queued for longer than this: let results gather, so that one
                // wake-up takes several. Waking for each result took a core's time from the workers.
                usleep(Self.gatheringPause)
            }
            try wait(for: workers, order: &order)
            if !someWorkerWasReady {
                // A quiet worker that stopped while loading leaves the reason to the first (see `start`).
                workers.removeAll { worker in
                    guard worker.dead, worker.quietAboutLoading, !worker.ready,
                          case .exit(let status) = worker.process.reap(kill: true), status != 0 else { return false }
                    return true
                }
            }
            for (index, worker) in workers.enumerated() where worker.dead {
                let termination = worker.process.reap(kill: true)
                var jobs = worker.jobs
                if let reserved = worker.reserved { jobs.insert(reserved, at: 0) }
                var victim: Job?
                if !worker.ready {
                    failedStarts += 1
                    if !someWorkerWasReady, !worker.quietAboutLoading, case .exit(let status) = termination, status != 0 {
                        // The first worker stopped itself: its rules or config cannot load, and it said why.
                        throw AuditWorkerError(description: "the audit stopped before checking anything: its worker could not load the rules or config (\(termination)); see the message above")
                    }
                    onIncident?(Incident(pid: worker.process.pid, termination: termination, documentID: nil, gaveUp: false, beforeReady: true))
                    if failedStarts >= Self.startAttempts {
                        throw AuditWorkerError(description: "the audit worker (\(command.executable) \(command.arguments.joined(separator: " "))) ended (\(termination)) before it was ready, \(failedStarts) times in a row; see its message above, or pass --in-process to check without worker processes")
                    }
                } else if worker.firstJobStarted {
                    var job = jobs.removeFirst()
                    job.crashes += 1
                    let gaveUp = job.crashes >= 2
                    onIncident?(Incident(pid: worker.process.pid, termination: termination, documentID: job.document.id, gaveUp: gaveUp))
                    if gaveUp {
                        order.complete(job.ordinal, AuditDocumentChecker.failure(job.document, message: Self.crashMessage(termination)))
                    } else {
                        victim = job
                    }
                } else {
                    onIncident?(Incident(pid: worker.process.pid, termination: termination, documentID: nil, gaveUp: false))
                }
                // The documents queued behind it were never begun: they go again, unmarked.
                retry = (jobs + retry).sorted { $0.ordinal < $1.ordinal }
                let replacement = Worker(try AuditWorkerProcess(command))
                replacement.reserved = victim
                workers[index] = replacement
            }
        }
        finished = true
    }

    static func crashMessage(_ termination: WorkerTermination) -> String {
        let what = { if case .signal = termination { return "crashed" } else { return "stopped" } }()
        return "the checker \(what) on this document (\(termination)), in two worker processes in turn, so it was not checked; the rest of the run went on. Please report it, with the document"
    }

    private func send(_ job: Job, to worker: Worker) {
        let fields = AuditFrame.documentFields(job.document)
        let head = AuditFrame.header(.document, fields: fields.count, body: job.document.bytes.count) + fields
        worker.outgoing.append(Outgoing(head: head, body: job.document.bytes))
        worker.jobs.append(job)
        flush(worker)
        // After the first write: from here a death of this worker counts against the document.
        onDispatch?(job.ordinal, job.crashes + 1, worker.process.pid)
    }

    /// Writes what the worker's socket takes now.
    private func flush(_ worker: Worker) {
        while !worker.dead, var frame = worker.outgoing.first {
            let result = frame.head.withUnsafeBytes { head in
                frame.body.withUnsafeBytes { body in
                    AuditSocket.write(worker.process.channel, parts: [head, body], skipping: frame.written)
                }
            }
            if result < 0 {
                if errno == EINTR { continue }
                if errno != EAGAIN && errno != EWOULDBLOCK { worker.dead = true }
                return
            }
            frame.written += result
            if frame.written == frame.total {
                worker.outgoing.removeFirst()
            } else {
                worker.outgoing[0] = frame
            }
        }
    }

    /// Waits until some worker can be written to or has something to say, then
    /// handles it: results completed into `order`, dead workers marked.
    private func wait(for workers: [Worker], order: inout AuditOutputOrder) throws {
        var descriptors = workers.map { worker in
            pollfd(fd: worker.process.channel, events: Int16(POLLIN) | (worker.outgoing.isEmpty ? 0 : Int16(POLLOUT)), revents: 0)
        }
        let count = poll(&descriptors, nfds_t(descriptors.count), -1)
        if count < 0 {
            if errno == EINTR { return }
            throw AuditWorkerError(description: "cannot wait for the audit workers (\(InputFileReader.reason(errno)))")
        }
        for (worker, descriptor) in zip(workers, descriptors) where descriptor.revents != 0 {
            if descriptor.revents & Int16(POLLOUT) != 0 { flush(worker) }
            if descriptor.revents & (Int16(POLLIN) | Int16(POLLHUP) | Int16(POLLERR)) != 0 {
                try receive(from: worker, order: &order)
            }
        }
    }

    /// Reads all the worker has sent and takes the whole frames out of it.
    private func receive(from worker: Worker, order: inout AuditOutputOrder) throws {
        while !worker.dead {
            if worker.input.count - worker.inputEnd < 1 << 16 {
                // Make room: move what is unread to the front, and grow for a large frame.
                let unread = worker.inputEnd - worker.inputStart
                if worker.inputStart > 0 {
                    worker.input.withUnsafeMutableBytes { buffer in
                        buffer.baseAddress!.copyMemory(from: buffer.baseAddress! + worker.inputStart, byteCount: unread)
                    }
                    worker.inputStart = 0
                    worker.inputEnd = unread
                }
                if worker.input.count - worker.inputEnd < 1 << 16 {
                    worker.input.append(contentsOf: repeatElement(0, count: worker.input.count))
                }
            }
            let end = worker.inputEnd, room = worker.input.count - end
            let got = worker.input.withUnsafeMutableBytes { readRetrying(worker.process.channel, $0.baseAddress! + end, room) }
            if got > 0 {
                worker.inputEnd += got
                try takeFrames(from: worker, order: &order)
                continue
            }
            if got < 0 && (errno == EAGAIN || errno == EWOULDBLOCK) { return }
            worker.dead = true   // the end of the stream, or a reset: the process is gone
        }
    }

    private func takeFrames(from worker: Worker, order: inout AuditOutputOrder) throws {
        while worker.inputEnd - worker.inputStart >= AuditFrame.headerSize {
            let start = worker.inputStart
            let header: AuditFrame.Header
            do {
                header = try worker.input.withUnsafeBytes { buffer throws(AuditWireError) in
                    try AuditFrame.parseHeader(UnsafeRawBufferPointer(rebasing: buffer[start..<start + AuditFrame.headerSize]))
                }
            } catch {
                throw AuditWorkerError(description: "an audit worker sent something that is not a frame (\(error)); is \(command.executable) the same version as this claimcheck?")
            }
            guard worker.inputEnd - start >= header.frameLength else {
                // Not all there yet: make sure it will fit.
                if header.frameLength > worker.input.count {
                    worker.input.append(contentsOf: repeatElement(0, count: header.frameLength - worker.input.count + (1 << 16)))
                }
                return
            }
            let fieldsStart = start + AuditFrame.headerSize, bodyStart = fieldsStart + header.fieldsLength
            worker.inputStart += header.frameLength
            switch header.kind {
            case .ready:
                worker.ready = true
                failedStarts = 0
                if let job = worker.reserved {
                    worker.reserved = nil
                    send(job, to: worker)
                }
            case .result:
                guard !worker.jobs.isEmpty else { throw AuditWorkerError(description: "an audit worker sent a result nobody asked for") }
                let job = worker.jobs.removeFirst()
                let result: AuditResult
                do {
                    result = try worker.input.withUnsafeBytes { buffer throws(AuditWireError) in
                        var reader = WireReader(UnsafeRawBufferPointer(rebasing: buffer[fieldsStart..<bodyStart]))
                        let digest = try ReportDigest(from: &reader)
                        return AuditResult(line: Array(buffer[bodyStart..<bodyStart + header.bodyLength]), digest: digest)
                    }
                } catch {
                    throw AuditWorkerError(description: "an audit worker sent a result that cannot be read (\(error))")
                }
                order.complete(job.ordinal, result)
            case .document:
                throw AuditWorkerError(description: "an audit worker sent a document frame")
            }
        }
    }
}
