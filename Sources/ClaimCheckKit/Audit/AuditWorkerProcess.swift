import Foundation

/// How to start a worker process: `claimcheck audit-worker --rules … [--config …] --max-size …`.
public struct AuditWorkerCommand: Sendable {
    public var executable: String
    public var arguments: [String]
    /// Set in the worker's environment on top of this process's.
    public var environment: [String: String]

    public init(executable: String, arguments: [String], environment: [String: String] = [:]) {
        self.executable = executable
        self.arguments = arguments
        self.environment = environment
    }

    /// Set (to `1`) for the workers started beside the first: when the rules or
    /// config cannot load they exit with status 2 without saying why, since the
    /// first worker says it, once.
    public static let quietLoadVariable = "CLAIMCHECK_AUDIT_WORKER_QUIET_LOAD"

    /// This command for a worker that leaves load errors to the first.
    var quietAboutLoading: AuditWorkerCommand {
        var command = self
        command.environment[Self.quietLoadVariable] = "1"
        return command
    }
}

/// How a worker process ended.
public enum WorkerTermination: Sendable, Hashable, CustomStringConvertible {
    case signal(Int32)
    case exit(Int32)

    public var description: String {
        switch self {
        case .exit(let status): return "exit status \(status)"
        case .signal(let number):
            let names: [Int32: String] = [SIGSEGV: "SIGSEGV", SIGKILL: "SIGKILL", SIGABRT: "SIGABRT", SIGILL: "SIGILL",
                                          SIGTRAP: "SIGTRAP", SIGBUS: "SIGBUS", SIGFPE: "SIGFPE", SIGTERM: "SIGTERM",
                                          SIGINT: "SIGINT", SIGPIPE: "SIGPIPE", SIGXCPU: "SIGXCPU"]
            return names[number].map { "signal \(number), \($0)" } ?? "signal \(number)"
        }
    }
}

/// A worker that could not be started, or that died every time before it was ready.
public struct AuditWorkerError: Error, Sendable, CustomStringConvertible {
    public var description: String
}

/// One worker process and this process's end of the socket to it (non-blocking).
final class AuditWorkerProcess {
    let pid: pid_t
    let channel: Int32
    private var ending: WorkerTermination?

    init(_ command: AuditWorkerCommand) throws(AuditWorkerError) {
        let (parentEnd, childEnd) = try AuditSocket.pair()
        defer { close(childEnd) }
        var environment = ProcessInfo.processInfo.environment
        // A crashing worker should die at once, not spend seconds printing a backtrace nobody reads.
        if environment["SWIFT_BACKTRACE"] == nil { environment["SWIFT_BACKTRACE"] = "enable=no" }
        for (key, value) in command.environment { environment[key] = value }
        do {
            pid = try AuditSocket.spawn(command.executable, arguments: command.arguments,
                                        environment: environment.map { "\($0.key)=\($0.value)" }, standardInput: childEnd)
        } catch {
            close(parentEnd)
            throw error
        }
        channel = parentEnd
        _ = fcntl(channel, F_SETFL, fcntl(channel, F_GETFL) | O_NONBLOCK)
    }

    /// Closes the socket and waits for the process to end, killing it first when
    /// `forcing` (a worker whose socket ended is dying already: that cannot change
    /// how it ended, and the wait cannot hang on a half-dead one).
    func reap(kill forcing: Bool) -> WorkerTermination {
        if let ending { return ending }
        close(channel)
        if forcing { kill(pid, SIGKILL) }
        var status: Int32 = 0
        while waitpid(pid, &status, 0) < 0 && errno == EINTR {}
        let signal = status & 0x7F
        let termination: WorkerTermination = signal == 0 ? .exit((status >> 8) & 0xFF) : .signal(signal)
        ending = termination
        return termination
    }
}

/// The socket calls the supervisor and its workers share.
enum AuditSocket {
    /// A connected pair of Unix stream sockets, neither inherited by other children.
    static func pair() throws(AuditWorkerError) -> (Int32, Int32) {
        var ends: [Int32] = [0, 0]
        #if canImport(Glibc)
        let made = socketpair(AF_UNIX, Int32(SOCK_STREAM.rawValue) | Int32(SOCK_CLOEXEC.rawValue), 0, &ends)
        #else
        let made = socketpair(AF_UNIX, SOCK_STREAM, 0, &ends)
        for end in ends {
            _ = fcntl(end, F_SETFD, FD_CLOEXEC)
            var on: Int32 = 1
            setsockopt(end, SOL_SOCKET, SO_NOSIGPIPE, &on, socklen_t(MemoryLayout<Int32>.size))
        }
        #endif
        guard made == 0 else { throw AuditWorkerError(description: "cannot create a socket for an audit worker (\(InputFileReader.reason(errno)))") }
        return (ends[0], ends[1])
    }

    /// Starts `executable` with `standardInput` as its standard input, standard
    /// output sent to standard error, and no other descriptor of this process.
    static func spawn(_ executable: String, arguments: [String], environment: [String], standardInput: Int32) throws(AuditWorkerError) -> pid_t {
        #if canImport(Glibc)
        var actions = posix_spawn_file_actions_t()
        var attributes = posix_spawnattr_t()
        #else
        var actions: posix_spawn_file_actions_t?
        var attributes: posix_spawnattr_t?
        #endif
        posix_spawn_file_actions_init(&actions)
        defer { posix_spawn_file_actions_destroy(&actions) }
        posix_spawn_file_actions_adddup2(&actions, standardInput, 0)
        posix_spawn_file_actions_adddup2(&actions, 2, 1)
        #if canImport(Glibc)
        // Not in Swift's Glibc module; glibc has had it since 2.34. Our own sockets
        // are close-on-exec anyway: this keeps other libraries' descriptors out too.
        if let closeFrom = closeFromAction { _ = closeFrom(&actions, 3) }
        #endif
        posix_spawnattr_init(&attributes)
        defer { posix_spawnattr_destroy(&attributes) }
        var mask = sigset_t(), defaults = sigset_t()
        sigemptyset(&mask)
        sigemptyset(&defaults)
        sigaddset(&defaults, SIGPIPE)
        posix_spawnattr_setsigmask(&attributes, &mask)
        posix_spawnattr_setsigdefault(&attributes, &defaults)
        posix_spawnattr_setflags(&attributes, Int16(POSIX_SPAWN_SETSIGMASK | POSIX_SPAWN_SETSIGDEF))

        let argv = ([executable] + arguments).map { strdup($0) } + [nil]
        let envp = environment.map { strdup($0) } + [nil]
        defer {
            argv.forEach { free($0) }
            envp.forEach { free($0) }
        }
        var pid: pid_t = 0
        let status = posix_spawn(&pid, executable, &actions, &attributes, argv, envp)
        guard status == 0 else {
            throw AuditWorkerError(description: "cannot start the audit worker \(executable) (\(InputFileReader.reason(status))); pass --in-process to check without worker processes")
        }
        return pid
    }

    /// Writes as much of `parts` as the socket takes, after skipping the first
    /// `skipping` bytes of them; the count written, or -1 with `errno` set. A
    /// closed peer is an error (EPIPE), never a SIGPIPE.
    static func write(_ channel: Int32, parts: [UnsafeRawBufferPointer], skipping: Int) -> Int {
        var vectors: [iovec] = []
        var skip = skipping
        for part in parts where part.count > 0 {
            if skip >= part.count { skip -= part.count; continue }
            vectors.append(iovec(iov_base: UnsafeMutableRawPointer(mutating: part.baseAddress! + skip), iov_len: part.count - skip))
            skip = 0
        }
        guard !vectors.isEmpty else { return 0 }
        return vectors.withUnsafeMutableBufferPointer { buffer -> Int in
            var message = msghdr()
            message.msg_iov = buffer.baseAddress
            message.msg_iovlen = numericCast(buffer.count)
            #if canImport(Glibc)
            let flags = Int32(MSG_NOSIGNAL)
            #else
            let flags: Int32 = 0
            #endif
            let sent = sendmsg(channel, &message, flags)
            if sent < 0 && errno == ENOTSOCK { return writev(channel, buffer.baseAddress, Int32(buffer.count)) }
            return sent
        }
    }
}

#if canImport(Glibc)
private typealias CloseFromAction = @convention(c) (UnsafeMutablePointer<posix_spawn_file_actions_t>, Int32) -> Int32
private let closeFromAction: CloseFromAction? = {
    guard let symbol = dlsym(UnsafeMutableRawPointer(bitPattern: 0), "posix_spawn_file_actions_addclosefrom_np") else { return nil }
    return unsafeBitCast(symbol, to: CloseFromAction.self)
}()
#endif
