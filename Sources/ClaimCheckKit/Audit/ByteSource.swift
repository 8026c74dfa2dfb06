import CZlib
import Foundation

/// A stream of bytes read in chunks, so that inputs of any size are read with
/// bounded memory.
public protocol ByteSource {
    /// The next chunk, or nil at the end.
    mutating func next() throws -> [UInt8]?
}

/// A file (or standard input) read 1 MB at a time.
public struct FileByteSource: ByteSource {
    let handle: FileHandle
    let chunkSize: Int

    public init(handle: FileHandle, chunkSize: Int = 1 << 20) {
        self.handle = handle
        self.chunkSize = chunkSize
    }

    public init(path: String) throws {
        if path == "-" { self.init(handle: .standardInput); return }
        guard let handle = FileHandle(forReadingAtPath: path) else {
            throw InputError(path: path, message: "cannot be opened; check the path and its permissions")
        }
        self.init(handle: handle)
    }

    public mutating func next() throws -> [UInt8]? {
        let data = handle.readData(ofLength: chunkSize)
        return data.isEmpty ? nil : [UInt8](data)
    }
}

/// Decompresses gzip, including files made of many gzip members one after
/// another (WARC files are written one gzipped record at a time).
public struct GzipByteSource: ByteSource {
    /// zlib checks that its stream never moves in memory, so it lives on the heap.
    private final class Stream {
        let pointer = UnsafeMutablePointer<z_stream>.allocate(capacity: 1)
        init() { pointer.initialize(to: z_stream()) }
        deinit { pointer.deallocate() }
    }

    private var source: ByteSource
    private let box = Stream()
    private var stream: UnsafeMutablePointer<z_stream> { box.pointer }
    private var input: [UInt8] = []
    private var inputOffset = 0
    private var initialized = false
    private var finished = false
    private let path: String

    public init(wrapping source: ByteSource, path: String) {
        self.source = source
        self.path = path
    }

    public mutating func next() throws -> [UInt8]? {
        if finished { return nil }
        if !initialized {
            guard claimcheck_inflate_init(stream) == Z_OK else { throw InputError(path: path, message: "cannot start gzip decompression") }
            initialized = true
        }
        var output = [UInt8](repeating: 0, count: 1 << 18)
        while true {
            if inputOffset >= input.count {
                guard let chunk = try source.next() else {
                    finished = true
                    inflateEnd(stream)
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
            if status == Z_STREAM_END {
                // The next gzip member, if any, starts right after this one.
                inflateReset(stream)
            } else if status != Z_OK && status != Z_BUF_ERROR {
                inflateEnd(stream)
                finished = true
                throw InputError(path: path, message: "is not valid gzip (zlib status \(status)); the part read so far was checked")
            }
            if produced > 0 { return Array(output[0..<produced]) }
            if consumed == 0 && status == Z_BUF_ERROR && inputOffset >= input.count { continue }
        }
    }
}
