import Foundation

/// Reads a run's inputs ahead of the check, in order, on a thread of its own, so
/// that waiting on the disk overlaps checking the document before. On a folder of
/// pages not in the page cache, reading was about a sixth of a `check` run's time,
/// all of it spent waiting in line with the checking.
///
/// Each input is read once, in input order, and handed out in that order. A few
/// documents wait at most (`depth`, and no more than `byteBudget` bytes beyond the
/// first), so memory does not grow with the run. The reader wakes once per half a
/// queue, not once per document: on one core, a wake-up per document cost more than
/// the overlap saved when the pages were already cached.
final class InputReadAhead {
    private let queue: SharedQueue

    /// Starts reading `inputs` (each up to `maximumBytes`).
    init(_ inputs: [CheckInput], maximumBytes: Int, depth: Int = 32, byteBudget: Int = 16 << 20) {
        queue = SharedQueue(inputs, maximumBytes: maximumBytes, depth: max(2, depth), byteBudget: byteBudget)
        let queue = self.queue
        let thread = Thread { queue.fill() }
        thread.name = "claimcheck input reader"
        thread.start()
    }

    /// Stops the reader when the run ends early (a config that cannot load).
    deinit { queue.cancel() }

    /// The next input's bytes, or why they cannot be had; nil past the last input.
    func next() -> Result<[UInt8], InputError>? { queue.take() }

    /// What the reader thread holds: freed once the thread has ended and the
    /// read-ahead is gone (for tests: a run that stops early must not leave its
    /// reader waiting forever).
    var readerState: AnyObject { queue }

    /// What the reader thread and the checking thread share, behind one lock. The
    /// reader holds only this, never the `InputReadAhead`, so dropping that cancels it.
    private final class SharedQueue: @unchecked Sendable {
        private let inputs: [CheckInput]
        private let maximumBytes: Int
        private let depth: Int
        private let byteBudget: Int
        private let condition = NSCondition()
        private var waiting: [Result<[UInt8], InputError>] = []
        private var waitingBytes = 0
        private var taken = 0
        private var cancelled = false

        init(_ inputs: [CheckInput], maximumBytes: Int, depth: Int, byteBudget: Int) {
            self.inputs = inputs
            self.maximumBytes = maximumBytes
            self.depth = depth
            self.byteBudget = byteBudget
        }

        /// Runs on the reader thread until every input is read or the run is cancelled.
        func fill() {
            var index = 0
            while index < inputs.count {
                condition.lock()
                if isFull {
                    while !cancelled && !hasRoomAgain { condition.wait() }
                }
                let stop = cancelled
                condition.unlock()
                if stop { return }
                let result = inputs[index].read(maximumBytes: maximumBytes)
                index += 1
                condition.lock()
                waiting.append(result)
                waitingBytes += Self.size(result)
                condition.broadcast()
                condition.unlock()
            }
        }

        private var isFull: Bool { waiting.count >= depth || (!waiting.isEmpty && waitingBytes >= byteBudget) }
        /// Once full, the reader goes on when half the queue has been taken (all of it, for large documents).
        private var hasRoomAgain: Bool { waiting.isEmpty || (waiting.count <= depth / 2 && waitingBytes < byteBudget) }

        func take() -> Result<[UInt8], InputError>? {
            condition.lock()
            defer { condition.unlock() }
            guard taken < inputs.count else { return nil }
            while waiting.isEmpty { condition.wait() }
            let result = waiting.removeFirst()
            waitingBytes -= Self.size(result)
            taken += 1
            if hasRoomAgain { condition.broadcast() }
            return result
        }

        func cancel() {
            condition.lock()
            cancelled = true
            condition.broadcast()
            condition.unlock()
        }

        private static func size(_ result: Result<[UInt8], InputError>) -> Int {
            if case .success(let bytes) = result { return bytes.count }
            return 0
        }
    }
}
