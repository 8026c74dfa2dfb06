import Foundation
import Testing

/// A `claimcheck` copied away from its checkout: it judges with the rules built into it.
struct BuiltInRulesCommandTests {
    /// A temporary folder holding a copy of the built tool in `bin/` and an empty `work/` to run it in.
    static func copiedTool() throws -> (root: String, tool: String, work: String) {
        guard let built = builtTool else { throw ToolMissing() }
        let root = NSTemporaryDirectory() + "builtin-rules-\(UUID().uuidString)"
        try FileManager.default.createDirectory(atPath: root + "/bin", withIntermediateDirectories: true)
        try FileManager.default.createDirectory(atPath: root + "/work", withIntermediateDirectories: true)
        try FileManager.default.copyItem(atPath: built, toPath: root + "/bin/claimcheck")
        return (root, root + "/bin/claimcheck", root + "/work")
    }

    /// Runs `tool` in `folder` with `CLAIMCHECK_RULES` unset.
    static func run(_ tool: String, _ arguments: [String], in folder: String) throws -> ToolRun {
        try runTool(arguments, in: folder, environment: ["CLAIMCHECK_RULES": nil], tool: tool)
    }

    static func verdicts(_ json: String) throws -> [(rule: String, verdict: String, line: Int)] {
        let object = try #require(try JSONSerialization.jsonObject(with: Data(json.utf8)) as? [String: Any])
        let verdicts = try #require(object["verdicts"] as? [[String: Any]])
        return verdicts.map { verdict in
            ((verdict["reasons"] as? [[String: Any]])?.first?["rule"] as? String ?? "?", verdict["verdict"] as? String ?? "?",
             (verdict["location"] as? [String: Int])?["line"] ?? 0)
        }
    }

    @Test func aCopiedBinaryChecksWithItsBuiltInRulesLikeTheCheckout() throws {
        let (root, tool, work) = try Self.copiedTool()
        defer { try? FileManager.default.removeItem(atPath: root) }
        for name in ["overclaim.md", "attribution.html", "balanced.txt"] {
            let fixture = fixturePath(name)
            let normal = try runTool([fixture, "--format", "json", "--rules", repositoryRoot + "/Rules"], in: repositoryRoot)
            let copied = try Self.run(tool, [fixture, "--format", "json"], in: work)
            #expect(copied.errors == "", "\(name)")
            #expect(copied.status == normal.status, "\(name)")
            #expect(copied.output == normal.output, "\(name)")
            let expected = try Self.verdicts(normal.output), got = try Self.verdicts(copied.output)
            #expect(got.map(\.rule) == expected.map(\.rule), "\(name)")
            #expect(got.map(\.verdict) == expected.map(\.verdict), "\(name)")
            #expect(got.map(\.line) == expected.map(\.line), "\(name)")
        }
        // The overclaims fail the gate with an overstated verdict, as from the checkout.
        let overclaim = try Self.run(tool, [fixturePath("overclaim.md"), "--format", "json"], in: work)
        #expect(overclaim.status == 1)
        #expect(try Self.verdicts(overclaim.output).contains { $0.verdict == "overstated" })
        #expect(try Self.run(tool, [fixturePath("balanced.txt")], in: work).status == 0)
    }

    @Test func aCopiedBinaryRunsItsRuleExamplesLintsItsRegistryAndAuditsInWorkers() throws {
        let (root, tool, work) = try Self.copiedTool()
        defer { try? FileManager.default.removeItem(atPath: root) }
        let examples = try Self.run(tool, ["rules", "test"], in: work)
        #expect(examples.status == 0)
        #expect(examples.output.hasSuffix(" passed, 0 failed\n"))
        let checkout = try runTool(["rules", "test", "--rules", repositoryRoot + "/Rules"], in: repositoryRoot)
        #expect(examples.output == checkout.output)
        let lint = try Self.run(tool, ["registry", "lint"], in: work)
        #expect(lint.status == 0)
        #expect(lint.output.hasSuffix("; 0 problems\n"))
        // Audit workers are handed `--rules <built-in>/Rules` and read the same tree.
        try FileManager.default.copyItem(atPath: fixturePath("overclaim.html"), toPath: work + "/page.html")
        let audit = try Self.run(tool, ["audit", "page.html", "--jobs", "2", "--quiet"], in: work)
        #expect(audit.status == 0)
        let report = try #require(try JSONSerialization.jsonObject(with: Data(audit.output.utf8)) as? [String: Any])
        #expect(report["source"] as? String == "page.html")
        #expect((report["verdicts"] as? [[String: Any]])?.isEmpty == false)
    }

    @Test func rulesExportWritesTheBuiltInRulesAUserCanStartFrom() throws {
        let (root, tool, work) = try Self.copiedTool()
        defer { try? FileManager.default.removeItem(atPath: root) }
        let exported = try Self.run(tool, ["rules", "export", "ours"], in: work)
        #expect(exported.status == 0)
        let files = try BuiltInRulesTests.checkoutFiles()
        #expect(exported.output == "wrote \(files.count) files to ours\n")
        for (path, bytes) in files {
            let copy = work + "/ours/" + path.dropFirst("Rules/".count)
            #expect(try [UInt8](Data(contentsOf: URL(fileURLWithPath: copy))) == bytes, "\(path)")
        }
        let again = try Self.run(tool, ["rules", "export", "ours"], in: work)
        #expect(again.status == 2)
        #expect(again.errors.hasPrefix("claimcheck: ours/"))
        #expect(again.errors.hasSuffix(" already exists; export into an empty or new folder\n"))
        // The exported folder is a rules folder: --rules reads it, and a mistake in it names its path.
        #expect(try Self.run(tool, ["registry", "lint", "--rules", "ours"], in: work).status == 0)
        try "rules:\n  - id: certainty.extra\n    kind: phrase\n    colour: blue\n".write(toFile: work + "/ours/extra.yml", atomically: true, encoding: .utf8)
        let broken = try Self.run(tool, [fixturePath("balanced.txt"), "--rules", "ours"], in: work)
        #expect(broken.status == 2)
        #expect(broken.errors.contains("ours/extra.yml:4:5: error: "))
    }
}
