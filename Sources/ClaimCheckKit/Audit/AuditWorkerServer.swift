import Foundation

/// The loop a worker process runs (`claimcheck audit-worker`, started by
/// `audit`): documents in, results out, over the socket its parent gave it as
/// standard input. It says it is ready once its rules are loaded, then answers
/// each document in turn until its parent closes the socket.
public struct AuditWorkerServer {
    private let checker: AuditDocumentChecker

    public init(checker: ClaimChecker) {
        self.checker = AuditDocumentChecker(checker: checker)
    }

    /// Serves on standard input: the socket moves to a private descriptor, and
    /// standard input and output are pointed away from it (at /dev/null and
    /// standard error), so nothing else the process prints can break a frame.
    public func serveStandardInput() throws {
        var info = stat()
        guard fstat(0, &info) == 0, info.st_mode & S_IFMT == S_IFSOCK else {
            throw AuditWireError("standard input is not the socket `claimcheck audit` gives its workers; run `claimcheck audit` instead")
        }
        let channel = dup(0)
        guard channel >= 0 else { throw AuditWireError("cannot take over standard input (\(InputFileReader.reason(errno)))") }
        _ = fcntl(channel, F_SETFD, FD_CLOEXEC)
        let null = open("/dev/null", O_RDONLY | O_CLOEXEC)
        if null >= 0 { dup2(null, 0); close(null) }
        dup2(2, 1)
        defer { close(channel) }
        try serve(channel)
    }

    /// Answers frames on `channel` until it ends (a parent that has gone away is an end too).
    public func serve(_ channel: Int32) throws {
        do { try answer(channel) } catch is ParentGone {}
    }

    /// The parent closed its end while this worker was writing.
    private struct ParentGone: Error {}

    private func answer(_ channel: Int32) throws {
        let ready = AuditFrame.readyFields()
        try Self.send(channel, AuditFrame.header(.ready, fields: ready.count, body: 0) + ready)
        var headerBytes = [UInt8](repeating: 0, count: AuditFrame.headerSize)
        while true {
            guard try headerBytes.withUnsafeMutableBytes({ try Self.receive(channel, into: $0, allowEnd: true) }) else { return }
            let header = try headerBytes.withUnsafeBytes { buffer throws(AuditWireError) in try AuditFrame.parseHeader(buffer) }
            guard header.kind == .document else { throw AuditWireError("a worker was sent a frame of kind \(header.kind)") }
            let fields = try [UInt8](unsafeUninitializedCapacity: header.fieldsLength) { buffer, count in
                _ = try Self.receive(channel, into: UnsafeMutableRawBufferPointer(buffer), allowEnd: false)
                count = header.fieldsLength
            }
            // The body is read straight into the array the checker is given.
            var body = try [UInt8](unsafeUninitializedCapacity: header.bodyLength) { buffer, count in
                _ = try Self.receive(channel, into: UnsafeMutableRawBufferPointer(buffer), allowEnd: false)
                count = header.bodyLength
            }
            let document = try fields.withUnsafeBytes { buffer throws(AuditWireError) in try AuditFrame.document(fields: buffer, body: body) }
            body = []
            let result = checker.check(document)
            let digest = AuditFrame.resultFields(result.digest)
            try Self.send(channel, AuditFrame.header(.result, fields: digest.count, body: result.line.count) + digest, result.line)
        }
    }

    /// Fills `buffer` from the socket; false when the stream ended cleanly before its first byte.
    private static func receive(_ channel: Int32, into buffer: UnsafeMutableRawBufferPointer, allowEnd: Bool) throws -> Bool {
        var filled = 0
        while filled < buffer.count {
            let got = readRetrying(channel, buffer.baseAddress! + filled, buffer.count - filled)
            if got == 0 {
                if filled == 0 && allowEnd { return false }
                throw ParentGone()   // it ended in the middle of a frame: it was killed
            }
            guard got > 0 else {
                if errno == ECONNRESET { throw ParentGone() }
                throw AuditWireError("cannot read from the parent (\(InputFileReader.reason(errno)))")
            }
            filled += got
        }
        return true
    }

    /// Writes the parts in one go (no copy into one buffer).
    private static func send(_ channel: Int32, _ head: [UInt8], _ body: [UInt8] = []) throws {
        var sent = 0
        let total = head.count + body.count
        while sent < total {
            let result = head.withUnsafeBytes { headBuffer in
                body.withUnsafeBytes { bodyBuffer in
                    AuditSocket.write(channel, parts: [headBuffer, bodyBuffer], skipping: sent)
                }
            }
            guard result >= 0 else {
                if errno == EINTR { continue }
                if errno == EPIPE || errno == ECONNRESET { throw ParentGone() }
                throw AuditWireError("cannot write to the parent (\(InputFileReader.reason(errno)))")
            }
            sent += result
        }
    }
}
