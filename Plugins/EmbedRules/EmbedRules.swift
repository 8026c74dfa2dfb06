import Foundation
import PackagePlugin

/// Embeds the package's `Rules/` folder into the target it is applied to, as one
/// generated Swift file in the plugin's work folder (never in the source tree).
///
/// Every `.yml`, `.yaml` and `.md` file under `Rules/` is embedded, at any depth,
/// hidden files and folders aside: packs are found by walking the tree, not by
/// name. Each file is a declared input, and the list of files is part of the
/// command, so editing, adding or removing a rule file rebuilds the target.
@main
struct EmbedRules: BuildToolPlugin {
    func createBuildCommands(context: PluginContext, target: Target) async throws -> [Command] {
        let rules = context.package.directoryURL.appendingPathComponent("Rules")
        let files = try Self.embeddedFiles(under: rules)
        let output = context.pluginWorkDirectoryURL.appendingPathComponent("EmbeddedRules.swift")
        return [
            .buildCommand(
                displayName: "Embedding Rules/ in \(target.name)",
                executable: try context.tool(named: "claimcheck-embed-rules").url,
                arguments: [output.path, rules.path] + files,
                inputFiles: files.map { rules.appendingPathComponent($0) },
                outputFiles: [output]
            ),
        ]
    }

    /// The paths under `folder` (relative to it) of the files to embed, sorted.
    static func embeddedFiles(under folder: URL) throws -> [String] {
        guard let walker = FileManager.default.enumerator(at: folder, includingPropertiesForKeys: [.isRegularFileKey],
                                                           options: [.skipsHiddenFiles]) else {
            throw PluginError("cannot read \(folder.path)")
        }
        let root = folder.standardizedFileURL.resolvingSymlinksInPath().path + "/"
        var paths: [String] = []
        for case let url as URL in walker {
            guard ["yml", "yaml", "md"].contains(url.pathExtension),
                  try url.resourceValues(forKeys: [.isRegularFileKey]).isRegularFile == true else { continue }
            let path = url.standardizedFileURL.resolvingSymlinksInPath().path
            guard path.hasPrefix(root) else { throw PluginError("\(url.path) lies outside \(folder.path)") }
            paths.append(String(path.dropFirst(root.count)))
        }
        guard !paths.isEmpty else { throw PluginError("\(folder.path) holds no rule files to embed") }
        return paths.sorted()
    }
}

struct PluginError: Error, CustomStringConvertible {
    var description: String
    init(_ description: String) { self.description = description }
}
