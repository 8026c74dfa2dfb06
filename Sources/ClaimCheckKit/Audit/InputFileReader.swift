import Foundation

/// Reads input files with POSIX calls on their path bytes, so that any name can
/// be opened, and says precisely why one cannot: missing, a dangling link, a
/// named pipe (never opened, so it cannot hang a run), a device, permissions, or
/// over the size limit (refused before it is read).
public struct InputFileReader: Sendable {
    /// What a path is, following symbolic links.
    public enum Kind: Sendable, Equatable {
        case regular(size: Int)
        case folder
    }

    public var maximumBytes: Int

    public init(maximumBytes: Int = DocumentExtractor().maximumBytes) {
        self.maximumBytes = maximumBytes
    }

    /// A file's kind, or why it is not one that can be read; opens nothing.
    public static func inspect(_ path: InputPath) -> Result<Kind, InputError> {
        var info = stat()
        guard path.withCString({ stat($0, &info) }) == 0 else {
            return .failure(InputError(path: path.display, message: describeStatFailure(errno, path)))
        }
        return kind(of: info, path: path)
    }

    /// The whole file, or an error that says what is wrong and how to fix it.
    public func read(_ path: InputPath) -> Result<[UInt8], InputError> {
        switch Self.inspect(path) {
        case .failure(let error): return .failure(error)
        case .success(.folder): return .failure(InputError(path: path.display, message: "is a folder, not a file"))
        case .success(.regular(let size)):
            if size > maximumBytes { return .failure(ByteSize.overLimit(path: path.display, size: size, limit: maximumBytes)) }
        }
        let descriptor = path.withCString { open($0, O_RDONLY | O_CLOEXEC | O_NONBLOCK | O_NOCTTY) }
        guard descriptor >= 0 else {
            let code = errno
            let message = code == EACCES || code == EPERM
                ? "cannot be read (permission denied); check its permissions"
                : "cannot be opened (\(Self.reason(code))); check the file"
            return .failure(InputError(path: path.display, message: message))
        }
        defer { close(descriptor) }
        // The file may have been replaced between the two looks: judge what was opened.
        var info = stat()
        guard fstat(descriptor, &info) == 0 else {
            return .failure(InputError(path: path.display, message: "cannot be read (\(Self.reason(errno))); check the file"))
        }
        switch Self.kind(of: info, path: path) {
        case .failure(let error): return .failure(error)
        case .success(.folder): return .failure(InputError(path: path.display, message: "is a folder, not a file"))
        case .success(.regular): break
        }
        return readAll(descriptor, expected: Int(info.st_size), path: path)
    }

    /// Reads to the end of the file, refusing it once it passes the limit (a
    /// file still growing is read as far as it is when its end is reached).
    private func readAll(_ descriptor: Int32, expected: Int, path: InputPath) -> Result<[UInt8], InputError> {
        var bytes: [UInt8] = []
        var capacity = min(expected, maximumBytes) + 1   // one more than expected, to meet the end
        while true {
            if bytes.count == capacity {
                // Full: the file grew since it was looked at.
                if bytes.count > maximumBytes { break }
                capacity = min(capacity * 2, maximumBytes + 1)
            }
            let start = bytes.count, wanted = capacity - start
            bytes.append(contentsOf: repeatElement(0, count: wanted))
            let got = bytes.withUnsafeMutableBytes { readRetrying(descriptor, $0.baseAddress! + start, wanted) }
            if got < 0 {
                return .failure(InputError(path: path.display, message: "cannot be read (\(Self.reason(errno))); check the file and the disk"))
            }
            bytes.removeLast(wanted - got)
            if got == 0 { break }
        }
        if bytes.count > maximumBytes {
            return .failure(ByteSize.overLimit(path: path.display, size: bytes.count, limit: maximumBytes))
        }
        return .success(bytes)
    }

    private static func kind(of info: stat, path: InputPath) -> Result<Kind, InputError> {
        let type = info.st_mode & S_IFMT
        let what: String
        switch type {
        case S_IFREG: return .success(.regular(size: Int(info.st_size)))
        case S_IFDIR: return .success(.folder)
        case S_IFIFO: what = "is a named pipe (FIFO), not a regular file, so it was not opened; to check what a pipe carries, pass - and send it to standard input"
        case S_IFSOCK: what = "is a socket, not a regular file, so it was not opened"
        case S_IFCHR, S_IFBLK: what = "is a device, not a regular file, so it was not opened"
        default: what = "is not a regular file, so it was not opened"
        }
        return .failure(InputError(path: path.display, message: what))
    }

    private static func describeStatFailure(_ code: Int32, _ path: InputPath) -> String {
        switch code {
        case ENOENT:
            var info = stat()
            if path.withCString({ lstat($0, &info) }) == 0, info.st_mode & S_IFMT == S_IFLNK {
                let target = linkTarget(path).map { " to \(InputPath.escape($0))" } ?? ""
                return "is a symbolic link\(target), which does not exist; fix or remove the link"
            }
            return "no such file or folder; check the path"
        case ELOOP: return "is a symbolic link that loops back on itself; fix or remove the link"
        case ENOTDIR: return "no such file or folder (a part of the path is a file, not a folder); check the path"
        case EACCES: return "cannot be reached: a folder on its path cannot be searched (permission denied); check the folders' permissions"
        case ENAMETOOLONG: return "has a name too long for the system; shorten it"
        default: return "cannot be read (\(reason(code))); check the path"
        }
    }

    private static func linkTarget(_ path: InputPath) -> [UInt8]? {
        var buffer = [UInt8](repeating: 0, count: 4096)
        let count = path.withCString { name in
            buffer.withUnsafeMutableBytes { readlink(name, $0.baseAddress!.assumingMemoryBound(to: CChar.self), $0.count) }
        }
        return count > 0 ? Array(buffer[0..<count]) : nil
    }

    /// The system's words for an errno, in lower case: "permission denied".
    static func reason(_ code: Int32) -> String {
        guard let text = strerror(code) else { return "error \(code)" }
        let words = String(cString: text)
        return words.prefix(1).lowercased() + words.dropFirst()
    }
}

/// `read(2)`, again after a signal interrupts it.
func readRetrying(_ descriptor: Int32, _ buffer: UnsafeMutableRawPointer, _ count: Int) -> Int {
    while true {
        let result = read(descriptor, buffer, count)
        if result < 0 && errno == EINTR { continue }
        return result
    }
}
