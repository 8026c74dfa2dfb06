import CZlib
import Foundation

/// A stream of bytes read in chunks, so that inputs of any size are read with
/// bounded memory.
public protocol ByteSource {
    /// The next chunk, or nil at the end.
    mutating func next() throws -> [UInt8]?
}

/// A file (or standard input) read 1 MB at a time with `read(2)`; a read error
/// is an `InputError` naming the file and the byte where it happened.
public struct FileByteSource: ByteSource {
    /// Closes the file when the last copy of the source goes.
    private final class Descriptor {
        let value: Int32
        let owned: Bool
        let handle: FileHandle?
        init(_ value: Int32, owned: Bool, handle: FileHandle? = nil) { self.value = value; self.owned = owned; self.handle = handle }
        deinit { if owned { close(value) } }
    }

    private let descriptor: Descriptor
    private let chunkSize: Int
    private let name: String
    /// Bytes read so far.
    public private(set) var offset = 0

    public init(handle: FileHandle, chunkSize: Int = 1 << 20, name: String = "<stdin>") {
        self.descriptor = Descriptor(handle.fileDescriptor, owned: false, handle: handle)
        self.chunkSize = chunkSize
        self.name = name
    }

    public init(path: String) throws(InputError) {
        if path == "-" { self.init(handle: .standardInput); return }
        try self.init(path: InputPath(path))
    }

    /// Opens a regular file; anything else (a missing file, a folder, a named
    /// pipe) is refused without being opened for reading.
    public init(path: InputPath, chunkSize: Int = 1 << 20) throws(InputError) {
        switch InputFileReader.inspect(path) {
        case .failure(let error): throw error
        case .success(.folder): throw InputError(path: path.display, message: "is a folder, not a file")
        case .success(.regular): break
        }
        let value = path.withCString { open($0, O_RDONLY | O_CLOEXEC | O_NONBLOCK | O_NOCTTY) }
        guard value >= 0 else {
            let code = errno
            throw InputError(path: path.display, message: code == EACCES || code == EPERM
                ? "cannot be read (permission denied); check its permissions"
                : "cannot be opened (\(InputFileReader.reason(code))); check the file")
        }
        self.descriptor = Descriptor(value, owned: true)
        self.chunkSize = chunkSize
        self.name = path.display
    }

    public mutating func next() throws -> [UInt8]? {
        var chunk = [UInt8](repeating: 0, count: chunkSize)
        let descriptor = self.descriptor.value
        var got = chunk.withUnsafeMutableBytes { readRetrying(descriptor, $0.baseAddress!, $0.count) }
        if got < 0 && errno == EAGAIN {
            // Standard input set non-blocking by someone else: wait for it.
            var poller = pollfd(fd: descriptor, events: Int16(POLLIN), revents: 0)
            _ = poll(&poller, 1, -1)
            got = chunk.withUnsafeMutableBytes { readRetrying(descriptor, $0.baseAddress!, $0.count) }
        }
        guard got >= 0 else {
            throw InputError(path: name, message: "cannot be read after byte \(offset) (\(InputFileReader.reason(errno))); check the file and the disk")
        }
        if got == 0 { return nil }
        chunk.removeLast(chunkSize - got)
        offset += got
        return chunk
    }
}

/// Decompresses gzip, including files made of many gzip members one after
/// another (WARC files are written one gzipped record at a time). A file that
/// ends inside a member (cut by an interrupted download or copy) is an error
/// naming the byte where it ends, never a silent end.
public struct GzipByteSource: ByteSource {
    /// zlib checks that its stream never moves in memory, so it lives on the heap.
    /// It is ended here too when a reader is abandoned before the end.
    private final class Stream {
        let pointer = UnsafeMutablePointer<z_stream>.allocate(capacity: 1)
        var active = false
        init() { pointer.initialize(to: z_stream()) }
        deinit {
            if active { inflateEnd(pointer) }
            pointer.deallocate()
        }
    }

    private var source: ByteSource
    private let box = Stream()
    private var stream: UnsafeMutablePointer<z_stream> { box.pointer }
    private var input: [UInt8] = []
    private var inputOffset = 0
    private var initialized = false
    private var finished = false
    private let path: String
    /// Compressed bytes consumed so far, and where the current member began.
    private var compressedOffset = 0
    private var memberStart = 0
    /// Whether bytes of a member have been read that its end has not followed yet.
    private var insideMember = false

    public init(wrapping source: ByteSource, path: String) {
        self.source = source
        self.path = path
    }

    public mutating func next() throws -> [UInt8]? {
        if finished { return nil }
        if !initialized {
            guard claimcheck_inflate_init(stream) == Z_OK else { throw InputError(path: path, message: "cannot start gzip decompression") }
            initialized = true
            box.active = true
        }
        var output = [UInt8](repeating: 0, count: 1 << 18)
        while true {
            if inputOffset >= input.count {
                let chunk: [UInt8]?
                do { chunk = try source.next() } catch {
                    finish()
                    throw error
                }
                guard let chunk else {
                    finish()
                    if insideMember {
                        throw InputError(path: path, message: "is truncated at byte \(compressedOffset): the file ends inside a gzip member (the one starting at byte \(memberStart)); copy or download it again")
                    }
                    return nil
                }
                input = chunk
                inputOffset = 0
            }
            let stream = self.stream, inputOffset = self.inputOffset
            let (status, produced, consumed) = input.withUnsafeMutableBufferPointer { inputBuffer in
                output.withUnsafeMutableBufferPointer { outputBuffer -> (Int32, Int, Int) in
                    stream.pointee.next_in = inputBuffer.baseAddress! + inputOffset
                    stream.pointee.avail_in = UInt32(inputBuffer.count - inputOffset)
                    stream.pointee.next_out = outputBuffer.baseAddress
                    stream.pointee.avail_out = UInt32(outputBuffer.count)
                    let status = inflate(stream, Z_NO_FLUSH)
                    return (status, outputBuffer.count - Int(stream.pointee.avail_out), (inputBuffer.count - inputOffset) - Int(stream.pointee.avail_in))
                }
            }
            self.inputOffset += consumed
            compressedOffset += consumed
            if consumed > 0 || produced > 0 { insideMember = true }
            if status == Z_STREAM_END {
                // The next gzip member, if any, starts right after this one.
                inflateReset(stream)
                insideMember = false
                memberStart = compressedOffset
            } else if status != Z_OK && status != Z_BUF_ERROR {
                let reason = stream.pointee.msg.map { String(cString: $0) } ?? "zlib status \(status)"
                finish()
                throw InputError(path: path, message: "is not valid gzip at byte \(compressedOffset) (\(reason), in the member starting at byte \(memberStart)); copy or download it again")
            }
            if produced > 0 { return Array(output[0..<produced]) }
            if consumed == 0 && status == Z_BUF_ERROR && self.inputOffset >= input.count { continue }
        }
    }

    private mutating func finish() {
        guard !finished else { return }
        finished = true
        if box.active { inflateEnd(stream); box.active = false }
    }
}
