import Foundation

/// Lists a folder recursively with POSIX calls on path bytes: every name is
/// listed as it is (newlines and bytes that are not UTF-8 included), a subfolder
/// that cannot be opened is listed as an error instead of vanishing, and
/// symbolic links to folders are not followed (as `find` does not).
public enum FolderWalker {
    public struct Entry: Sendable, Equatable {
        /// The path under the folder walked, e.g. `2024/page.html`.
        public var relative: [UInt8]
        public var path: InputPath
        /// Set for a folder that could not be listed.
        public var error: InputError?

        /// The relative path as text (invalid bytes replaced), for globs and extensions.
        public var relativeString: String { String(decoding: relative, as: UTF8.self) }
    }

    /// Every entry under `root` that is not a folder, plus the folders that could
    /// not be listed, in the order of their relative paths (compared as text,
    /// so ordinary names sort as they always have).
    public static func walk(_ root: InputPath) -> [Entry] {
        var entries: [Entry] = []
        var folders: [[UInt8]] = [[]]
        while let relative = folders.popLast() {
            let folder = relative.isEmpty ? root : root.appending(relative)
            guard let stream = folder.withCString({ opendir($0) }) else {
                let code = errno
                let message = code == EACCES || code == EPERM
                    ? "is a folder that cannot be read (permission denied), so the files in it were not checked; check its permissions"
                    : "is a folder that cannot be read (\(InputFileReader.reason(code))), so the files in it were not checked"
                entries.append(Entry(relative: relative, path: folder, error: InputError(path: folder.display, message: message)))
                continue
            }
            defer { closedir(stream) }
            while let entry = readdir(stream) {
                let name = withUnsafeBytes(of: entry.pointee.d_name) { raw in
                    Array(raw.prefix { $0 != 0 })
                }
                if name == [0x2E] || name == [0x2E, 0x2E] { continue }
                let child = relative.isEmpty ? name : relative + [UInt8(ascii: "/")] + name
                if isFolder(entry.pointee.d_type, root.appending(child)) {
                    folders.append(child)
                } else {
                    entries.append(Entry(relative: child, path: root.appending(child)))
                }
            }
        }
        return entries.map { ($0.relativeString, $0) }.sorted { left, right in
            left.0 != right.0 ? left.0 < right.0 : left.1.relative.lexicographicallyPrecedes(right.1.relative)
        }.map(\.1)
    }

    /// Whether to descend: a real folder, not a link to one.
    private static func isFolder(_ type: UInt8, _ path: InputPath) -> Bool {
        if type == UInt8(DT_DIR) { return true }
        if type != UInt8(DT_UNKNOWN) { return false }
        var info = stat()
        return path.withCString { lstat($0, &info) } == 0 && info.st_mode & S_IFMT == S_IFDIR
    }
}
