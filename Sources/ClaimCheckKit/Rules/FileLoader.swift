import Foundation
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Reads the YAML files ClaimCheck is configured by (rule files, lexicon, verdict
/// policy, registry, `.claimcheck.yml`) as UTF-8 text, with errors a user can act on:
/// a folder or a device where a file should be, a file too large to be one of ours,
/// and the line and column of the first byte that is not UTF-8.
///
/// Every rule and registry loader reads through it, so a path of the form
/// `<built-in>/Rules/…` reads the tree mounted by `BuiltInFiles` the same way
/// as a folder on disk.
enum FileLoader {
    /// The largest file read (1 MiB). The shipped files are under 10 KB; a file
    /// this large is generated or pasted by mistake, and parsing it would take
    /// seconds and hundreds of megabytes.
    static let maximumSize = 1 << 20

    static func readText(_ path: String) throws(ConfigurationError) -> String {
        if let (tree, relative) = BuiltInFiles.resolve(path) {
            guard let text = tree.text(of: relative) else {
                if tree.isFolder(relative) {
                    throw ConfigurationError(file: path, message: "is a folder, where a file is expected",
                                             fix: "name the YAML file itself")
                }
                throw ConfigurationError(file: path, message: "file not found",
                                         fix: "check the path; `claimcheck rules export FOLDER` writes the built-in files out to look at")
            }
            if text.utf8.count > maximumSize { throw tooLarge(path, size: text.utf8.count) }
            return try decode(Array(text.utf8), file: path)
        }
        var info = stat()
        guard stat(path, &info) == 0 else {
            let reason = errno
            if reason == EACCES {
                throw ConfigurationError(file: path, message: "cannot read this file: permission denied",
                                         fix: "make it readable (chmod a+r)")
            }
            throw ConfigurationError(file: path, message: "file not found", fix: "check the path, or restore the file")
        }
        switch info.st_mode & S_IFMT {
        case S_IFREG: break
        case S_IFDIR:
            throw ConfigurationError(file: path, message: "is a folder, where a file is expected",
                                     fix: "name the YAML file itself, or rename the folder")
        default:
            throw ConfigurationError(file: path, message: "is not a regular file (a device, pipe or socket)",
                                     fix: "name a YAML file saved on disk")
        }
        if Int(info.st_size) > maximumSize { throw tooLarge(path, size: Int(info.st_size)) }
        guard let handle = FileHandle(forReadingAtPath: path) else {
            throw ConfigurationError(file: path, message: "cannot read this file: permission denied",
                                     fix: "make it readable (chmod a+r)")
        }
        defer { try? handle.close() }
        let data: Data
        do { data = try handle.read(upToCount: maximumSize + 1) ?? Data() } catch {
            throw ConfigurationError(file: path, message: "cannot read this file: \(error.localizedDescription)",
                                     fix: "check the disk and the file's permissions")
        }
        if data.count > maximumSize { throw tooLarge(path, size: data.count) }
        return try decode(Array(data), file: path)
    }

    static func tooLarge(_ path: String, size: Int) -> ConfigurationError {
        let megabytes = String(format: "%.1f", Double(size) / Double(1 << 20))
        return ConfigurationError(file: path, message: "is \(megabytes) MB; ClaimCheck reads YAML files of at most 1 MB",
                                  fix: "split it into smaller files (rule files: several files in the rules folder; registry: one file per intervention)")
    }

    /// UTF-8 text without its byte-order mark, or an error at the first bad byte.
    static func decode(_ bytes: [UInt8], file: String) throws(ConfigurationError) -> String {
        if bytes.starts(with: [0xFF, 0xFE]) || bytes.starts(with: [0xFE, 0xFF]) {
            throw ConfigurationError(file: file, line: 1, column: 1, message: "the file is UTF-16 text, not UTF-8",
                                     fix: "save the file as UTF-8")
        }
        let body = bytes.starts(with: [0xEF, 0xBB, 0xBF]) ? Array(bytes.dropFirst(3)) : bytes
        if let bad = firstInvalidUTF8(body) {
            let (line, column) = lineAndColumn(ofByte: bad, in: body)
            let byte = String(format: "0x%02X", body[bad])
            throw ConfigurationError(file: file, line: line, column: column,
                                     message: "byte \(byte) is not UTF-8 (the file looks like Latin-1 or Windows-1252 text)",
                                     fix: "save the file as UTF-8")
        }
        return String(decoding: body, as: UTF8.self)
    }

    /// Offset of the first byte that does not belong to a well-formed UTF-8
    /// sequence (no overlong forms, no surrogates, nothing above U+10FFFF).
    static func firstInvalidUTF8(_ bytes: [UInt8]) -> Int? {
        bytes.withUnsafeBufferPointer { buffer in
            var index = 0
            while index < buffer.count {
                let width = DecodedSource.sequenceWidth(buffer, at: index)
                if width == 0 { return index }
                index += width
            }
            return nil
        }
    }

    /// 1-based line and column (in characters) of a byte offset in valid UTF-8 text.
    static func lineAndColumn(ofByte offset: Int, in bytes: [UInt8]) -> (Int, Int) {
        var line = 1, column = 1
        var index = 0
        while index < offset {
            let byte = bytes[index]
            if byte == 0x0A || (byte == 0x0D && (index + 1 >= bytes.count || bytes[index + 1] != 0x0A)) {
                line += 1; column = 1
            } else if byte & 0xC0 != 0x80 {
                column += 1
            }
            index += 1
        }
        return (line, column)
    }

    /// Whether a path is an existing folder.
    static func isFolder(_ path: String) -> Bool {
        if let (tree, relative) = BuiltInFiles.resolve(path) { return tree.isFolder(relative) }
        var isDirectory: ObjCBool = false
        return FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory) && isDirectory.boolValue
    }

    /// Whether a file or folder exists at a path.
    static func exists(_ path: String) -> Bool {
        if let (tree, relative) = BuiltInFiles.resolve(path) { return tree.isFolder(relative) || tree.text(of: relative) != nil }
        return FileManager.default.fileExists(atPath: path)
    }

    /// The folders inside a folder (not hidden), sorted by name.
    static func subfolders(of folder: String) -> [String] {
        if let (tree, relative) = BuiltInFiles.resolve(folder) { return tree.folderNames(in: relative).filter { !$0.hasPrefix(".") } }
        return ((try? FileManager.default.contentsOfDirectory(atPath: folder)) ?? [])
            .filter { !$0.hasPrefix(".") && isFolder((folder as NSString).appendingPathComponent($0)) }
            .sorted()
    }

    /// The YAML files of a folder (`.yml` and `.yaml`, not hidden), sorted by name.
    static func yamlFiles(in folder: String) -> [String] {
        let names: [String]
        if let (tree, relative) = BuiltInFiles.resolve(folder) {
            names = tree.fileNames(in: relative)
        } else {
            names = (try? FileManager.default.contentsOfDirectory(atPath: folder)) ?? []
        }
        return names
            .filter { ($0.hasSuffix(".yml") || $0.hasSuffix(".yaml")) && !$0.hasPrefix(".") }
            .sorted()
    }
}
