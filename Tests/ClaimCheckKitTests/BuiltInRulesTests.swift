import ClaimCheckDefaultRules
import Foundation
import Testing
@testable import ClaimCheckKit

/// The rules built into the binary: the same tree as the checkout's `Rules/`,
/// read by the loaders like a folder on disk.
struct BuiltInRulesTests {
    /// The checkout's rule files as the build embeds them: `.yml`, `.yaml` and
    /// `.md` at any depth, hidden ones aside, by path from the repository root.
    static func checkoutFiles() throws -> [String: [UInt8]] {
        let root = URL(fileURLWithPath: repositoryRoot + "/Rules").resolvingSymlinksInPath()
        let walker = try #require(FileManager.default.enumerator(at: root, includingPropertiesForKeys: [.isRegularFileKey],
                                                                 options: [.skipsHiddenFiles]))
        var files: [String: [UInt8]] = [:]
        for case let url as URL in walker where ["yml", "yaml", "md"].contains(url.pathExtension) {
            let path = url.resolvingSymlinksInPath().path
            files["Rules/" + String(path.dropFirst(root.path.count + 1))] = try [UInt8](Data(contentsOf: url))
        }
        return files
    }

    @Test func theEmbeddedTreeHasEveryRuleFileOfTheCheckoutByteForByte() throws {
        let disk = try Self.checkoutFiles()
        let embedded = Dictionary(uniqueKeysWithValues: DefaultRules.files.files.map { ($0.path, [UInt8]($0.text.utf8)) })
        // A stale embed (a rule file edited, added or removed and the plugin not rerun) fails here.
        #expect(embedded.keys.sorted() == disk.keys.sorted())
        for (path, bytes) in disk { #expect(embedded[path] == bytes, "\(path) differs from its embedded copy") }
        #expect(disk.count >= 40)
        #expect(disk.keys.contains("Rules/verdicts.yml"))
        #expect(disk.keys.contains { $0.hasSuffix("/README.md") })
        #expect(disk.keys.contains { $0.hasPrefix("Rules/domains/") && $0.hasSuffix("/domain.yml") })
    }

    @Test func theBuiltInRulesLoadAndJudgeLikeTheCheckouts() throws {
        let folder = DefaultRules.mount()
        #expect(folder == "<built-in>/Rules")
        let builtIn = try ClaimChecker.load(rulesFolder: folder)
        #expect(builtIn.book.rules.map(\.id) == sharedChecker.book.rules.map(\.id))
        #expect(builtIn.registry.interventions.map(\.id) == sharedChecker.registry.interventions.map(\.id))
        for name in ["overclaim.md", "attribution.html", "balanced.txt"] {
            let bytes = try [UInt8](Data(contentsOf: URL(fileURLWithPath: fixturePath(name))))
            let expected = sharedChecker.check(bytes, source: name).verdicts
            let got = builtIn.check(bytes, source: name).verdicts
            #expect(got.map(\.rule) == expected.map(\.rule), "\(name)")
            #expect(got.map(\.verdict) == expected.map(\.verdict), "\(name)")
            #expect(got.map(\.claim) == expected.map(\.claim), "\(name)")
        }
        #expect(sharedChecker.check(try [UInt8](Data(contentsOf: URL(fileURLWithPath: fixturePath("overclaim.md")))),
                                    source: "overclaim.md").verdicts.contains { $0.verdict == .overstated })
    }

    /// A small tree of its own name, so it never touches the `built-in` mount other tests read.
    static let sample = BuiltInFiles(name: "sample", files: [
        .init(path: "Rules/lexicon.yml", text: "\u{FEFF}lists:\n  hedges: [may]\n"),
        .init(path: "Rules/broken.yml", text: "rules:\n  - id: certainty.x\n    kind: phrase\n    frobnicate: yes\n"),
        .init(path: "Rules/packs/one/conditions.yml", text: "conditions: []\n"),
        .init(path: "Rules/packs/one/notes.md", text: "# One\n"),
    ])

    @Test func aMountedTreeReadsLikeAFolder() throws {
        Self.sample.mount()
        #expect(FileLoader.isFolder("<sample>/Rules"))
        #expect(FileLoader.isFolder("<sample>/Rules/packs/one/"))
        #expect(FileLoader.isFolder("<sample>/Rules/./packs"))
        #expect(!FileLoader.isFolder("<sample>/Rules/lexicon.yml"))
        #expect(!FileLoader.isFolder("<elsewhere>/Rules"))
        #expect(FileLoader.exists("<sample>/Rules/lexicon.yml"))
        #expect(FileLoader.exists("<sample>/Rules/packs"))
        #expect(!FileLoader.exists("<sample>/Rules/verdicts.yml"))
        #expect(FileLoader.yamlFiles(in: "<sample>/Rules") == ["broken.yml", "lexicon.yml"])
        #expect(FileLoader.yamlFiles(in: "<sample>/Rules/packs/one") == ["conditions.yml"])
        #expect(FileLoader.yamlFiles(in: "<sample>/Rules/packs") == [])
        #expect(FileLoader.subfolders(of: "<sample>/Rules") == ["packs"])
        #expect(FileLoader.subfolders(of: "<sample>/Rules/packs") == ["one"])
        #expect(FileLoader.subfolders(of: "<sample>/Rules/packs/one") == [])
        // The byte-order mark goes, as it does from a file on disk.
        #expect(try FileLoader.readText("<sample>/Rules/lexicon.yml") == "lists:\n  hedges: [may]\n")
    }

    @Test func mistakesInABuiltInFileNameItsBuiltInPath() throws {
        Self.sample.mount()
        #expect(throws: ConfigurationError.self) { try FileLoader.readText("<sample>/Rules/verdicts.yml") }
        do {
            _ = try FileLoader.readText("<sample>/Rules/packs")
            Issue.record("a folder read as a file")
        } catch {
            #expect(error.description.hasPrefix("<sample>/Rules/packs: error: is a folder, where a file is expected"))
        }
        do {
            _ = try RuleLoader().load(folder: "<sample>/Rules")
            Issue.record("a rule with an unknown key loaded")
        } catch {
            let first = try #require(error.errors.first)
            #expect(first.file == "<sample>/Rules/broken.yml")
            #expect(first.line == 4)
            #expect(error.description.hasPrefix("<sample>/Rules/broken.yml:4:5: error: "))
        }
        do {
            _ = try ClaimChecker.load(rulesFolder: "<sample>/Nowhere")
            Issue.record("a missing built-in folder loaded")
        } catch {
            #expect(error.description.hasPrefix("<sample>/Nowhere: error: rules folder not found"))
        }
    }

    @Test func exportWritesTheTreeAndNeverOverwrites() throws {
        let folder = NSTemporaryDirectory() + "builtin-export-\(UUID().uuidString)"
        defer { try? FileManager.default.removeItem(atPath: folder) }
        let written = try Self.sample.export("Rules", to: folder)
        #expect(written.map { String($0.dropFirst(folder.count + 1)) }
                == ["broken.yml", "lexicon.yml", "packs/one/conditions.yml", "packs/one/notes.md"])
        #expect(try [UInt8](Data(contentsOf: URL(fileURLWithPath: folder + "/lexicon.yml"))) == [UInt8]("\u{FEFF}lists:\n  hedges: [may]\n".utf8))
        try "mine\n".write(toFile: folder + "/packs/one/notes.md", atomically: true, encoding: .utf8)
        #expect(throws: BuiltInFiles.ExportError.self) { try Self.sample.export("Rules", to: folder) }
        #expect(try String(contentsOfFile: folder + "/packs/one/notes.md", encoding: .utf8) == "mine\n")
    }
}
