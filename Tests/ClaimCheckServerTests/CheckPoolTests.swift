import Dispatch
import Foundation
import Testing
@testable import ClaimCheckServer

/// The pool's bounds: at most `workers` checks at once, a queue of `queueLimit`,
/// 503 past it, and 503 for a request not answered in time.
@Suite struct CheckPoolTests {
    @Test func aFullPoolRefusesWithRetryAfter() async throws {
        let pool = CheckPool(workers: 1, queueLimit: 0, timeout: .seconds(600))
        let release = DispatchSemaphore(value: 0)
        let started = DispatchSemaphore(value: 0)
        let first = Task { try await pool.run { _ in started.signal(); release.wait(); return 1 } }
        try await offPool { started.wait() }
        #expect(pool.load.running == 1)
        do {
            _ = try await pool.run { _ in 2 }
            Issue.record("a second check ran while the only worker was busy and no queue was allowed")
        } catch {
            #expect(error.status == .serviceUnavailable)
            #expect(error.retryAfter == 1)
            #expect(error.message == "every checker is busy and the queue is full")
        }
        release.signal()
        #expect(try await first.value == 1)
        #expect(try await pool.run { _ in 3 } == 3)
    }

    @Test func waitingChecksRunInTurnOnTheFreedSlot() async throws {
        let pool = CheckPool(workers: 2, queueLimit: 8, timeout: .seconds(600))
        let running = Counter()
        let results = try await withThrowingTaskGroup(of: Int.self) { group in
            for index in 0..<10 {
                group.addTask {
                    try await pool.run { slot in
                        running.enter()
                        usleep(20_000)
                        running.leave()
                        return slot * 100 + index
                    }
                }
            }
            return try await group.reduce(into: [Int]()) { $0.append($1) }
        }
        #expect(results.count == 10)
        #expect(Set(results.map { $0 / 100 }).isSubset(of: [0, 1]))
        #expect(running.maximum == 2)
        #expect(pool.load.running == 0 && pool.load.waiting == 0)
    }

    @Test func aCheckOverTheTimeLimitIs503() async throws {
        let pool = CheckPool(workers: 1, queueLimit: 4, timeout: .milliseconds(100))
        do {
            _ = try await pool.run { _ in usleep(400_000); return 1 }
            Issue.record("the check outlived the time limit and was answered")
        } catch {
            #expect(error.status == .serviceUnavailable)
            #expect(error.message == "the check was not done within the server's limit of 100 ms")
        }
        // The slot comes back when the slow check ends.
        try await Task.sleep(for: .milliseconds(500))
        #expect(try await pool.run { _ in 7 } == 7)
    }
}

/// How many run at once, and the most there ever were.
final class Counter: @unchecked Sendable {
    private let lock = NSLock()
    private var now = 0
    private(set) var maximum = 0
    func enter() { lock.lock(); now += 1; maximum = max(maximum, now); lock.unlock() }
    func leave() { lock.lock(); now -= 1; lock.unlock() }
}
