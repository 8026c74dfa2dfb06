import Foundation
import PackagePlugin

/// Embeds the package's `Rules/` folder into the target it is applied to, as one
/// generated Swift file in the plugin's work folder (never in the source tree).
///
/// The tool walks `Rules/` itself, so packs are found by walking the tree, not
/// by name. Every file under it is a declared input, so editing one reruns the
/// tool. SwiftPM plans plugin commands once and plans again only when a target's
/// folder changes: `Sources/ClaimCheckDefaultRules/Rules` is a link to `Rules/`
/// (excluded from the target's sources) so that adding or removing a rule file
/// is such a change, and the new file becomes an input too.
@main
struct EmbedRules: BuildToolPlugin {
    func createBuildCommands(context: PluginContext, target: Target) async throws -> [Command] {
        let rules = context.package.directoryURL.appendingPathComponent("Rules")
        let output = context.pluginWorkDirectoryURL.appendingPathComponent("EmbeddedRules.swift")
        return [
            .buildCommand(
                displayName: "Embedding the rule files in \(target.name)",
                executable: try context.tool(named: "claimcheck-embed-rules").url,
                arguments: [output.path, rules.path],
                inputFiles: Self.files(under: rules),
                outputFiles: [output]
            ),
        ]
    }

    /// Every file under `folder`, hidden ones aside.
    static func files(under folder: URL) -> [URL] {
        guard let walker = FileManager.default.enumerator(at: folder, includingPropertiesForKeys: [.isRegularFileKey],
                                                           options: [.skipsHiddenFiles]) else { return [] }
        return walker.compactMap { $0 as? URL }
            .filter { (try? $0.resourceValues(forKeys: [.isRegularFileKey]).isRegularFile) == true }
            .sorted { $0.path < $1.path }
    }
}
