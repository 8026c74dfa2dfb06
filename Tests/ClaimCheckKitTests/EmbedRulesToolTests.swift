import Foundation
import Testing

/// `claimcheck-embed-rules`, the tool the EmbedRules plugin runs: the Swift it
/// writes compiles back to the very bytes of every file, whatever they hold.
struct EmbedRulesToolTests {
    static var tool: String? {
        builtTool.map { ($0 as NSString).deletingLastPathComponent + "/claimcheck-embed-rules" }
            .flatMap { FileManager.default.isExecutableFile(atPath: $0) ? $0 : nil }
    }

    static func run(_ executable: String, _ arguments: [String]) throws -> ToolRun {
        try runTool(arguments, tool: executable)
    }

    /// Text that would end, interpolate or reshape a string literal if copied into one as is.
    static let awkward: [String: String] = [
        "quotes.yml": "a: \"\"\"\nb: \"\"\"#\nc: \"#\n\"\"\"",
        "escapes.yml": "pattern: '\\b(?:a|b)\\d+\\\\'\ninterp: \\(x) \\#(y) \\##(z)\n",
        "endings.md": "crlf\r\nlone cr\rtab\there\n  \n\n",
        "unicode/bom.yml": "\u{FEFF}name: caf\u{E9} \u{2014} \u{201C}x\u{201D} \u{1F9EA}\u{2028}end\u{0}\u{7F}\n",
        "empty.yml": "",
        "no-final-newline.yml": "last line",
    ]

    @Test func theGeneratedSwiftCompilesBackToEveryFilesBytes() throws {
        let tool = try #require(Self.tool, "build the package first (swift build)")
        let root = NSTemporaryDirectory() + "embed-tool-\(UUID().uuidString)"
        defer { try? FileManager.default.removeItem(atPath: root) }
        for (path, text) in Self.awkward {
            let file = root + "/Rules/" + path
            try FileManager.default.createDirectory(atPath: (file as NSString).deletingLastPathComponent, withIntermediateDirectories: true)
            try Data(text.utf8).write(to: URL(fileURLWithPath: file))
        }
        try Data("hidden".utf8).write(to: URL(fileURLWithPath: root + "/Rules/.hidden.yml"))
        try Data("not embedded".utf8).write(to: URL(fileURLWithPath: root + "/Rules/notes.txt"))
        let generated = root + "/EmbeddedRules.swift"
        let made = try Self.run(tool, [generated, root + "/Rules"])
        #expect(made.status == 0, "\(made.errors)")
        let source = try [UInt8](Data(contentsOf: URL(fileURLWithPath: generated)))
        #expect(source.allSatisfy { $0 == 0x0A || (0x20...0x7E).contains($0) }, "the generated file is printable ASCII and newlines")
        // Deterministic: a second run writes the same bytes.
        let again = root + "/again.swift"
        #expect(try Self.run(tool, [again, root + "/Rules"]).status == 0)
        #expect(try Data(contentsOf: URL(fileURLWithPath: again)) == Data(source))

        // Compile it with a main that prints each file's path and bytes, and read them back.
        try """
        for file in embeddedRuleFiles { print(file.path + " " + file.text.utf8.map { String($0) }.joined(separator: ",")) }

        """.write(toFile: root + "/main.swift", atomically: true, encoding: .utf8)
        let compiled = try Self.run("/usr/bin/env", ["swiftc", "-Onone", generated, root + "/main.swift", "-o", root + "/dump"])
        #expect(compiled.status == 0, "\(compiled.errors)")
        let dumped = try Self.run(root + "/dump", [])
        var files: [String: [UInt8]] = [:]
        for line in dumped.output.split(separator: "\n", omittingEmptySubsequences: false) where !line.isEmpty {
            let parts = line.split(separator: " ", maxSplits: 1, omittingEmptySubsequences: false)
            files[String(parts[0])] = parts.count > 1 ? parts[1].split(separator: ",").compactMap { UInt8($0) } : []
        }
        #expect(files.keys.sorted() == Self.awkward.keys.map { "Rules/" + $0 }.sorted())
        for (path, text) in Self.awkward { #expect(files["Rules/" + path] == [UInt8](text.utf8), "\(path)") }
    }

    @Test func aFileThatIsNotUTF8StopsTheBuildNamingIt() throws {
        let tool = try #require(Self.tool, "build the package first (swift build)")
        let root = NSTemporaryDirectory() + "embed-tool-\(UUID().uuidString)"
        defer { try? FileManager.default.removeItem(atPath: root) }
        try FileManager.default.createDirectory(atPath: root + "/Rules", withIntermediateDirectories: true)
        try Data([0x61, 0x3A, 0x20, 0xE9, 0x0A]).write(to: URL(fileURLWithPath: root + "/Rules/latin1.yml"))
        let made = try Self.run(tool, [root + "/out.swift", root + "/Rules"])
        #expect(made.status == 1)
        #expect(made.errors == "claimcheck-embed-rules: error: \(root)/Rules/latin1.yml is not UTF-8 text; save it as UTF-8 (ClaimCheck reads rule files as UTF-8 only)\n")
        #expect(!FileManager.default.fileExists(atPath: root + "/out.swift"))
    }
}
