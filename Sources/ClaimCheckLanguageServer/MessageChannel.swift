#if canImport(Glibc)
import Glibc
private let systemRead = Glibc.read
private let systemWrite = Glibc.write
#elseif canImport(Darwin)
import Darwin
private let systemRead = Darwin.read
private let systemWrite = Darwin.write
#endif
import Foundation

/// Framed messages over a pair of file descriptors (standard input and output
/// for `claimcheck lsp`, pipes in the tests): reads frames as they arrive and
/// writes each answer whole, under a lock so no two messages interleave.
public final class MessageChannel: @unchecked Sendable {
    private let input: Int32
    private let output: Int32
    private var decoder: MessageFrameDecoder
    private let writeLock = NSLock()

    public init(input: Int32, output: Int32, maximumBodyBytes: Int = 64 * 1024 * 1024) {
        self.input = input
        self.output = output
        self.decoder = MessageFrameDecoder(maximumBodyBytes: maximumBodyBytes)
    }

    /// The next frame, blocking until one is complete; nil at the end of input
    /// (or when `timeout` milliseconds pass with no byte arriving).
    public func read(timeout: Int32? = nil) -> MessageFrameDecoder.Frame? {
        while true {
            if let frame = decoder.next() { return frame }
            if let timeout {
                var descriptor = pollfd(fd: input, events: Int16(POLLIN), revents: 0)
                guard poll(&descriptor, 1, timeout) > 0 else { return nil }
            }
            var chunk = [UInt8](repeating: 0, count: 65_536)
            let count = chunk.withUnsafeMutableBytes { systemRead(input, $0.baseAddress, $0.count) }
            if count < 0, errno == EINTR { continue }
            guard count > 0 else { return nil }
            decoder.receive(Array(chunk[0..<count]))
        }
    }

    /// Whether another message is already waiting (buffered or readable now):
    /// the server then reads it before publishing diagnostics, so a burst of
    /// edits is checked once.
    public var hasPendingInput: Bool {
        if decoder.hasBufferedBytes { return true }
        var descriptor = pollfd(fd: input, events: Int16(POLLIN), revents: 0)
        return poll(&descriptor, 1, 0) > 0 && descriptor.revents & Int16(POLLIN) != 0
    }

    /// Writes one message body, framed.
    public func write(_ body: [UInt8]) {
        let bytes = framedMessage(body)
        writeLock.lock(); defer { writeLock.unlock() }
        var offset = 0
        while offset < bytes.count {
            let written = bytes[offset...].withUnsafeBytes { systemWrite(output, $0.baseAddress, $0.count) }
            if written < 0, errno == EINTR { continue }
            guard written > 0 else { return }
            offset += written
        }
    }
}
