import Foundation

/// Checks documents on several threads and hands back their reports in input
/// order (or as they finish), holding at most a small window of documents in
/// memory whatever the size of the input.
public final class AuditRunner: @unchecked Sendable {
    public struct Options: Sendable {
        public var jobs: Int
        public var ordered: Bool
        /// Documents in flight at once, per job.
        public var windowPerJob: Int = 16

        public init(jobs: Int, ordered: Bool) {
            self.jobs = max(1, jobs)
            self.ordered = ordered
        }
    }

    private let checker: ClaimChecker
    private let options: Options
    /// Guards `pending`, `results` and `closed`; every thread waits on it.
    private let condition = NSCondition()
    private var pending: [(Int, AuditDocument)] = []
    private var results: [Int: AuditResult] = [:]
    private var closed = false

    public init(checker: ClaimChecker, options: Options) {
        self.checker = checker
        self.options = options
    }

    /// The report for one document (also used directly by tests).
    public func check(_ document: AuditDocument) -> Report {
        check(document, with: checker)
    }

    private func check(_ document: AuditDocument, with checker: ClaimChecker) -> Report {
        var report: Report
        if let error = document.error {
            report = Report.inputError(InputError(path: document.id, message: error), format: document.format)
        } else {
            switch document.contents() {
            case .success(let bytes):
                let format = document.format ?? InputFormat.detect(path: document.id, bytes: bytes)
                report = checker.check(bytes, source: document.id, format: format)
            case .failure(let error):
                report = Report.inputError(error, format: document.format)
            }
        }
        if let url = document.url { report.url = url }
        report.blocks = []   // the article text is for the HTML report; an audit keeps memory flat
        return report
    }

    /// Reads every document from `next`, checks them on `jobs` threads and calls
    /// `emit` on this thread with each report and its JSON line (encoded on the
    /// worker that checked it).
    public func run(next: () throws -> AuditDocument?, emit: (AuditResult) -> Void) rethrows {
        if options.jobs == 1 {
            // One job: no threads to hand work between.
            while let document = try next() {
                let report = check(document)
                emit(AuditResult(report: report, line: ReportJSONWriter().line(report)))
            }
            return
        }
        let workers = (0..<options.jobs).map { _ in
            let own = checker.independentCopy()
            return Thread { [unowned self] in self.work(with: own) }
        }
        workers.forEach { $0.stackSize = 8 << 20; $0.start() }
        var submitted = 0, delivered = 0
        let window = options.jobs * options.windowPerJob

        /// Emits finished reports until at most `limit` documents are in flight.
        func drain(untilInFlightAtMost limit: Int) {
            while true {
                condition.lock()
                var ready = collectReady(from: delivered)
                while ready.isEmpty && submitted - delivered > limit {
                    condition.wait()
                    ready = collectReady(from: delivered)
                }
                condition.unlock()
                for report in ready { emit(report) }
                delivered += ready.count
                if submitted - delivered <= limit { return }
            }
        }

        defer {
            condition.lock(); closed = true; condition.broadcast(); condition.unlock()
        }
        while let document = try next() {
            condition.lock()
            pending.append((submitted, document))
            condition.broadcast()
            condition.unlock()
            submitted += 1
            // Refill in batches: wait only when the window is full, then until it is
            // half empty, so the reading thread wakes once per half window.
            if submitted - delivered >= window { drain(untilInFlightAtMost: window / 2) }
        }
        drain(untilInFlightAtMost: 0)
    }

    /// Finished reports that may be emitted now (call with the lock held).
    private func collectReady(from delivered: Int) -> [AuditResult] {
        var ready: [AuditResult] = []
        if options.ordered {
            while let report = results.removeValue(forKey: delivered + ready.count) { ready.append(report) }
        } else {
            for key in results.keys.sorted() { ready.append(results.removeValue(forKey: key)!) }
        }
        return ready
    }

    private func work(with checker: ClaimChecker) {
        while true {
            condition.lock()
            while pending.isEmpty && !closed { condition.wait() }
            if pending.isEmpty && closed { condition.unlock(); return }
            let (sequence, document) = pending.removeFirst()
            condition.unlock()
            let report = check(document, with: checker)
            let result = AuditResult(report: report, line: ReportJSONWriter().line(report))
            condition.lock()
            results[sequence] = result
            condition.broadcast()
            condition.unlock()
        }
    }

    /// The shard (1-based `index` of `count`) a document id falls in: a stable hash,
    /// the same on every machine and run.
    public static func shard(of id: String, count: Int) -> Int {
        Int(Vocabulary.hash(Array(id.utf8)) % UInt64(max(1, count))) + 1
    }
}

/// A checked document: its report and the report as one JSON line.
public struct AuditResult: Sendable {
    public var report: Report
    public var line: [UInt8]
}
