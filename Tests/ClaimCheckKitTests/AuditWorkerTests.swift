import Foundation
import Testing
@testable import ClaimCheckKit

/// Audits in worker processes: workers killed mid-run (SIGKILL, SIGSEGV sent
/// with kill(2)) cost no document, and a document that kills two workers gets
/// an input-error report of its own.
@Suite(.enabled(if: CommandTests.executable != nil, "build claimcheck first"), .timeLimit(.minutes(10)))
struct AuditWorkerTests {
    var worker: AuditWorkerCommand {
        AuditWorkerCommand(executable: CommandTests.executable!,
                           arguments: ["audit-worker", "--rules", repositoryRoot + "/Rules", "--max-size", String(64 << 20)])
    }

    func documents(_ count: Int) -> [AuditDocument] {
        (0..<count).map { index in
            let text = index % 3 == 0
                ? "<p>Biotin is a miracle cure for hair loss, number \(index).</p><p>Dr. Nora Vance, a renowned trichologist, said, \"This serum restores thinning hair faster than anything.\"</p>"
                : "<p>Plain page \(index) with nothing to flag.</p>"
            return AuditDocument(id: "page-\(index).html", url: "https://example.org/\(index)", format: .html, bytes: Array(text.utf8))
        }
    }

    struct Run {
        var results: [AuditResult] = []
        var incidents: [SupervisedAuditRunner.Incident] = []
    }

    func run(_ input: [AuditDocument], jobs: Int, ordered: Bool = true, queued: Int = 4,
             onDispatch: ((Int, Int, Int32) -> Void)? = nil) throws -> Run {
        var options = AuditRunner.Options(jobs: jobs, ordered: ordered)
        options.queuedPerWorker = queued
        let runner = SupervisedAuditRunner(worker: worker, options: options)
        var outcome = Run()
        runner.onDispatch = onDispatch
        runner.onIncident = { outcome.incidents.append($0) }
        var queue = input[...]
        try runner.run(next: { queue.popFirst() }, emit: { outcome.results.append($0) })
        return outcome
    }

    func inProcess(_ input: [AuditDocument]) throws -> [AuditResult] {
        var queue = input[...]
        var results: [AuditResult] = []
        try AuditRunner(checker: sharedChecker, options: .init(jobs: 1, ordered: true)).run(next: { queue.popFirst() }, emit: { results.append($0) })
        return results
    }

    @Test func workerOutputIsByteForByteTheInProcessOutput() throws {
        let input = documents(30)
        let supervised = try run(input, jobs: 2)
        #expect(supervised.results.map(\.line) == (try inProcess(input)).map(\.line))
        #expect(supervised.results.map(\.digest) == (try inProcess(input)).map(\.digest))
        #expect(supervised.incidents.isEmpty)
    }

    @Test(arguments: [1, 2])
    func workersKilledMidRunCostNoDocument(jobs: Int) throws {
        let input = documents(60)
        let signals = [10: SIGKILL, 35: SIGSEGV]   // ordinal sent → signal for the worker it went to
        var sentTo: Set<Int> = []
        let outcome = try run(input, jobs: jobs) { ordinal, _, pid in
            guard let signal = signals[ordinal], sentTo.insert(ordinal).inserted else { return }
            kill(pid, signal)
        }
        // Every document has exactly one report, in order, and none is an error.
        #expect(outcome.results.map(\.digest.source) == input.map(\.id))
        #expect(outcome.results.allSatisfy { $0.digest.error == nil })
        #expect(outcome.results.map(\.line) == (try inProcess(input)).map(\.line))
        #expect(Set(outcome.incidents.map(\.termination)) == [.signal(SIGKILL), .signal(SIGSEGV)])
        #expect(outcome.incidents.allSatisfy { !$0.gaveUp })
    }

    @Test func unorderedRunsSurviveKillsToo() throws {
        let input = documents(40)
        var sent = 0
        let outcome = try run(input, jobs: 2, ordered: false) { _, _, pid in
            sent += 1
            if sent == 15 || sent == 30 { kill(pid, SIGKILL) }
        }
        #expect(outcome.results.map(\.digest.source).sorted() == input.map(\.id).sorted())
        #expect(outcome.results.count == 40)
        #expect(outcome.incidents.count == 2)
    }

    /// A document that kills its worker, and the fresh one it is retried in,
    /// gets its own input-error report; the run goes on.
    @Test func aDocumentThatKillsTwoWorkersGetsAnErrorReport() throws {
        let input = documents(12)
        var attempts: [Int] = []
        // One document in flight at a time, so the kill lands on that document.
        let outcome = try run(input, jobs: 1, queued: 1) { ordinal, attempt, pid in
            guard ordinal == 5 else { return }
            attempts.append(attempt)
            kill(pid, SIGSEGV)
        }
        #expect(attempts == [1, 2])
        #expect(outcome.results.map(\.digest.source) == input.map(\.id))
        let crashed = outcome.results[5]
        #expect(crashed.digest.error?.hasPrefix("the checker crashed on this document (signal 11, SIGSEGV), in two worker processes in turn") == true)
        let report = try crashed.decodedReport()
        #expect(report.url == "https://example.org/5")
        #expect(report.verdicts.isEmpty && report.gate == .fail)
        #expect(outcome.results.enumerated().allSatisfy { $0.offset == 5 || $0.element.digest.error == nil })
        #expect(outcome.incidents.map(\.gaveUp) == [false, true])
        #expect(outcome.incidents.map(\.documentID) == ["page-5.html", "page-5.html"])
    }

    /// When every result in the window has come back at once, the window must be
    /// refilled before waiting (it once waited for workers that had nothing to do).
    @Test(.timeLimit(.minutes(1))) func aWindowThatEmptiesAtOnceIsRefilled() throws {
        var options = AuditRunner.Options(jobs: 1, ordered: true)
        options.windowPerJob = 1
        let runner = SupervisedAuditRunner(worker: worker, options: options)
        var queue = documents(8)[...]
        var sources: [String] = []
        try runner.run(next: { queue.popFirst() }, emit: { sources.append($0.digest.source) })
        #expect(sources == documents(8).map(\.id))
    }

    /// A worker that cannot start (here: rules that are not there) stops the run with a message, not a hang.
    @Test(.timeLimit(.minutes(1))) func aWorkerThatCannotStartIsAnError() throws {
        let broken = AuditWorkerCommand(executable: CommandTests.executable!, arguments: ["audit-worker", "--rules", "/no/such/rules", "--max-size", "100"])
        let runner = SupervisedAuditRunner(worker: broken, options: .init(jobs: 1, ordered: true))
        var queue = documents(3)[...]
        let error = try #require(throws: AuditWorkerError.self) {
            try runner.run(next: { queue.popFirst() }, emit: { _ in })
        }
        #expect(error.description.hasSuffix("could not load the rules or config (exit status 2); see the message above"))
    }

    /// Big documents cross the socket whole (the frame is larger than any buffer on the way).
    @Test func largeDocumentsArriveWhole() throws {
        let big = "<p>" + String(repeating: "Biotin is a miracle cure for hair loss. ", count: 40_000) + "</p>"
        let input = [AuditDocument(id: "big.html", format: .html, bytes: Array(big.utf8))] + documents(3)
        let outcome = try run(input, jobs: 2)
        #expect(outcome.results.map(\.line) == (try inProcess(input)).map(\.line))
        #expect(outcome.results[0].digest.findings.count == (try inProcess(input))[0].digest.findings.count)
    }
}
