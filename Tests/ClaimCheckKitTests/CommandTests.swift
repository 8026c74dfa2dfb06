import Foundation
import Testing

/// The `claimcheck` command as a CI pipeline uses it: exit codes and output.
struct CommandTests {
    static let executable = builtTool

    typealias Run = ToolRun

    func run(_ arguments: [String], stdin: String? = nil, environment: [String: String?] = [:]) throws -> Run {
        try runTool(arguments + ["--rules", repositoryRoot + "/Rules"], in: repositoryRoot, stdin: stdin, environment: environment)
    }

    @Test func overclaimFailsTheGateAndBalancedPasses() throws {
        #expect(try run(["Fixtures/overclaim.html"]).status == 1)
        #expect(try run(["Fixtures/attribution.md"]).status == 1)
        #expect(try run(["Fixtures/balanced.txt"]).status == 0)
        #expect(try run(["Fixtures/overclaim.html", "--fail-on", "never"]).status == 0)
    }

    /// The tool allocates with jemalloc (the CJemalloc target in Package.swift): asked
    /// for its statistics at exit, jemalloc prints them, where glibc's malloc would
    /// ignore the setting. Linked after libc, it would silently not be used.
    @Test func theToolAllocatesWithJemalloc() throws {
        let result = try run(["Fixtures/balanced.txt"], environment: ["MALLOC_CONF": "stats_print:true"])
        #expect(result.status == 0)
        #expect(result.errors.hasPrefix("___ Begin jemalloc statistics ___\n"))
        #expect(result.output.hasPrefix("Fixtures/balanced.txt"))
    }

    @Test func registryListGivesEachInterventionsDomainIdAndName() throws {
        let text = try run(["registry", "list"])
        #expect(text.status == 0)
        let lines = text.output.split(separator: "\n").map(String.init)
        #expect(lines.contains("hair-loss  topical-minoxidil  Topical minoxidil"))
        #expect(lines.contains("supplements  vitamin-c  Vitamin C (oral)"))
        // Every pack's entries are listed; one pack's with --domain (the hair-loss pack has 25).
        let hairLoss = try run(["registry", "list", "--domain", "hair-loss"]).output.split(separator: "\n").map(String.init)
        #expect(hairLoss.count == 25)
        #expect(hairLoss.allSatisfy { $0.hasPrefix("hair-loss  ") })
        #expect(lines.count > hairLoss.count)
        #expect(Set(hairLoss).isSubset(of: Set(lines)))
        let json = try run(["registry", "list", "--format", "json", "--domain", "hair-loss"])
        #expect(json.status == 0)
        let entries = try #require(try JSONSerialization.jsonObject(with: Data(json.output.utf8)) as? [[String: Any]])
        #expect(entries.count == 25)
        let rosemary = try #require(entries.first { $0["id"] as? String == "rosemary-oil" })
        #expect(rosemary["domain"] as? String == "hair-loss")
        #expect(rosemary["name"] as? String == "Rosemary oil")
        #expect((rosemary["conditions"] as? [String])?.contains("androgenetic-alopecia") == true)
        let unknown = try run(["registry", "list", "--domain", "skin-care"])
        #expect(unknown.status == 2)
        #expect(unknown.output.isEmpty)
        // The known packs are named in order; others may sit beside hair-loss.
        #expect(unknown.errors.hasPrefix("claimcheck: no domain 'skin-care' in the registry; known: "))
        #expect(unknown.errors.contains("hair-loss"))
    }

    @Test func rulesListSaysWhichRulesAreOffByDefault() throws {
        let result = try run(["rules", "list"])
        #expect(result.status == 0)
        let lines = result.output.split(separator: "\n").map(String.init)
        #expect(lines.contains("certainty.superlative (off by default: turn it on with `enable: [certainty.superlative]` in .claimcheck.yml)  [phrase]  A treatment called the most powerful, the best or unrivalled."))
        #expect(lines.contains { $0.hasPrefix("certainty.hype  [phrase]  ") })
        #expect(lines.filter { $0.contains("(off by default") }.map { String($0.prefix { $0 != " " }) } == [
            "certainty.superlative",
            "study.causal-from-observational", "study.animal-as-human", "study.early-trial-overclaim",
        ])
    }

    @Test func textOutputReadsLikeACompiler() throws {
        let result = try run(["Fixtures/overclaim.md", "--show", "error"])
        let first = try #require(result.output.split(separator: "\n").first)
        #expect(first.hasPrefix("Fixtures/overclaim.md:"))
        #expect(first.contains(": error: overstated: "))
    }

    @Test func jsonReportHasTheDocumentedShape() throws {
        let result = try run(["Fixtures/attribution.html", "--format", "json"])
        let object = try #require(try JSONSerialization.jsonObject(with: Data(result.output.utf8)) as? [String: Any])
        #expect(object["schemaVersion"] as? Int == 1)
        #expect(object["gate"] as? String == "fail")
        #expect(object["format"] as? String == "html")
        let verdicts = try #require(object["verdicts"] as? [[String: Any]])
        let quote = try #require(verdicts.first { ($0["reasons"] as? [[String: Any]])?.first?["rule"] as? String == "attribution.vague-credential" })
        let location = try #require(quote["location"] as? [String: Int])
        for key in ["line", "column", "endLine", "endColumn", "offset", "length"] { #expect(location[key] != nil, "location.\(key)") }
        #expect(quote["speaker"] as? String != nil)
        #expect(quote["kind"] as? String == "attribution")
        #expect(quote["severity"] as? String == "error")
        // Blocks are counted by the region they were read as, flagged or not.
        let summary = try #require(object["summary"] as? [String: Any])
        #expect(summary["blocks"] as? Int == 27)
        #expect(summary["blocksByRegion"] as? [String: Int] == ["body": 23, "comments": 1, "related": 3])
    }

    /// `check` picks a folder's documents by the same table of extensions as `audit`.
    @Test func checkAndAuditReadTheSameFilesOfAFolder() throws {
        let folder = try TemporaryFolder("extensions")
        try folder.write("pages/saved.php", "<html><body><p>Plain words about a walk.</p></body></html>\n")
        try folder.write("pages/draft.mdx", "# A draft\n\nPlain words about a walk.\n")
        try folder.write("pages/settings.yml", "a: b\n")
        let check = try run(["check", folder.path + "/pages", "--format", "json", "--fail-on", "never"])
        let reports = try #require(try JSONSerialization.jsonObject(with: Data(check.output.utf8)) as? [[String: Any]])
        let audit = try run(["audit", folder.path + "/pages", "--quiet", "--jobs", "1"])
        let audited = audit.output.split(separator: "\n").compactMap { line in
            (try? JSONSerialization.jsonObject(with: Data(line.utf8)) as? [String: Any])?["source"] as? String
        }
        #expect(reports.compactMap { ($0["source"] as? String).map { ($0 as NSString).lastPathComponent } }.sorted() == ["draft.mdx", "saved.php"])
        #expect(audited.map { ($0 as NSString).lastPathComponent }.sorted() == ["draft.mdx", "saved.php"])
    }

    @Test func severalPathsGiveAJSONArray() throws {
        let result = try run(["Fixtures/balanced.md", "Fixtures/balanced.txt", "--format", "json"])
        let array = try #require(try JSONSerialization.jsonObject(with: Data(result.output.utf8)) as? [[String: Any]])
        #expect(array.map { $0["source"] as? String } == ["Fixtures/balanced.md", "Fixtures/balanced.txt"])
    }

    @Test func anUnreadableInputExitsTwoAndTheOthersAreStillChecked() throws {
        let result = try run(["Fixtures/no-such-file.md", "Fixtures/overclaim.md"])
        #expect(result.status == 2)
        #expect(result.errors.contains("Fixtures/no-such-file.md: error: no such file"))
        #expect(result.output.contains("Fixtures/overclaim.md:"))
    }

    @Test func standardInputNeedsNoFile() throws {
        let result = try run(["-", "--input-format", "text"], stdin: "Biotin is a miracle cure for hair loss.\n")
        // "Miracle" asserts proof; biotin's evidence is insufficient: overstated, an error.
        #expect(result.status == 1)
        #expect(result.output.hasPrefix("<stdin>:1:1: error: overstated:"))
    }

    @Test func badUsageExitsTwo() throws {
        #expect(try run(["Fixtures/balanced.md", "--fail-on", "sometimes"]).status == 2)
        #expect(try run(["Fixtures/balanced.md", "--regions", "sidebar"]).status == 2)
    }

    @Test func rulesTestAndRegistryLintPass() throws {
        let rules = try run(["rules", "test"])
        #expect(rules.status == 0)
        #expect(rules.output.contains(" passed, 0 failed"))
        let lint = try run(["registry", "lint"])
        #expect(lint.status == 0)
        let show = try run(["registry", "show", "Rogaine"])
        #expect(show.output.hasPrefix("Topical minoxidil (topical-minoxidil, drug, pack hair-loss)"))
    }
}

/// The gate features through the command, as CI runs them.
struct GateCommandTests {
    let command = CommandTests()

    @Test func outputToAFileKeepsTheExitCode() throws {
        let path = NSTemporaryDirectory() + "out-\(UUID().uuidString).sarif"
        let result = try command.run(["Fixtures/overclaim.md", "--format", "sarif", "--output", path])
        #expect(result.status == 1)
        #expect(result.output.isEmpty)
        let written = try String(contentsOfFile: path, encoding: .utf8)
        #expect(written.contains("\"version\" : \"2.1.0\""))
    }

    @Test func baselineRoundTripThroughTheCommand() throws {
        let folder = NSTemporaryDirectory() + "baseline-\(UUID().uuidString)"
        try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
        let post = folder + "/post.md", baseline = folder + "/baseline.json"
        let original = try String(contentsOfFile: fixturePath("overclaim.md"), encoding: .utf8)
        try original.write(toFile: post, atomically: true, encoding: .utf8)
        let created = try command.run(["baseline", "create", post, "--output", baseline])
        #expect(created.status == 0)
        #expect(created.output.hasSuffix("written to \(baseline)\n"))
        try ("A new first paragraph, added by an editor.\n\n" + original).write(toFile: post, atomically: true, encoding: .utf8)
        #expect(try command.run([post, "--baseline", baseline]).status == 0)
        try ("A new first paragraph.\n\nRosemary oil is guaranteed to regrow hair for everyone.\n\n" + original)
            .write(toFile: post, atomically: true, encoding: .utf8)
        let failing = try command.run([post, "--baseline", baseline, "--show", "error"])
        #expect(failing.status == 1)
        let errors = failing.output.split(separator: "\n").filter { $0.contains(": error: ") }
        #expect(errors.count == 1)
        #expect(errors.first?.hasPrefix("\(post):3:1: error: overstated:") == true)
    }

    @Test func aMissingConfigIsAnError() throws {
        let result = try command.run(["Fixtures/balanced.md", "--config", "no-such-config.yml"])
        #expect(result.status == 2)
        #expect(result.errors.contains("no-such-config.yml: error: config file not found"))
    }
}

/// `claimcheck audit` as an audit team runs it.
struct AuditCommandTests {
    let command = CommandTests()

    func folder(_ count: Int) throws -> String {
        let folder = NSTemporaryDirectory() + "audit-\(UUID().uuidString)"
        try FileManager.default.createDirectory(atPath: folder + "/pages", withIntermediateDirectories: true)
        for index in 0..<count {
            let text = index % 2 == 0 ? "<p>Biotin is a miracle cure for hair loss (\(index)).</p>" : "<p>Nothing to flag here (\(index)).</p>"
            try text.write(toFile: folder + "/pages/page-\(String(format: "%03d", index)).html", atomically: true, encoding: .utf8)
        }
        return folder
    }

    func sources(_ path: String) throws -> [String] {
        try String(contentsOfFile: path, encoding: .utf8).split(separator: "\n").map { line in
            (try JSONSerialization.jsonObject(with: Data(line.utf8)) as? [String: Any])?["source"] as? String ?? "?"
        }
    }

    @Test func aResumedAuditHasEveryDocumentExactlyOnce() throws {
        let folder = try folder(30)
        let output = folder + "/reports.jsonl"
        #expect(try command.run(["audit", folder + "/pages", "--output", output, "--quiet"]).status == 0)
        let full = try sources(output)
        #expect(full.count == 30)
        // Kill it halfway: keep 12 whole lines and half of the 13th.
        let lines = try String(contentsOfFile: output, encoding: .utf8).split(separator: "\n", omittingEmptySubsequences: false)
        let torn = lines.prefix(12).joined(separator: "\n") + "\n" + String(lines[12].prefix(40))
        try torn.write(toFile: output, atomically: true, encoding: .utf8)
        let resumed = try command.run(["audit", folder + "/pages", "--output", output, "--resume"])
        #expect(resumed.status == 0)
        #expect(resumed.errors.contains("resumed: 12 documents already in"))
        let after = try sources(output)
        #expect(after == full)
        #expect(Set(after).count == 30)
    }

    @Test func jsonlOnStandardInputAndASummaryFile() throws {
        let folder = try folder(0)
        let summary = folder + "/summary.json"
        let input = #"{"id": "one", "content": "Scalp massage cures baldness."}"# + "\n" + #"{"id": "two", "content": "Nothing."}"# + "\n"
        let result = try command.run(["audit", "-", "--summary", summary, "--quiet"], stdin: input)
        #expect(result.status == 0)
        #expect(result.output.split(separator: "\n").count == 2)
        let object = try #require(try JSONSerialization.jsonObject(with: Data(contentsOf: URL(fileURLWithPath: summary))) as? [String: Any])
        #expect(object["documents"] as? Int == 2)
        #expect((object["byRule"] as? [String: Int])?["evidence.strength"] == 1)
    }

    @Test func shardsTogetherCoverTheInput() throws {
        let folder = try folder(20)
        var all: [String] = []
        for shard in 1...3 {
            let output = folder + "/part-\(shard).jsonl"
            #expect(try command.run(["audit", folder + "/pages", "--shard", "\(shard)/3", "--output", output, "--quiet"]).status == 0)
            all += try sources(output)
        }
        #expect(all.count == 20 && Set(all).count == 20)
        #expect(try command.run(["audit", folder + "/pages", "--shard", "4/3"]).status == 2)
    }

    /// `--output` is written as the documents are checked, into a file beside it that
    /// takes its place only when the run ends well: a run that stops on a broken
    /// config leaves the previous report whole, and a folder that is not there is
    /// reported before anything is checked.
    @Test func outputFileReplacesThePreviousOneOnlyWhenTheRunEndsWell() throws {
        let folder = NSTemporaryDirectory() + "claimcheck-output-\(UUID().uuidString)"
        defer { try? FileManager.default.removeItem(atPath: folder) }
        try FileManager.default.createDirectory(atPath: folder + "/site/later", withIntermediateDirectories: true)
        try "Curcumin cures arthritis, doctors say.\n".write(toFile: folder + "/site/a.md", atomically: true, encoding: .utf8)
        try "Vitamin C may shorten colds a little, a review found.\n".write(toFile: folder + "/site/b.md", atomically: true, encoding: .utf8)
        try "Zinc is proven to cure colds.\n".write(toFile: folder + "/site/later/c.md", atomically: true, encoding: .utf8)
        try "fail-on: sometimes\n".write(toFile: folder + "/site/later/.claimcheck.yml", atomically: true, encoding: .utf8)
        try "previous report\n".write(toFile: folder + "/report.json", atomically: true, encoding: .utf8)

        let broken = try runTool(["check", "site", "--format", "json", "--output", "report.json", "--rules", repositoryRoot + "/Rules"], in: folder)
        #expect(broken.status == 2)
        #expect(broken.errors.contains("later/.claimcheck.yml"))
        #expect(try String(contentsOfFile: folder + "/report.json", encoding: .utf8) == "previous report\n")
        #expect(try FileManager.default.contentsOfDirectory(atPath: folder).sorted() == ["report.json", "site"])

        try FileManager.default.removeItem(atPath: folder + "/site/later/.claimcheck.yml")
        let written = try runTool(["check", "site", "--format", "json", "--output", "report.json", "--rules", repositoryRoot + "/Rules"], in: folder)
        let printed = try runTool(["check", "site", "--format", "json", "--rules", repositoryRoot + "/Rules"], in: folder)
        #expect(written.status == 1 && printed.status == 1)
        #expect(written.output.isEmpty)
        let file = try String(contentsOfFile: folder + "/report.json", encoding: .utf8)
        #expect(file == printed.output)
        let reports = try #require(try JSONSerialization.jsonObject(with: Data(file.utf8)) as? [[String: Any]])
        #expect(reports.map { $0["source"] as? String } == ["site/a.md", "site/b.md", "site/later/c.md"])

        let missing = try runTool(["check", "site", "--output", "nowhere/report.json", "--rules", repositoryRoot + "/Rules"], in: folder)
        #expect(missing.status == 2)
        #expect(missing.errors == "claimcheck: cannot write nowhere/report.json: No such file or directory (check that its folder exists and is writable)\n")
    }

    /// A CI job's timeout (SIGTERM; Ctrl-C's SIGINT alike) halfway through a run with `--output` leaves no
    /// partial file beside it and the previous report whole.
    @Test func anInterruptedRunLeavesThePreviousOutputAndNoPartialFile() throws {
        let folder = NSTemporaryDirectory() + "claimcheck-interrupt-\(UUID().uuidString)"
        defer { try? FileManager.default.removeItem(atPath: folder) }
        try FileManager.default.createDirectory(atPath: folder + "/site", withIntermediateDirectories: true)
        let page = String(repeating: "Curcumin cures arthritis, doctors say. A study of 40 people found it helped.\n\n", count: 200)
        for index in 0..<400 { try page.write(toFile: folder + "/site/page-\(index).md", atomically: false, encoding: .utf8) }
        try "previous report\n".write(toFile: folder + "/report.json", atomically: true, encoding: .utf8)
        let process = Process()
        process.executableURL = URL(fileURLWithPath: try #require(builtTool))
        process.arguments = ["check", "site", "--format", "json", "--output", "report.json", "--rules", repositoryRoot + "/Rules"]
        process.currentDirectoryURL = URL(fileURLWithPath: folder)
        process.standardError = FileHandle.nullDevice
        try process.run()
        let partial = { (try? FileManager.default.contentsOfDirectory(atPath: folder))?.first { $0.hasPrefix("report.json.partial-") } }
        let deadline = Date().addingTimeInterval(20)
        while partial() == nil && process.isRunning && Date() < deadline { usleep(5_000) }
        kill(process.processIdentifier, SIGTERM)
        process.waitUntilExit()
        #expect(process.terminationStatus == 128 + SIGTERM)
        #expect(partial() == nil)
        #expect(try String(contentsOfFile: folder + "/report.json", encoding: .utf8) == "previous report\n")
    }
}
