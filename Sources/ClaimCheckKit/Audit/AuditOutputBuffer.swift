import Foundation

/// The audit's JSONL output, written in blocks of whole lines rather than a
/// write per report: on a folder of small pages one `write` per document cost
/// the supervisor about a seventh of its time, time taken from the workers when
/// they fill every core.
///
/// What is held is bounded in size and age (checked as each report arrives),
/// and written when the run ends however it ends; a run that is killed loses at
/// most those last reports, and `--resume` redoes their documents as it would
/// any missing ones. On a terminal every line is written as it comes, for the
/// person watching.
struct AuditOutputBuffer {
    private let sink: FileHandle
    private var pending: [UInt8] = []
    private var lastWrite = DispatchTime.now().uptimeNanoseconds
    private let holdsLines: Bool
    /// Bytes held before they are written.
    static let capacity = 64 << 10
    /// The longest a report waits to be written.
    static let maximumDelay: UInt64 = 250_000_000

    init(_ sink: FileHandle) {
        self.sink = sink
        holdsLines = isatty(sink.fileDescriptor) == 0
        pending.reserveCapacity(Self.capacity)
    }

    /// Adds one whole line; writes what is held when it is full or has waited long enough.
    mutating func append(_ line: [UInt8]) {
        pending.append(contentsOf: line)
        if !holdsLines || pending.count >= Self.capacity || DispatchTime.now().uptimeNanoseconds - lastWrite >= Self.maximumDelay {
            flush()
        }
    }

    /// Writes everything held.
    mutating func flush() {
        lastWrite = DispatchTime.now().uptimeNanoseconds
        guard !pending.isEmpty else { return }
        sink.write(Data(pending))
        pending.removeAll(keepingCapacity: true)
    }
}
