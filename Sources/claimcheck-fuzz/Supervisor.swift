import ClaimCheckKit
import Foundation
#if canImport(Glibc)
import Glibc
#endif

nonisolated(unsafe) var interruptions: Int32 = 0

/// `claimcheck-fuzz run`: hands index ranges to worker processes, restarts one
/// that crashed or hung (saving the input that did it), and keeps the statistics.
final class Supervisor {
    let options: RunOptions
    let table: FamilyTable
    let generator: DocumentGenerator
    let executable: String
    var workers: [WorkerProcess] = []
    var environment: [String: String]

    // Statistics.
    var documents = 0
    var bytes = 0
    var checkSeconds = 0.0
    var perFamily: [Family: (count: Int, seconds: Double, bytes: Int, slowest: Double)] = [:]
    var slowest: [(seconds: Double, index: UInt64, family: Family, size: Int)] = []
    /// The findings listed in the summary (and saved), up to the cap per kind.
    var findings: [Finding] = []
    var counts: [Finding.Kind: Int] = [:]
    /// Findings grouped: a crash by its site, a violation by its message with the numbers taken out.
    var groups: [String: (kind: Finding.Kind, count: Int, families: Set<String>, first: UInt64)] = [:]
    var longestClaim: (bytes: Int, index: UInt64, family: Family)?
    var peakRSS: (kilobytes: Int, index: UInt64, family: Family, size: Int)?
    var restarts = 0
    var verdicts = 0

    var nextIndex: UInt64
    var retry: [Range<UInt64>] = []
    var started = DispatchTime.now().uptimeNanoseconds

    init(options: RunOptions) throws {
        self.options = options
        self.table = FamilyTable(try Family.parseSpec(options.settings.familySpec))
        let context = try GeneratorContext.load(folders: options.settings.seedFolders, largeFraction: options.settings.largeFraction,
                                                maximumBytes: options.settings.maximumBytes)
        self.generator = DocumentGenerator(context: context)
        self.nextIndex = options.startIndex
        self.executable = (try? FileManager.default.destinationOfSymbolicLink(atPath: "/proc/self/exe")) ?? CommandLine.arguments[0]
        var environment = ProcessInfo.processInfo.environment
        if environment["SWIFT_BACKTRACE"] == nil {
            environment["SWIFT_BACKTRACE"] = "enable=yes,interactive=no,color=no,output-to=stderr,threads=crashed,limit=40,top=10,registers=none,images=none"
        }
        self.environment = environment
    }

    var hangLimit: Double { options.hangLimit ?? max(10, 5 * options.timeLimit) }

    func now() -> UInt64 { DispatchTime.now().uptimeNanoseconds }
    func elapsed() -> Double { Double(now() - started) / 1e9 }

    func run() throws -> Int32 {
        try FileManager.default.createDirectory(atPath: options.findings, withIntermediateDirectories: true)
        signal(SIGPIPE, SIG_IGN)
        signal(SIGINT) { _ in interruptions += 1; if interruptions > 1 { _exit(130) } }
        let s = options.settings
        print("claimcheck-fuzz: seed \(s.seed), families \(table.description)")
        print("  rules \(s.rulesFolder), seeds \(generator.context.seeds.count) from \(s.seedFolders.joined(separator: ", ")), "
              + "jobs \(options.jobs), time limit \(options.timeLimit) s (hang \(hangLimit) s), "
              + (options.count.map { "\($0) documents" } ?? "\(options.seconds ?? 0) s") + ", findings in \(options.findings)/")
        print("  replay one document: claimcheck-fuzz replay --seed \(s.seed) --index N --family F")
        fflush(nil)
        started = now()
        for slot in 0..<options.jobs {
            let worker = WorkerProcess(slot: slot, stderrPath: "\(options.findings)/.worker-\(slot).log")
            try worker.start(executable: executable, arguments: s.workerArguments, environment: environment)
            workers.append(worker)
        }
        var lastProgressLine = now()
        while true {
            for worker in workers where worker.isRunning { feed(worker) }
            if workers.allSatisfy({ $0.queue.isEmpty }) && !accepting && retry.isEmpty { break }
            var fds = workers.map { pollfd(fd: $0.isRunning ? $0.output : -1, events: Int16(POLLIN), revents: 0) }
            let ready = poll(&fds, nfds_t(fds.count), 100)
            if ready > 0 {
                for (slot, fd) in fds.enumerated() where fd.revents != 0 {
                    let worker = workers[slot]
                    let open = worker.readAvailable()
                    for line in worker.takeLines() { handle(line, from: worker) }
                    if !open { try ended(worker) }
                }
            }
            let time = now()
            for worker in workers where worker.isRunning && !worker.queue.isEmpty {
                let silent = Double(time - worker.lastProgress) / 1e9
                guard silent > hangLimit else { continue }
                // A worker printing a crash report is given time to finish it.
                if silent < hangLimit + 30, Self.isCrashing(worker.stderrPath) { continue }
                try hung(worker)
            }
            if Double(now() - lastProgressLine) / 1e9 >= options.progressEvery {
                lastProgressLine = now()
                progress()
            }
        }
        for worker in workers where worker.isRunning {
            let end = worker.finish()
            if let signal = end.signal { note("worker \(worker.slot) ended by \(signalName(signal)) while idle") }
        }
        let total = elapsed()
        let summary = self.summary(seconds: total)
        print(summary, terminator: "")
        try? summary.write(toFile: "\(options.findings)/summary-s\(s.seed).txt", atomically: true, encoding: .utf8)
        return failed ? 1 : 0
    }

    var accepting: Bool {
        if interruptions > 0 { return false }
        if let count = options.count { return nextIndex < options.startIndex + count }
        return elapsed() < (options.seconds ?? 0)
    }

    /// Keeps two batches queued on a worker.
    func feed(_ worker: WorkerProcess) {
        while worker.pending < Int(options.batch) {
            if !retry.isEmpty {
                var range = retry.removeFirst()
                if UInt64(range.count) > options.batch {
                    retry.insert((range.lowerBound + options.batch)..<range.upperBound, at: 0)
                    range = range.lowerBound..<(range.lowerBound + options.batch)
                }
                worker.send(range)
            } else if accepting {
                var end = nextIndex + options.batch
                if let count = options.count { end = min(end, options.startIndex + count) }
                worker.send(nextIndex..<end)
                nextIndex = end
            } else {
                return
            }
        }
    }

    func handle(_ line: String, from worker: WorkerProcess) {
        let fields = line.split(separator: "\t", omittingEmptySubsequences: false)
        let numbers = fields[0].split(separator: " ")
        guard numbers.count == 7, numbers[0] == "R", let index = UInt64(numbers[1]), let nanos = Int(numbers[2]),
              let size = Int(numbers[3]), let verdictCount = Int(numbers[4]), let claim = Int(numbers[5]), let rss = Int(numbers[6]) else {
            note("worker \(worker.slot): unreadable line \(line.prefix(200))")
            return
        }
        if worker.current != index { note("worker \(worker.slot) answered \(index), expected \(worker.current.map(String.init) ?? "none")") }
        worker.advance()
        let family = table.family(seed: options.settings.seed, index: index)
        let seconds = Double(nanos) / 1e9
        documents += 1
        bytes += size
        checkSeconds += seconds
        verdicts += verdictCount
        var stats = perFamily[family] ?? (0, 0, 0, 0)
        stats.count += 1; stats.seconds += seconds; stats.bytes += size; stats.slowest = max(stats.slowest, seconds)
        perFamily[family] = stats
        if slowest.count < 10 || seconds > slowest[slowest.count - 1].seconds {
            slowest.append((seconds, index, family, size))
            slowest.sort { $0.seconds > $1.seconds }
            if slowest.count > 10 { slowest.removeLast() }
        }
        if claim > (longestClaim?.bytes ?? -1) { longestClaim = (claim, index, family) }
        if rss > (peakRSS?.kilobytes ?? 0) { peakRSS = (rss, index, family, size) }
        if seconds > options.timeLimit {
            record(Finding(kind: .slow, index: index, family: family, size: size,
                           detail: String(format: "%.3f s, over the %.1f s limit", seconds, options.timeLimit)))
        }
        if fields.count > 1 {
            let signatures = Set(fields[1...].map { Self.signature(String($0)) })
            record(Finding(kind: .violation, index: index, family: family, size: size, detail: fields[1...].joined(separator: "; ")),
                   groups: signatures.sorted())
        }
    }

    /// The worker's output ended: it crashed, or ran out of its memory bound, or quit.
    func ended(_ worker: WorkerProcess) throws {
        let culprit = worker.current
        let end = worker.reap(kill: false)
        let log = (try? String(contentsOfFile: worker.stderrPath, encoding: .utf8)) ?? ""
        if culprit == nil && end.code == 3 {
            restarts += 1
            try worker.start(executable: executable, arguments: options.settings.workerArguments, environment: environment)
            return
        }
        if worker.answered == 0 && documents == 0 && culprit != nil && end.code == 2 {
            throw FuzzError("the worker could not start:\n\(log)")
        }
        if let culprit {
            requeue(worker, after: culprit)
            let family = table.family(seed: options.settings.seed, index: culprit)
            let how = end.signal.map(signalName) ?? "exit code \(end.code ?? -1)"
            let (headline, site) = Self.crashSite(log)
            let size = generator.make(seed: options.settings.seed, index: culprit, family: family).bytes.count
            record(Finding(kind: .crash, index: culprit, family: family, size: size,
                           detail: how + (headline.map { ": \($0)" } ?? ""), site: site), log: log)
        } else if end.code != 0 || end.signal != nil {
            note("worker \(worker.slot) ended (\(end.signal.map(signalName) ?? "exit \(end.code ?? -1)")) with no document in hand")
        }
        restarts += 1
        if accepting || !retry.isEmpty || workers.contains(where: { !$0.queue.isEmpty }) {
            try worker.start(executable: executable, arguments: options.settings.workerArguments, environment: environment)
        }
    }

    static func isCrashing(_ path: String) -> Bool {
        guard let handle = FileHandle(forReadingAtPath: path) else { return false }
        defer { try? handle.close() }
        let head = String(decoding: handle.readData(ofLength: 4096), as: UTF8.self)
        return head.contains("Backtracing") || head.contains("Program crashed") || head.contains("Fatal error")
    }

    func hung(_ worker: WorkerProcess) throws {
        guard let culprit = worker.current else { return }
        requeue(worker, after: culprit)
        let crashing = Self.isCrashing(worker.stderrPath)
        if crashing { _ = worker.reap(kill: true) } else { worker.quit(grace: 10) }
        let log = (try? String(contentsOfFile: worker.stderrPath, encoding: .utf8)) ?? ""
        let family = table.family(seed: options.settings.seed, index: culprit)
        let size = generator.make(seed: options.settings.seed, index: culprit, family: family).bytes.count
        if crashing {
            let (headline, site) = Self.crashSite(log)
            record(Finding(kind: .crash, index: culprit, family: family, size: size,
                           detail: "crashed (killed while printing its backtrace)" + (headline.map { ": \($0)" } ?? ""), site: site), log: log)
            restarts += 1
            try worker.start(executable: executable, arguments: options.settings.workerArguments, environment: environment)
            return
        }
        let (_, site) = Self.crashSite(log)
        record(Finding(kind: .hang, index: culprit, family: family, size: size,
                       detail: String(format: "no answer in %.0f s; killed", hangLimit), site: site), log: log)
        slowest.append((hangLimit, culprit, family, size))
        slowest.sort { $0.seconds > $1.seconds }
        if slowest.count > 10 { slowest.removeLast() }
        restarts += 1
        try worker.start(executable: executable, arguments: options.settings.workerArguments, environment: environment)
    }

    /// The rest of a dead worker's ranges go back to be checked by another.
    func requeue(_ worker: WorkerProcess, after culprit: UInt64) {
        var ranges = worker.queue
        if !ranges.isEmpty {
            ranges[0] = (culprit + 1)..<ranges[0].upperBound
            if ranges[0].isEmpty { ranges.removeFirst() }
        }
        retry.insert(contentsOf: ranges, at: 0)
        worker.queue.removeAll()
    }

    /// A violation's message without its numbers and verdict, to group alike ones.
    static func signature(_ violation: String) -> String {
        var text = Substring(violation)
        if text.hasPrefix("verdict "), let close = text.firstIndex(of: ")") { text = text[text.index(after: close)...].drop(while: { $0 == " " }) }
        if text.hasPrefix("location "), let colon = text.range(of: ": ") { text = text[colon.upperBound...] }
        var out = ""
        var inNumber = false
        for character in text {
            if character.isNumber { if !inNumber { out += "N" }; inNumber = true } else { out.append(character); inNumber = false }
        }
        return out
    }

    /// Counts a finding and, up to the cap per kind, saves its input with a note beside it.
    func record(_ finding: Finding, log: String = "", groups keys: [String]? = nil) {
        var finding = finding
        let count = counts[finding.kind, default: 0]
        counts[finding.kind] = count + 1
        for key in keys ?? [finding.kind == .crash ? (finding.site ?? finding.detail) : finding.kind.rawValue] {
            let name = "\(finding.kind.rawValue): \(key)"
            var group = groups[name] ?? (finding.kind, 0, [], finding.index)
            group.count += 1
            group.families.insert(finding.family.rawValue)
            groups[name] = group
        }
        if count < options.maximumSaved {
            let seed = options.settings.seed
            let document = generator.make(seed: seed, index: finding.index, family: finding.family)
            let stem = "\(options.findings)/\(finding.kind.rawValue)-\(finding.family.rawValue)-s\(seed)-i\(finding.index)"
            let path = stem + "." + document.format.fileExtension
            _ = FileManager.default.createFile(atPath: path, contents: Data(document.bytes))
            var text = """
            kind: \(finding.kind.rawValue)
            family: \(finding.family.rawValue)
            seed: \(seed)
            index: \(finding.index)
            format: \(document.format.rawValue)
            size: \(document.bytes.count) bytes
            document: \(document.note)
            detail: \(finding.detail)

            """
            if let site = finding.site { text += "site: \(site)\n" }
            text += """
            replay (in-process, prints a backtrace): claimcheck-fuzz replay --seed \(seed) --index \(finding.index) --family \(finding.family.rawValue)
            check the saved file: claimcheck check --input-format \(document.format.rawValue) \(path)

            """
            if !log.isEmpty { text += "\nworker standard error (last 6000 bytes):\n" + String(log.suffix(6000)) + "\n" }
            try? text.write(toFile: stem + ".txt", atomically: true, encoding: .utf8)
            finding.file = path
            let headline = "\(finding.kind.rawValue): \(finding.family.rawValue) #\(finding.index), \(byteSize(finding.size)): \(finding.detail.prefix(300))"
            FileHandle.standardError.write(Data("claimcheck-fuzz: \(headline)\(finding.site.map { " at \($0)" } ?? "") -> \(path)\n".utf8))
            findings.append(finding)
        }
    }

    /// The Swift runtime's message ("Fatal error: …", "Program crashed: …") and the
    /// first frame in the kit's own sources, from a worker's standard error.
    static func crashSite(_ log: String) -> (headline: String?, site: String?) {
        let lines = log.split(separator: "\n").map { $0.trimmingCharacters(in: .whitespaces) }
        let fatal = lines.first { $0.contains("Fatal error") || $0.contains("fatal error") || $0.contains("Precondition failed") || $0.contains("Swift runtime failure") }
        let crashed = lines.first { $0.contains("Program crashed") }
        var frames: [(function: String, location: String)] = []
        for line in lines where line.first?.isNumber == true {
            guard let address = line.range(of: " 0x") else { continue }
            let at = line.range(of: " at /")
            let before = line[address.upperBound..<(at?.lowerBound ?? line.endIndex)]
            guard let space = before.firstIndex(of: " "), let image = before.range(of: " in ", options: .backwards) else { continue }
            var function = String(before[before.index(after: space)..<image.lowerBound])
            if let plus = function.range(of: " + ", options: .backwards) { function = String(function[..<plus.lowerBound]) }
            var location = at.map { String(line[$0.upperBound...]) } ?? String(before[image.upperBound...])
            if let sources = location.range(of: "Sources/") { location = String(location[sources.upperBound...]) }
            frames.append((function, location))
        }
        let frame = frames.first { $0.location.hasPrefix("ClaimCheckKit/") } ?? frames.first { !$0.location.hasPrefix("claimcheck-fuzz/") } ?? frames.first
        let site = frame.map { "\($0.function) (\($0.location))" }
        let headline = (fatal ?? crashed).map { String($0.replacingOccurrences(of: "💣 ", with: "").replacingOccurrences(of: "*** ", with: "").replacingOccurrences(of: " ***", with: "").prefix(240)) }
        return (headline, site.map { String($0.prefix(300)) })
    }

    func note(_ message: String) {
        FileHandle.standardError.write(Data("claimcheck-fuzz: \(message)\n".utf8))
    }

    func count(_ kind: Finding.Kind) -> Int { counts[kind, default: 0] }

    var failed: Bool { count(.crash) + count(.hang) + count(.slow) > 0 || (options.strict && count(.violation) > 0) }

}

func byteSize(_ bytes: Int) -> String {
    if bytes >= 1 << 20 { return String(format: "%.1f MB", Double(bytes) / 1_048_576) }
    if bytes >= 1 << 10 { return String(format: "%.1f KB", Double(bytes) / 1024) }
    return "\(bytes) B"
}
