import Dispatch
import Foundation

/// Runs checks off the event loop and off the shared thread pools, at most
/// `workers` at once, each on a thread of the pool's own with a checker of its
/// own (`slot`). Up to `queueLimit` more wait in arrival order; past that a
/// request is refused at once with 503 and Retry-After. A request not answered
/// within `timeout` of its arrival, waiting included, is answered with 503; a check already running cannot be stopped, so its slot is
/// free again only when it ends, which keeps the bound true.
final class CheckPool: @unchecked Sendable {
    let workers: Int
    let queueLimit: Int
    let timeout: Duration
    private let lock = NSLock()
    private var freeSlots: [Int]
    private var waiting: [(id: UInt64, start: (Int) -> Void)] = []
    private var nextID: UInt64 = 0
    /// The workers' threads, one per slot, each waiting for its next check.
    private var threads: [WorkerThread] = []
    /// Timers only: a timeout resumes a waiting request and does no work.
    private let timers = DispatchQueue(label: "claimcheck.check-timeouts")

    init(workers: Int, queueLimit: Int, timeout: Duration) {
        self.workers = max(1, workers)
        self.queueLimit = max(0, queueLimit)
        self.timeout = timeout
        freeSlots = Array((0..<self.workers).reversed())
        threads = (0..<self.workers).map { WorkerThread(name: "claimcheck check \($0)") }
    }

    /// The checks running now and waiting now (for tests and `/healthz`).
    var load: (running: Int, waiting: Int) {
        lock.lock(); defer { lock.unlock() }
        return (workers - freeSlots.count, waiting.count)
    }

    /// Runs `work` with a free slot's index, when one is free.
    func run<Value: Sendable>(_ work: @escaping @Sendable (Int) -> Value) async throws(ServerError) -> Value {
        let outcome: Result<Value, ServerError> = await withCheckedContinuation { continuation in
            let answer = OneAnswer(continuation)
            let start: (Int) -> Void = { [self] slot in
                threads[slot].perform {
                    // Not worth starting when the client has its 503 already.
                    if !answer.isAnswered { answer.give(.success(work(slot))) }
                    self.finished(slot)
                }
            }
            lock.lock()
            if let slot = freeSlots.popLast() {
                lock.unlock()
                start(slot)
            } else if waiting.count < queueLimit {
                nextID += 1
                let id = nextID
                waiting.append((id, start))
                lock.unlock()
                scheduleTimeout(answer, waitingID: id)
                return
            } else {
                lock.unlock()
                answer.give(.failure(.busy(retryAfter: 1)))
                return
            }
            scheduleTimeout(answer, waitingID: nil)
        }
        return try outcome.get()
    }

    private func scheduleTimeout<Value: Sendable>(_ answer: OneAnswer<Value>, waitingID: UInt64?) {
        let (seconds, attoseconds) = timeout.components
        let nanoseconds = Int(min(seconds, Int64(Int.max / 2_000_000_000))) * 1_000_000_000 + Int(attoseconds / 1_000_000_000)
        timers.asyncAfter(deadline: .now() + .nanoseconds(nanoseconds)) { [self] in
            guard answer.give(.failure(.timedOut(timeout))) else { return }
            if let waitingID {
                lock.lock()
                waiting.removeAll { $0.id == waitingID }
                lock.unlock()
            }
        }
    }

    /// A slot's check is over: the next waiting request takes it, else it is free.
    private func finished(_ slot: Int) {
        lock.lock()
        if waiting.isEmpty {
            freeSlots.append(slot)
            lock.unlock()
        } else {
            let next = waiting.removeFirst()
            lock.unlock()
            next.start(slot)
        }
    }
}

/// A continuation resumed once, by the check or by the timer, whichever comes first.
private final class OneAnswer<Value: Sendable>: @unchecked Sendable {
    private let lock = NSLock()
    private var continuation: CheckedContinuation<Result<Value, ServerError>, Never>?

    init(_ continuation: CheckedContinuation<Result<Value, ServerError>, Never>) { self.continuation = continuation }

    var isAnswered: Bool {
        lock.lock(); defer { lock.unlock() }
        return continuation == nil
    }

    /// Resumes with `result` unless already resumed; true when this call did.
    @discardableResult
    func give(_ result: Result<Value, ServerError>) -> Bool {
        lock.lock()
        guard let continuation else { lock.unlock(); return false }
        self.continuation = nil
        lock.unlock()
        continuation.resume(returning: result)
        return true
    }
}

/// A thread that runs the work it is given, one piece at a time, and otherwise sleeps.
private final class WorkerThread: @unchecked Sendable {
    private let condition = NSCondition()
    private var pending: [() -> Void] = []

    init(name: String) {
        // The thread keeps its worker for as long as the process runs.
        let thread = Thread { self.loop() }
        thread.name = name
        thread.stackSize = 8 << 20  // deep documents recurse in the parsers
        thread.start()
    }

    func perform(_ work: @escaping () -> Void) {
        condition.lock()
        pending.append(work)
        condition.signal()
        condition.unlock()
    }

    private func loop() {
        while true {
            condition.lock()
            while pending.isEmpty { condition.wait() }
            let work = pending.removeFirst()
            condition.unlock()
            work()
        }
    }
}
