import ArgumentParser
import Foundation

/// Where a command's output goes as it is made: standard output, or a file
/// written beside its final path and moved into place only when the run ends
/// well, so a run that stops halfway (a broken config in a subfolder, Ctrl-C)
/// leaves the previous output whole rather than half a JSON array.
///
/// Bytes are buffered and written 64 KB at a time; to a terminal, at every
/// `flush()`, so a person sees each document's findings as it is checked.
final class OutputSink {
    private let handle: FileHandle
    private let finalPath: String?
    private let partialPath: String?
    private let flushesEachPiece: Bool
    private var buffer: [UInt8] = []

    /// Standard output, or `path` (its folder must exist and be writable).
    init(path: String?) throws(ExitCode) {
        guard let path else {
            handle = .standardOutput
            finalPath = nil
            partialPath = nil
            flushesEachPiece = isatty(STDOUT_FILENO) == 1
            return
        }
        let partial = path + ".partial-\(getpid())"
        Self.removeOnInterrupt(partial)
        guard FileManager.default.createFile(atPath: partial, contents: nil), let file = FileHandle(forWritingAtPath: partial) else {
            FileHandle.standardError.write(Data("claimcheck: cannot write \(path): \(Self.reason(errno)) (check that its folder exists and is writable)\n".utf8))
            throw ExitCode(2)
        }
        handle = file
        finalPath = path
        partialPath = partial
        flushesEachPiece = false
        buffer.reserveCapacity(1 << 16)
    }

    /// The partial file to remove if the run is interrupted (Ctrl-C, a CI job's
    /// timeout), as a C string a signal handler can pass to `unlink`.
    nonisolated(unsafe) private static var partialForSignals: UnsafeMutablePointer<CChar>?

    /// An interrupted run leaves no partial file beside the output, and the previous
    /// output whole. Set before the file is made; a signal this process was started
    /// ignoring (`nohup`, a background job) stays ignored; one it was started with
    /// blocked is let through.
    private static func removeOnInterrupt(_ partial: String) {
        partialForSignals = strdup(partial)
        for signalNumber in [SIGINT, SIGTERM, SIGHUP] {
            let previous = signal(signalNumber) { received in
                if let path = OutputSink.partialForSignals { unlink(path) }
                _exit(128 + received)
            }
            if let previous, unsafeBitCast(previous, to: Int.self) == unsafeBitCast(SIG_IGN, to: Int.self) {
                signal(signalNumber, SIG_IGN)
                continue
            }
            // A parent that started this process with the signal blocked (some test runners do) would delay it past the run.
            var signals = sigset_t()
            sigemptyset(&signals)
            sigaddset(&signals, signalNumber)
            pthread_sigmask(SIG_UNBLOCK, &signals, nil)
        }
    }

    func write(_ text: String) {
        buffer.append(contentsOf: text.utf8)
        if buffer.count >= 1 << 16 { writeBuffer() }
    }

    /// The end of one document's output: shown now on a terminal.
    func flush() {
        if flushesEachPiece { writeBuffer() }
    }

    /// Writes what is left and, for a file, moves it into place.
    func finish() throws(ExitCode) {
        writeBuffer()
        guard let finalPath, let partialPath else { return }
        try? handle.close()
        Self.partialForSignals = nil
        if rename(partialPath, finalPath) != 0 {
            let reason = Self.reason(errno)
            unlink(partialPath)
            FileHandle.standardError.write(Data("claimcheck: cannot write \(finalPath): \(reason)\n".utf8))
            throw ExitCode(2)
        }
    }

    /// Drops a file's partial output (the run failed); the previous file at the path stays.
    func abandon() {
        guard let partialPath else { return }
        try? handle.close()
        Self.partialForSignals = nil
        unlink(partialPath)
    }

    private func writeBuffer() {
        guard !buffer.isEmpty else { return }
        do { try handle.write(contentsOf: buffer) } catch {
            FileHandle.standardError.write(Data("claimcheck: cannot write \(finalPath ?? "standard output"): \(error.localizedDescription)\n".utf8))
            abandon()
            exit(2)
        }
        buffer.removeAll(keepingCapacity: true)
    }

    private static func reason(_ code: Int32) -> String { String(cString: strerror(code)) }
}
