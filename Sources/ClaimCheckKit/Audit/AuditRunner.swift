import Foundation

/// Checks documents on threads of this process and hands back their results in
/// input order (or as they finish), holding at most a small window of
/// documents in memory whatever the size of the input. A document that crashes
/// the checker ends the process: `claimcheck audit` uses
/// `SupervisedAuditRunner` (worker processes) unless asked for `--in-process`.
public struct AuditRunner: Sendable {
    public struct Options: Sendable {
        public var jobs: Int
        public var ordered: Bool
        /// Documents in flight at once, per job.
        public var windowPerJob: Int = 32
        /// Worker processes only: documents sent ahead to each worker, so it never waits for the next,
        /// even while the supervisor lets results gather (see `SupervisedAuditRunner.gatheringPause`).
        public var queuedPerWorker: Int = 16

        public init(jobs: Int, ordered: Bool) {
            self.jobs = max(1, jobs)
            self.ordered = ordered
        }
    }

    private let checker: AuditDocumentChecker
    private let options: Options

    public init(checker: ClaimChecker, options: Options) {
        self.checker = AuditDocumentChecker(checker: checker)
        self.options = options
    }

    /// Reads every document from `next`, checks them on `jobs` threads and calls
    /// `emit` on this thread with each result (encoded on the thread that
    /// checked it). Every thread it starts has ended when it returns or throws.
    public func run(next: () throws -> AuditDocument?, emit: (AuditResult) throws -> Void) throws {
        if options.jobs == 1 {
            // One job: no threads to hand work between.
            while let document = try next() { try emit(checker.check(document)) }
            return
        }
        let queue = AuditWorkQueue(ordered: options.ordered)
        for _ in 0..<options.jobs {
            let own = AuditDocumentChecker(checker: checker.checker.independentCopy())
            let thread = Thread { queue.work(with: own) }
            thread.stackSize = 8 << 20
            queue.started()
            thread.start()
        }
        // However the loop ends (finished, or `next` or `emit` threw), the
        // threads are told to stop and waited for: none outlives this call.
        var finished = false
        defer { queue.stop(discardingPending: !finished) }
        var submitted = 0, delivered = 0
        let window = options.jobs * options.windowPerJob

        /// Emits finished results until at most `limit` documents are in flight.
        func drain(untilInFlightAtMost limit: Int) throws {
            while true {
                let ready = queue.waitForReady(whileInFlightAbove: limit, inFlight: submitted - delivered)
                for result in ready { try emit(result) }
                delivered += ready.count
                if submitted - delivered <= limit { return }
            }
        }

        while let document = try next() {
            queue.submit(submitted, document)
            submitted += 1
            // Refill in batches: wait only when the window is full, then until it is
            // half empty, so the reading thread wakes once per half window.
            if submitted - delivered >= window { try drain(untilInFlightAtMost: window / 2) }
        }
        try drain(untilInFlightAtMost: 0)
        finished = true
    }

    /// The shard (1-based `index` of `count`) a document id falls in: a stable hash,
    /// the same on every machine and run.
    public static func shard(of id: String, count: Int) -> Int {
        Int(Vocabulary.hash(Array(id.utf8)) % UInt64(max(1, count))) + 1
    }
}

/// The documents waiting, the results finished, and the threads working, under
/// one lock. Each thread holds it strongly, and `stop` waits for every thread
/// to leave `work`, so no thread ever touches it after the run has returned.
final class AuditWorkQueue: @unchecked Sendable {
    private let condition = NSCondition()
    private var pending: [(Int, AuditDocument)] = []
    private var pendingStart = 0
    private var order: AuditOutputOrder
    private var closed = false
    private var running = 0

    init(ordered: Bool) { order = AuditOutputOrder(ordered: ordered) }

    func started() {
        condition.lock(); running += 1; condition.unlock()
    }

    func submit(_ ordinal: Int, _ document: AuditDocument) {
        condition.lock()
        pending.append((ordinal, document))
        order.submit(ordinal, id: document.id)
        condition.broadcast()
        condition.unlock()
    }

    /// Results that may be emitted, waiting for some while more than `limit` are in flight.
    func waitForReady(whileInFlightAbove limit: Int, inFlight: Int) -> [AuditResult] {
        condition.lock()
        defer { condition.unlock() }
        var ready = order.takeReady()
        while ready.isEmpty && inFlight > limit {
            condition.wait()
            ready = order.takeReady()
        }
        return ready
    }

    /// Tells the threads to finish (dropping documents not yet started when the
    /// run failed) and waits until every one has returned.
    func stop(discardingPending: Bool) {
        condition.lock()
        closed = true
        if discardingPending { pending.removeAll(); pendingStart = 0 }
        condition.broadcast()
        while running > 0 { condition.wait() }
        condition.unlock()
    }

    func work(with checker: AuditDocumentChecker) {
        condition.lock()
        while true {
            while pendingStart == pending.count && !closed { condition.wait() }
            if pendingStart == pending.count { break }
            let (ordinal, document) = pending[pendingStart]
            pendingStart += 1
            if pendingStart > 64 && pendingStart * 2 > pending.count {
                pending.removeFirst(pendingStart)
                pendingStart = 0
            }
            condition.unlock()
            let result = checker.check(document)
            condition.lock()
            order.complete(ordinal, result)
            condition.broadcast()
        }
        running -= 1
        condition.broadcast()
        condition.unlock()
    }
}
