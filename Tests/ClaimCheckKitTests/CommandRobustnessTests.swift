import Foundation
import Testing

/// `check` and `audit` on inputs that are not ordinary files: the same messages
/// and exit codes from both, nothing lost, nothing hung.
@Suite(.enabled(if: CommandTests.executable != nil, "build claimcheck first"), .timeLimit(.minutes(10)))
struct CommandRobustnessTests {
    struct Run {
        var status: Int32
        var output: String
        var errors: String
        var outputBytes: Data
    }

    /// Runs claimcheck with a time limit (a hang fails the test instead of
    /// stalling the suite); `asAnotherUser` drops root, so that permissions bite.
    static func run(_ arguments: [String], stdin: String? = nil, timeout: TimeInterval = 120, asAnotherUser: Bool = false) throws -> Run {
        let process = Process()
        let executable = CommandTests.executable!
        if asAnotherUser && getuid() == 0 {
            process.executableURL = URL(fileURLWithPath: "/usr/bin/setpriv")
            process.arguments = ["--reuid=65534", "--regid=65534", "--clear-groups", executable] + arguments + ["--rules", repositoryRoot + "/Rules"]
        } else {
            process.executableURL = URL(fileURLWithPath: executable)
            process.arguments = arguments + ["--rules", repositoryRoot + "/Rules"]
        }
        process.currentDirectoryURL = URL(fileURLWithPath: repositoryRoot)
        let out = Pipe(), err = Pipe(), input = Pipe()
        process.standardOutput = out
        process.standardError = err
        process.standardInput = input
        let finished = DispatchSemaphore(value: 0)
        process.terminationHandler = { _ in finished.signal() }
        try process.run()
        if let stdin { input.fileHandleForWriting.write(Data(stdin.utf8)) }
        try input.fileHandleForWriting.close()
        let output = PipeReader(out.fileHandleForReading), errors = PipeReader(err.fileHandleForReading)
        if finished.wait(timeout: .now() + timeout) == .timedOut {
            process.terminate()
            Issue.record("claimcheck \(arguments.joined(separator: " ")) did not finish in \(Int(timeout)) s")
            finished.wait()
        }
        let outputBytes = output.wait()
        return Run(status: process.terminationStatus, output: String(decoding: outputBytes, as: UTF8.self),
                   errors: String(decoding: errors.wait(), as: UTF8.self), outputBytes: outputBytes)
    }

    static var canDropPrivileges: Bool { getuid() != 0 || FileManager.default.isExecutableFile(atPath: "/usr/bin/setpriv") }

    func folder() throws -> String {
        let folder = NSTemporaryDirectory() + "robust-\(UUID().uuidString)"
        try FileManager.default.createDirectory(atPath: folder + "/pages", withIntermediateDirectories: true)
        return folder
    }

    func save(_ text: String, _ path: String) throws {
        try text.write(toFile: path, atomically: false, encoding: .utf8)
    }

    func reports(_ run: Run) throws -> [[String: Any]] {
        try run.output.split(separator: "\n").map { line in
            try #require(try JSONSerialization.jsonObject(with: Data(line.utf8)) as? [String: Any])
        }
    }

    // MARK: Exit codes and messages, the same in check and audit

    @Test func aFIFOADanglingLinkAndAMissingInputExitTwoInBothCommandsWithoutHanging() throws {
        let root = try folder()
        try save("<p>Biotin is a miracle cure.</p>", root + "/pages/a.html")
        #expect(mkfifo(root + "/pages/pipe.html", 0o644) == 0)
        #expect(symlink("gone.html", root + "/pages/dangling.html") == 0)
        let fifo = "\(root)/pages/pipe.html: error: is a named pipe (FIFO), not a regular file, so it was not opened"
        let dangling = "\(root)/pages/dangling.html: error: is a symbolic link to gone.html, which does not exist; fix or remove the link"
        let missing = "\(root)/none.html: error: no such file or folder; check the path"

        let audit = try Self.run(["audit", root + "/pages", root + "/none.html", "--quiet"], timeout: 60)
        #expect(audit.status == 2)
        #expect(try reports(audit).map { $0["source"] as? String } == ["a.html", "dangling.html", "pipe.html"].map { "\(root)/pages/\($0)" } + ["\(root)/none.html"])
        #expect(try reports(audit).filter { $0["error"] != nil }.count == 3)
        for line in [fifo, dangling, missing] { #expect(audit.errors.contains(line)) }

        let check = try Self.run(["check", root + "/pages", root + "/none.html"], timeout: 60)
        #expect(check.status == 2)
        #expect(check.output.contains("\(root)/pages/a.html:1:4: warning: overstated:"))
        for line in [fifo, dangling, missing] { #expect(check.errors.contains(line)) }
    }

    @Test(.enabled(if: canDropPrivileges, "needs a user other than root, or setpriv"))
    func anUnreadableFolderOrFileInsideAnAuditIsAnErrorAndExitsTwo() throws {
        let root = try folder()
        try FileManager.default.createDirectory(atPath: root + "/pages/locked", withIntermediateDirectories: true)
        try save("<p>Biotin is a miracle cure.</p>", root + "/pages/locked/hidden.html")
        try save("<p>Fine.</p>", root + "/pages/open.html")
        try save("<p>Secret.</p>", root + "/pages/secret.html")
        #expect(chmod(root + "/pages/locked", 0o000) == 0)
        #expect(chmod(root + "/pages/secret.html", 0o000) == 0)
        defer { chmod(root + "/pages/locked", 0o755) }
        let folderLine = "\(root)/pages/locked: error: is a folder that cannot be read (permission denied), so the files in it were not checked; check its permissions"
        let fileLine = "\(root)/pages/secret.html: error: cannot be read (permission denied); check its permissions"

        let audit = try Self.run(["audit", root + "/pages", "--quiet"], asAnotherUser: true)
        #expect(audit.status == 2)
        let sources = try reports(audit).map { $0["source"] as? String }
        #expect(sources == ["locked", "open.html", "secret.html"].map { "\(root)/pages/\($0)" })
        #expect(audit.errors.contains(folderLine) && audit.errors.contains(fileLine))

        let check = try Self.run(["check", root + "/pages"], asAnotherUser: true)
        #expect(check.status == 2)
        #expect(check.errors.contains(folderLine) && check.errors.contains(fileLine))
    }

    @Test func namesWithNewlinesOrInvalidUTF8AreReadAndShownEscaped() throws {
        let root = try folder()
        let names: [[UInt8]] = [Array("new\nline.html".utf8), Array("bad".utf8) + [0xFF] + Array(".html".utf8)]
        for name in names {
            let path = Array((root + "/pages/").utf8) + name + [0]
            let descriptor = path.withUnsafeBufferPointer { $0.withMemoryRebound(to: CChar.self) { open($0.baseAddress!, O_CREAT | O_WRONLY, 0o644) } }
            #expect(descriptor >= 0)
            let page = Array("<p>Biotin is a miracle cure.</p>".utf8)
            #expect(page.withUnsafeBytes { Foundation.write(descriptor, $0.baseAddress, $0.count) } == page.count)
            close(descriptor)
        }
        let audit = try Self.run(["audit", root + "/pages", "--quiet"])
        #expect(audit.status == 0)
        let found = try reports(audit)
        #expect(found.map { $0["source"] as? String } == ["\(root)/pages/bad\\xFF.html", "\(root)/pages/new\\nline.html"])
        #expect(found.allSatisfy { $0["error"] == nil && ($0["verdicts"] as? [Any])?.count == 1 })
        let check = try Self.run(["check", root + "/pages", "--fail-on", "never"])
        #expect(check.status == 0)
        #expect(check.output.contains("\(root)/pages/new\\nline.html:1:4: warning: overstated:"))
        #expect(check.output.contains("\(root)/pages/bad\\xFF.html:1:4: warning: overstated:"))
    }

    // MARK: --max-size

    @Test func maxSizeRefusesLargerInputsAndTheOthersAreStillChecked() throws {
        let root = try folder()
        try save("<p>" + String(repeating: "Plain words. ", count: 200) + "</p>", root + "/pages/big.html")
        try save("<p>Biotin is a miracle cure.</p>", root + "/pages/small.html")
        let line = "\(root)/pages/big.html: error: is 2.5 KB, over the --max-size limit of 1 KB; split it or raise --max-size"
        let check = try Self.run(["check", root + "/pages", "--max-size", "1K"])
        #expect(check.status == 2)
        #expect(check.errors.contains(line))
        #expect(check.output.contains("\(root)/pages/small.html:1:4: warning: overstated:"))
        let audit = try Self.run(["audit", root + "/pages", "--max-size", "1K", "--quiet"])
        #expect(audit.status == 2)
        #expect(audit.errors.contains(line))
        let found = try reports(audit)
        #expect(found.count == 2)
        #expect((found[1]["verdicts"] as? [Any])?.count == 1)
        // JSONL documents meet the same limit, with the same words.
        let jsonl = try Self.run(["audit", "-", "--max-size", "100", "--quiet"],
                                 stdin: #"{"id": "long", "content": "\#(String(repeating: "word ", count: 40))"}"# + "\n" + #"{"id": "short", "content": "Biotin is a miracle cure."}"# + "\n")
        #expect(jsonl.status == 2)
        #expect(jsonl.errors.contains("long: error: is 200 bytes, over the --max-size limit of 100 bytes; split it or raise --max-size"))
        #expect(try reports(jsonl).count == 2)
        #expect(try Self.run(["audit", root + "/pages", "--max-size", "64Q"]).errors.contains("--max-size takes a size such as 512K, 64M, 2G or a number of bytes (got '64Q')"))
        #expect(try Self.run(["check", root + "/pages", "--max-size", "lots"]).status == 2)
    }

    // MARK: Resume with repeated ids

    @Test func aResumedAuditWithRepeatedIdsEqualsAFullRun() throws {
        let root = try folder()
        let ids = ["a", "b", "a", "c", "a", "b", "d"]
        let input = ids.enumerated().map { #"{"id": "\#($0.element)", "content": "Biotin is a miracle cure, copy \#($0.offset)."}"# }.joined(separator: "\n") + "\n"
        try save(input, root + "/docs.jsonl")
        let output = root + "/reports.jsonl"
        #expect(try Self.run(["audit", root + "/docs.jsonl", "--output", output, "--quiet"]).status == 0)
        // Compared as text: a failed Data comparison crashes Swift Testing's diff (Index out of range).
        let full = try String(contentsOfFile: output, encoding: .utf8)
        let lines = full.split(separator: "\n", omittingEmptySubsequences: false)
        #expect(lines.count == ids.count + 1)
        for kept in [1, 3, 5] {
            // Killed after `kept` whole lines and half of the next.
            try save(lines.prefix(kept).joined(separator: "\n") + "\n" + lines[kept].prefix(30), output)
            let resumed = try Self.run(["audit", root + "/docs.jsonl", "--output", output, "--resume", "--summary", root + "/summary.json"])
            #expect(resumed.status == 0)
            #expect(resumed.errors.contains("resumed: \(kept) documents already in"))
            #expect(try String(contentsOfFile: output, encoding: .utf8) == full)
            let summary = try #require(try JSONSerialization.jsonObject(with: Data(contentsOf: URL(fileURLWithPath: root + "/summary.json"))) as? [String: Any])
            #expect(summary["documents"] as? Int == ids.count)
        }
    }

    // MARK: Damaged archives

    @Test func damagedAndTruncatedWARCsAreReportedTheRestAuditedAndTheRunExitsTwo() throws {
        let root = try folder()
        let pages = (1...3).map { "https://example.org/\($0)" }
        var records = pages.map { warcRecord(uri: $0, page: "<p>Biotin is a miracle cure, page \($0).</p>") }
        records[1] = warcRecord(uri: pages[1], page: "<p>x</p>", contentLength: "-5")
        try Data(records.flatMap { $0 }).write(to: URL(fileURLWithPath: root + "/negative.warc"))
        let members = try pages.map { try gzip(warcRecord(uri: $0 + "?gz", page: "<p>Page \($0).</p>")) }
        let cut = members[0].count + members[1].count + members[2].count / 2
        try Data(Array(members.flatMap { $0 }[0..<cut])).write(to: URL(fileURLWithPath: root + "/cut.warc.gz"))

        let audit = try Self.run(["audit", root + "/negative.warc", root + "/cut.warc.gz", "--quiet"])
        #expect(audit.status == 2)
        let sources = try reports(audit).map { $0["source"] as? String }
        #expect(sources == [pages[0], root + "/negative.warc", pages[2], pages[0] + "?gz", pages[1] + "?gz", root + "/cut.warc.gz"])
        #expect(audit.errors.contains("\(root)/negative.warc: error: record 2 (at byte \(records[0].count)) has Content-Length “-5”, which is not a number of bytes"))
        #expect(audit.errors.contains("\(root)/cut.warc.gz: error: is truncated at byte \(cut): the file ends inside a gzip member"))
    }

    // MARK: No document can cost the batch

    /// 20 ordinary notes and 2 pathological files (nesting deep enough to
    /// overflow a recursive parser's stack): 22 reports, whatever the checker
    /// makes of the two; a crash is an input error of that file alone.
    @Test func anAuditOfTwentyNotesAndTwoPathologicalFilesWritesTwentyTwoReports() throws {
        let root = try folder()
        for index in 0..<20 {
            try save(index % 2 == 0 ? "Biotin is a miracle cure for hair loss (\(index)).\n" : "A note with nothing to flag (\(index)).\n",
                      root + "/pages/note-\(String(format: "%02d", index)).md")
        }
        try save(String(repeating: ">", count: 200_000) + " Biotin cures baldness.\n", root + "/pages/deep-quote.md")
        try save(String(repeating: "<div><blockquote><ul><li>", count: 40_000) + "Biotin cures baldness.", root + "/pages/deep-nest.html")
        let audit = try Self.run(["audit", root + "/pages", "--jobs", "2"], timeout: 300)
        let found = try reports(audit)
        #expect(found.count == 22)
        let sources = found.compactMap { $0["source"] as? String }
        #expect(Set(sources).count == 22)
        let notes = found.filter { ($0["source"] as? String)?.contains("/note-") == true }
        #expect(notes.count == 20 && notes.allSatisfy { $0["error"] == nil })
        #expect(notes.filter { ($0["verdicts"] as? [Any])?.isEmpty == false }.count == 10)
        let crashed = found.filter { ($0["error"] as? String)?.hasPrefix("the checker crashed on this document (signal") == true }
        #expect(found.filter { $0["error"] != nil }.count == crashed.count, "only crashes may be errors")
        #expect(audit.status == (crashed.isEmpty ? 0 : 2))
        #expect(audit.errors.contains("audit: 22 documents, \(crashed.count) could not be read"))
    }

    #if os(Linux)
    /// The whole command, its workers killed from outside while it runs.
    @Test func killingAnAuditsWorkersFromOutsideCostsNoDocument() throws {
        let root = try folder()
        let page = "<p>" + String(repeating: "Dr. Nora Vance, a renowned trichologist, said, \"Biotin is a miracle cure for thinning hair.\" ", count: 60) + "</p>"
        for index in 0..<160 { try save(page + "<p>\(index)</p>", root + "/pages/p-\(String(format: "%03d", index)).html") }
        let output = root + "/reports.jsonl"
        let process = Process()
        process.executableURL = URL(fileURLWithPath: CommandTests.executable!)
        process.arguments = ["audit", root + "/pages", "--jobs", "2", "--output", output, "--rules", repositoryRoot + "/Rules"]
        let errors = Pipe()
        process.standardError = errors
        try process.run()
        var killed: [Int32] = []
        let deadline = Date().addingTimeInterval(120)
        for signal in [SIGKILL, SIGSEGV] {
            // Wait until some reports are out, then kill one of its workers.
            let written = (killed.count + 1) * 30
            while process.isRunning, Date() < deadline, (try? String(contentsOfFile: output, encoding: .utf8))?.split(separator: "\n").count ?? 0 < written {
                usleep(5_000)
            }
            guard let worker = Self.children(of: process.processIdentifier).first(where: { !killed.contains($0) }) else { break }
            kill(worker, signal)
            killed.append(worker)
        }
        let stderr = errors.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        #expect(killed.count == 2, "the run ended before both kills")
        #expect(process.terminationStatus == 0)
        let sources = try String(contentsOfFile: output, encoding: .utf8).split(separator: "\n").map { line in
            (try JSONSerialization.jsonObject(with: Data(line.utf8)) as? [String: Any])?["source"] as? String ?? "?"
        }
        #expect(sources == (0..<160).map { "\(root)/pages/p-\(String(format: "%03d", $0)).html" })
        let messages = String(decoding: stderr, as: UTF8.self)
        #expect(messages.contains("(signal 9, SIGKILL)") && messages.contains("(signal 11, SIGSEGV)"))
        #expect(messages.contains("worker restarts: 2"))
    }

    /// The processes whose parent is `pid` (from /proc).
    static func children(of pid: Int32) -> [Int32] {
        let entries = (try? FileManager.default.contentsOfDirectory(atPath: "/proc")) ?? []
        return entries.compactMap(Int32.init).filter { candidate in
            guard let stat = try? String(contentsOfFile: "/proc/\(candidate)/stat", encoding: .utf8),
                  let close = stat.lastIndex(of: ")") else { return false }
            let fields = stat[stat.index(after: close)...].split(separator: " ")
            return fields.count > 2 && Int32(fields[1]) == pid
        }.sorted()
    }
    #endif

    @Test func theSupervisedAuditWritesTheSameBytesAsTheInProcessOne() throws {
        let supervised = try Self.run(["audit", "Fixtures", "--jobs", "2", "--quiet"])
        let inProcess = try Self.run(["audit", "Fixtures", "--jobs", "2", "--quiet", "--in-process"])
        #expect(supervised.status == inProcess.status)
        #expect(!supervised.output.isEmpty)
        #expect(supervised.output == inProcess.output)
        #expect(Array(supervised.outputBytes) == Array(inProcess.outputBytes))
        #expect(try Self.run(["audit", "--help"]).output.contains("--in-process"))
    }
}
