@testable import ClaimCheckKit
import Foundation
import Testing

/// `check` over many files reads the next ones while it checks this one: every
/// input once, in order, with its own error, and never more than the queue holds.
@Suite struct InputReadAheadTests {
    /// A folder of `count` files, `page-000.txt` holding "page 0\n" and so on.
    func folder(count: Int) throws -> String {
        let folder = NSTemporaryDirectory() + "claimcheck-readahead-" + UUID().uuidString
        try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
        for index in 0..<count {
            try "page \(index)\n".write(toFile: folder + String(format: "/page-%03d.txt", index), atomically: true, encoding: .utf8)
        }
        return folder
    }

    func text(_ result: Result<[UInt8], InputError>?) -> String? {
        guard case .success(let bytes) = result else { return nil }
        return String(decoding: bytes, as: UTF8.self)
    }

    @Test func everyInputComesOnceInOrderWithItsOwnError() throws {
        let folder = try folder(count: 100)
        defer { try? FileManager.default.removeItem(atPath: folder) }
        var inputs = (0..<100).map { CheckInput(path: InputPath(folder + String(format: "/page-%03d.txt", $0))) }
        // A missing file and one over the size limit, among the others.
        inputs.insert(CheckInput(path: InputPath(folder + "/missing.txt")), at: 37)
        try String(repeating: "x", count: 64).write(toFile: folder + "/large.txt", atomically: true, encoding: .utf8)
        inputs.insert(CheckInput(path: InputPath(folder + "/large.txt")), at: 70)
        // A small queue, so the reader fills and waits many times over.
        let readAhead = InputReadAhead(inputs, maximumBytes: 32, depth: 4, byteBudget: 1 << 20)
        var page = 0
        for position in 0..<inputs.count {
            let result = readAhead.next()
            if position == 37 || position == 70 {
                guard case .failure(let error) = result else { Issue.record("input \(position) should fail"); return }
                #expect(error.description.contains(position == 37 ? "missing.txt" : "large.txt"))
                continue
            }
            #expect(text(result) == "page \(page)\n")
            page += 1
        }
        #expect(page == 100)
        #expect(readAhead.next() == nil)
        #expect(readAhead.next() == nil)
    }

    @Test func largeDocumentsWaitOneAtATimeWithinTheByteBudget() throws {
        let folder = try folder(count: 0)
        defer { try? FileManager.default.removeItem(atPath: folder) }
        let inputs = (0..<6).map { index -> CheckInput in
            let path = folder + "/big-\(index).txt"
            try? String(repeating: "\(index)", count: 1000).write(toFile: path, atomically: true, encoding: .utf8)
            return CheckInput(path: InputPath(path))
        }
        // Each document is as large as the whole budget: the reader may hold one at a time, and still reads them all.
        let readAhead = InputReadAhead(inputs, maximumBytes: 1 << 20, depth: 32, byteBudget: 1000)
        for index in 0..<6 {
            #expect(text(readAhead.next()) == String(repeating: "\(index)", count: 1000))
        }
        #expect(readAhead.next() == nil)
    }

    @Test func aRunThatStopsEarlyStopsItsReader() throws {
        let folder = try folder(count: 50)
        defer { try? FileManager.default.removeItem(atPath: folder) }
        let inputs = (0..<50).map { CheckInput(path: InputPath(folder + String(format: "/page-%03d.txt", $0))) }
        // The reader fills its queue and waits; dropping the read-ahead must wake it and
        // end it, and the thread then lets go of what it shared.
        var states: [Weak] = []
        for _ in 0..<20 {
            var readAhead: InputReadAhead? = InputReadAhead(inputs, maximumBytes: 1 << 20, depth: 4)
            #expect(text(readAhead?.next()) == "page 0\n")
            states.append(Weak(readAhead!.readerState))
            readAhead = nil
        }
        let deadline = Date().addingTimeInterval(10)
        while states.contains(where: { $0.object != nil }) && Date() < deadline { Thread.sleep(forTimeInterval: 0.01) }
        #expect(states.allSatisfy { $0.object == nil })
    }
}

private struct Weak {
    weak var object: AnyObject?
    init(_ object: AnyObject) { self.object = object }
}
