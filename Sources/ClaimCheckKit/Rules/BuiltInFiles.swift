import Foundation

/// A read-only tree of text files compiled into a binary: ClaimCheck's default
/// rules and registry packs, so a `claimcheck` copied to another folder or machine
/// works without `--rules`.
///
/// Once mounted, every loader reads the tree like a folder on disk, through
/// `FileLoader`: the path `<built-in>/Rules/verdicts.yml` names the file
/// `Rules/verdicts.yml` of the tree mounted as `built-in`. Paths keep that form in
/// error messages, so an editor sees which file of the defaults a problem is in.
/// The kit knows no tree of its own: the executables mount the one their build embeds.
public struct BuiltInFiles: Sendable {
    /// One file of the tree: its path from the tree's root (`Rules/lexicon.yml`) and its text.
    public struct File: Sendable, Equatable {
        public var path: String
        public var text: String

        public init(path: String, text: String) {
            self.path = path
            self.text = text
        }
    }

    /// The mount name: the tree's paths start with `<name>/`.
    public let name: String
    /// The files, sorted by path.
    public let files: [File]
    private let byPath: [String: Int]
    private let folders: Set<String>

    public init(name: String, files: [File]) {
        self.name = name
        self.files = files.sorted { $0.path < $1.path }
        byPath = Dictionary(self.files.enumerated().map { ($1.path, $0) }) { first, _ in first }
        var folders: Set<String> = [""]
        for file in files {
            var components = file.path.split(separator: "/").dropLast()
            while !components.isEmpty {
                folders.insert(components.joined(separator: "/"))
                components.removeLast()
            }
        }
        self.folders = folders
    }

    /// The path loaders read a file or folder of this tree by: `<built-in>/Rules`.
    public func path(_ relative: String) -> String {
        relative.isEmpty ? "<\(name)>" : "<\(name)>/\(relative)"
    }

    /// Makes the tree readable by every loader at `<name>/…`, replacing a tree
    /// mounted before under the same name. Mount before loading; reading is then
    /// safe from any thread.
    public func mount() {
        Self.table.set(self)
    }

    /// Writes the files under `folder` of the tree (`Rules`) into `destination`,
    /// creating folders as needed, and returns the paths written. Existing files
    /// are never overwritten: the first one found is an error, before anything is written.
    public func export(_ folder: String, to destination: String) throws -> [String] {
        let prefix = folder.isEmpty ? "" : folder + "/"
        let chosen = files.filter { $0.path.hasPrefix(prefix) }
        let manager = FileManager.default
        let targets = chosen.map { (destination as NSString).appendingPathComponent(String($0.path.dropFirst(prefix.count))) }
        if let existing = targets.first(where: { manager.fileExists(atPath: $0) }) {
            throw ExportError(message: "\(existing) already exists; export into an empty or new folder")
        }
        for (file, target) in zip(chosen, targets) {
            try manager.createDirectory(atPath: (target as NSString).deletingLastPathComponent, withIntermediateDirectories: true)
            guard manager.createFile(atPath: target, contents: Data(file.text.utf8)) else {
                throw ExportError(message: "cannot write \(target)")
            }
        }
        return targets
    }

    /// Why an export stopped.
    public struct ExportError: Error, CustomStringConvertible {
        public var message: String
        public var description: String { message }
    }

    // MARK: Reading, for FileLoader

    /// The mounted tree and the path inside it that `path` names, or nil when
    /// `path` is not of the form `<name>/…` with a tree mounted under `name`.
    static func resolve(_ path: String) -> (tree: BuiltInFiles, relative: String)? {
        guard path.hasPrefix("<"), let close = path.firstIndex(of: ">") else { return nil }
        let name = String(path[path.index(after: path.startIndex)..<close])
        let rest = path[path.index(after: close)...]
        guard rest.isEmpty || rest.hasPrefix("/"), let tree = table.tree(named: name) else { return nil }
        var components: [Substring] = []
        for component in rest.split(separator: "/") where component != "." {
            if component == ".." { if !components.isEmpty { components.removeLast() } } else { components.append(component) }
        }
        return (tree, components.joined(separator: "/"))
    }

    func isFolder(_ relative: String) -> Bool { folders.contains(relative) }

    func text(of relative: String) -> String? { byPath[relative].map { files[$0].text } }

    /// The names of the files directly inside a folder of the tree.
    func fileNames(in relative: String) -> [String] {
        let prefix = relative.isEmpty ? "" : relative + "/"
        return files.compactMap { file in
            guard file.path.hasPrefix(prefix) else { return nil }
            let name = file.path.dropFirst(prefix.count)
            return name.contains("/") ? nil : String(name)
        }
    }

    /// The names of the folders directly inside a folder of the tree, sorted.
    func folderNames(in relative: String) -> [String] {
        let prefix = relative.isEmpty ? "" : relative + "/"
        return folders.compactMap { folder in
            guard folder.hasPrefix(prefix), folder.count > prefix.count else { return nil }
            let name = folder.dropFirst(prefix.count)
            return name.contains("/") ? nil : String(name)
        }.sorted()
    }

    private static let table = MountTable()

    /// The mounted trees by name, behind a lock (mounted once at start, read by many threads).
    private final class MountTable: @unchecked Sendable {
        private let lock = NSLock()
        private var trees: [String: BuiltInFiles] = [:]

        func set(_ tree: BuiltInFiles) {
            lock.lock()
            defer { lock.unlock() }
            trees[tree.name] = tree
        }

        func tree(named name: String) -> BuiltInFiles? {
            lock.lock()
            defer { lock.unlock() }
            return trees[name]
        }
    }
}
