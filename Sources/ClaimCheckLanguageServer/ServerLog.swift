import Foundation

/// A trace of what the server received, published and how long checks took,
/// for `claimcheck lsp --log FILE` (standard output is the protocol's; nothing
/// else may be written there). Without a file it records nothing.
public final class ServerLog: @unchecked Sendable {
    private let handle: FileHandle?
    private let lock = NSLock()

    public init(path: String?) throws {
        guard let path else { handle = nil; return }
        if !FileManager.default.fileExists(atPath: path) {
            guard FileManager.default.createFile(atPath: path, contents: nil) else {
                throw ServerLogError(path: path)
            }
        }
        guard let handle = FileHandle(forWritingAtPath: path) else { throw ServerLogError(path: path) }
        handle.seekToEndOfFile()
        self.handle = handle
    }

    public static let none = try! ServerLog(path: nil)

    public var isEnabled: Bool { handle != nil }

    public func write(_ line: @autoclosure () -> String) {
        guard let handle else { return }
        let stamp = Date().timeIntervalSince1970
        let text = String(format: "%.3f ", stamp) + line() + "\n"
        lock.lock(); defer { lock.unlock() }
        handle.write(Data(text.utf8))
    }
}

public struct ServerLogError: Error, CustomStringConvertible {
    public var path: String
    public var description: String { "cannot write the log file \(path); check that its folder exists and is writable" }
}
