import Foundation

/// What `audit` shows on standard error while it runs: a progress line on a
/// terminal (documents, MB/s, time left when the total size is known), each
/// input error as `source: error: message` like `check` (the first few; the
/// rest are counted, and are in the reports), and warnings about workers.
final class AuditConsole {
    private let showsProgress: Bool
    private let totalBytes: Int?
    private let start = Date()
    private var last = Date.distantPast
    private var lineShown = false
    private var errorsShown = 0
    private var errorsSuppressed = 0
    private var warningsShown = 0
    /// Lines of each kind printed before the rest are only counted.
    static let limit = 20

    init(progress: Bool, totalBytes: Int?) {
        self.showsProgress = progress
        self.totalBytes = totalBytes
    }

    func progress(documents: Int, bytes: Int) {
        guard showsProgress, Date().timeIntervalSince(last) > 0.25 else { return }
        last = Date()
        let elapsed = max(0.001, Date().timeIntervalSince(start))
        let rate = Double(bytes) / 1_000_000 / elapsed
        var line = String(format: "\r%d document%@, %.1f MB, %.1f MB/s", documents, documents == 1 ? "" : "s",
                          Double(bytes) / 1_000_000, rate)
        if let totalBytes, bytes > 0, totalBytes > bytes {
            let remaining = Double(totalBytes - bytes) / (Double(bytes) / elapsed)
            line += String(format: ", %d:%02d left", Int(remaining) / 60, Int(remaining) % 60)
        }
        write(line + "   ")
        lineShown = true
    }

    func inputError(source: String, message: String) {
        guard errorsShown < Self.limit else { errorsSuppressed += 1; return }
        errorsShown += 1
        printLine("\(source): error: \(message)")
    }

    func warning(_ message: String) {
        guard warningsShown < Self.limit else { return }
        warningsShown += 1
        printLine("claimcheck: warning: \(message)")
    }

    /// Clears the progress line.
    func finish() {
        guard lineShown else { return }
        write("\r\u{1B}[K")
        lineShown = false
    }

    func reportSuppressedErrors() {
        guard errorsSuppressed > 0 else { return }
        printLine("claimcheck: \(errorsSuppressed) more inputs could not be read; their reports have `error` set")
    }

    private func printLine(_ text: String) {
        finish()
        write(text + "\n")
    }

    private func write(_ text: String) {
        FileHandle.standardError.write(Data(text.utf8))
    }
}
