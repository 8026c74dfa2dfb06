import Foundation
#if canImport(Glibc)
import Glibc
#endif

/// A worker child process: its pid, the pipe to its standard input, the pipe
/// from its standard output, and the index ranges sent to it and not yet answered.
final class WorkerProcess {
    let slot: Int
    let stderrPath: String
    private(set) var pid: pid_t = 0
    private(set) var input: Int32 = -1
    private(set) var output: Int32 = -1
    var buffer: [UInt8] = []
    /// Ranges sent, in order; the first one's lower bound is the document being checked.
    var queue: [Range<UInt64>] = []
    /// When the worker last answered (or was given work while idle), in nanoseconds.
    var lastProgress: UInt64 = 0
    var answered = 0
    var isRunning: Bool { pid > 0 }
    var pending: Int { queue.reduce(0) { $0 + $1.count } }

    init(slot: Int, stderrPath: String) {
        self.slot = slot
        self.stderrPath = stderrPath
    }

    /// Starts `executable worker ARGUMENTS`, its standard error to `stderrPath`, in its
    /// own process group (so ^C reaches only the supervisor, which then finishes cleanly).
    func start(executable: String, arguments: [String], environment: [String: String]) throws {
        var toChild: [Int32] = [-1, -1], fromChild: [Int32] = [-1, -1]
        guard pipe(&toChild) == 0, pipe(&fromChild) == 0 else { throw FuzzError("pipe: \(String(cString: strerror(errno)))") }
        for fd in toChild + fromChild { _ = fcntl(fd, F_SETFD, FD_CLOEXEC) }
        var actions = posix_spawn_file_actions_t()
        posix_spawn_file_actions_init(&actions)
        defer { posix_spawn_file_actions_destroy(&actions) }
        posix_spawn_file_actions_adddup2(&actions, toChild[0], 0)
        posix_spawn_file_actions_adddup2(&actions, fromChild[1], 1)
        posix_spawn_file_actions_addopen(&actions, 2, stderrPath, O_WRONLY | O_CREAT | O_TRUNC, 0o644)
        var attributes = posix_spawnattr_t()
        posix_spawnattr_init(&attributes)
        defer { posix_spawnattr_destroy(&attributes) }
        posix_spawnattr_setflags(&attributes, Int16(POSIX_SPAWN_SETPGROUP))
        posix_spawnattr_setpgroup(&attributes, 0)
        let argv = ([executable, "worker"] + arguments).map { strdup($0) } + [nil]
        let envp = environment.map { strdup("\($0.key)=\($0.value)") } + [nil]
        defer { for pointer in argv + envp { free(pointer) } }
        var child: pid_t = 0
        let status = posix_spawn(&child, executable, &actions, &attributes, argv, envp)
        close(toChild[0])
        close(fromChild[1])
        guard status == 0 else {
            close(toChild[1]); close(fromChild[0])
            throw FuzzError("cannot start a worker (\(executable)): \(String(cString: strerror(status)))")
        }
        pid = child
        input = toChild[1]
        output = fromChild[0]
        buffer.removeAll()
        queue.removeAll()
        answered = 0
        lastProgress = DispatchTime.now().uptimeNanoseconds
    }

    func send(_ range: Range<UInt64>) {
        if queue.isEmpty { lastProgress = DispatchTime.now().uptimeNanoseconds }
        queue.append(range)
        Worker.writeAll(input, Array("B \(range.lowerBound) \(range.count)\n".utf8))
    }

    /// Reads what is available; false at end of file (the worker has gone).
    func readAvailable() -> Bool {
        var chunk = [UInt8](repeating: 0, count: 65_536)
        let count = chunk.withUnsafeMutableBytes { read(output, $0.baseAddress, $0.count) }
        if count < 0 { return errno == EINTR || errno == EAGAIN }
        if count == 0 { return false }
        buffer += chunk[..<count]
        return true
    }

    /// Complete lines received so far.
    func takeLines() -> [String] {
        guard let last = buffer.lastIndex(of: 0x0A) else { return [] }
        let text = String(decoding: buffer[...last], as: UTF8.self)
        buffer.removeSubrange(...last)
        return text.split(separator: "\n").map(String.init)
    }

    /// The document being checked, if any.
    var current: UInt64? { queue.first?.lowerBound }

    /// Marks the current document answered.
    func advance() {
        guard !queue.isEmpty else { return }
        let next = queue[0].lowerBound + 1
        if next >= queue[0].upperBound { queue.removeFirst() } else { queue[0] = next..<queue[0].upperBound }
        answered += 1
        lastProgress = DispatchTime.now().uptimeNanoseconds
    }

    /// Waits for the process to end (killing it first if asked) and describes how it ended.
    func reap(kill force: Bool) -> (signal: Int32?, code: Int32?) {
        guard pid > 0 else { return (nil, nil) }
        if force { _ = kill(pid, SIGKILL) }
        var status: Int32 = 0
        while waitpid(pid, &status, 0) < 0 && errno == EINTR {}
        close(input); close(output)
        pid = 0; input = -1; output = -1
        let termination = status & 0x7F
        if termination == 0 { return (nil, (status >> 8) & 0xFF) }
        return (termination, nil)
    }

    /// Stops a hung worker: SIGQUIT first, so that the Swift runtime prints where
    /// it was, then SIGKILL if it has not ended after `grace` seconds.
    func quit(grace: Double) {
        guard pid > 0 else { return }
        _ = kill(pid, SIGQUIT)
        let deadline = DispatchTime.now().uptimeNanoseconds + UInt64(grace * 1e9)
        var status: Int32 = 0
        while DispatchTime.now().uptimeNanoseconds < deadline {
            if waitpid(pid, &status, WNOHANG) == pid {
                close(input); close(output)
                pid = 0; input = -1; output = -1
                return
            }
            usleep(50_000)
        }
        _ = reap(kill: true)
    }

    /// Closes its standard input: the worker finishes and exits 0.
    func finish() -> (signal: Int32?, code: Int32?) {
        guard pid > 0 else { return (nil, nil) }
        close(input)
        input = -1
        var status: Int32 = 0
        while waitpid(pid, &status, 0) < 0 && errno == EINTR {}
        close(output)
        pid = 0; output = -1
        let termination = status & 0x7F
        if termination == 0 { return (nil, (status >> 8) & 0xFF) }
        return (termination, nil)
    }
}

func signalName(_ signal: Int32) -> String {
    switch signal {
    case SIGSEGV: "SIGSEGV"
    case SIGILL: "SIGILL"
    case SIGTRAP: "SIGTRAP"
    case SIGABRT: "SIGABRT"
    case SIGBUS: "SIGBUS"
    case SIGFPE: "SIGFPE"
    case SIGKILL: "SIGKILL"
    case SIGTERM: "SIGTERM"
    default: "signal \(signal)"
    }
}
