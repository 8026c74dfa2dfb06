import ClaimCheckKit
import Foundation

/// The rules and registry packs this build of ClaimCheck ships: the package's
/// `Rules/` folder, embedded in the binary at build time by the EmbedRules plugin
/// (`embeddedRuleFiles` is generated in the build folder, never checked in).
public enum DefaultRules {
    /// The embedded tree, mounted as `built-in`.
    public static let files = BuiltInFiles(name: "built-in",
                                           files: embeddedRuleFiles.map { BuiltInFiles.File(path: $0.path, text: $0.text) })

    /// The embedded rules folder as loaders read it: `<built-in>/Rules`.
    public static let folder = files.path("Rules")

    /// Mounts the embedded tree and returns `folder`.
    @discardableResult
    public static func mount() -> String {
        files.mount()
        return folder
    }

    /// The rules folder a command reads, in order: `explicit` (`--rules`), then
    /// `$CLAIMCHECK_RULES`, then `./Rules`, then the `Rules/` of a checkout among
    /// `checkouts` (a binary built in `.build/debug` reads the rules being edited),
    /// and last the rules built into the binary, so a copied binary still works.
    ///
    /// The built-in tree is mounted in every case, so `--rules <built-in>/Rules`
    /// (which `audit` hands its workers) reads it too.
    public static func resolve(explicit: String?, checkouts: [String] = []) -> String {
        let builtIn = mount()
        if let explicit { return explicit }
        if let environment = ProcessInfo.processInfo.environment["CLAIMCHECK_RULES"], !environment.isEmpty { return environment }
        let manager = FileManager.default
        if manager.fileExists(atPath: "Rules/verdicts.yml") { return "Rules" }
        for checkout in checkouts where manager.fileExists(atPath: checkout + "/Rules/verdicts.yml") { return checkout + "/Rules" }
        return builtIn
    }

    /// The folder of the running binary and the three above it, where a checkout
    /// that built the binary (`.build/debug/claimcheck`) keeps its `Rules/`.
    public static var foldersAboveExecutable: [String] {
        var url = URL(fileURLWithPath: CommandLine.arguments[0]).resolvingSymlinksInPath().deletingLastPathComponent()
        var folders: [String] = []
        for _ in 0..<4 {
            folders.append(url.path)
            url.deleteLastPathComponent()
        }
        return folders
    }
}
