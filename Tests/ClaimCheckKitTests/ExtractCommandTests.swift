import Foundation
import Testing

/// `claimcheck extract`: the text each region holds, as the built executable prints it.
@Suite struct ExtractCommandTests {
    /// A page with site chrome (nav, footer), an article with a table, and comments;
    /// the second paragraph starts after a multibyte character on its line.
    static let page = """
        <!doctype html>
        <html><head><title>Zinc</title><style>p { color: red }</style></head>
        <body>
        <nav><a href="/">Home</a> <a href="/health">Health</a></nav>
        <article>
        <h1>Zinc and colds</h1>
        <p>Zinc lozenges may shorten colds by a day.</p>
        <p>Café owners say so.</p><p>Trials are small &amp; mixed.</p>
        <table><tr><th>Dose</th><th>Effect</th></tr><tr><td>75 mg</td><td>-1 day</td></tr></table>
        </article>
        <section class="comments"><h2>2 Comments</h2><p>Worked for me!</p></section>
        <footer>© Example Health</footer>
        </body></html>

        """

    /// The built executable: beside the test binary (whatever the build's scratch
    /// path), else where `CommandTests` finds it.
    static let executable = builtTool

    typealias Run = ToolRun

    /// A folder of its own holding `files`, removed when `body` returns.
    func inFolder<T>(_ files: [String: String], _ body: (String) throws -> T) throws -> T {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("extract-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: folder) }
        for (name, text) in files {
            let url = folder.appendingPathComponent(name)
            try FileManager.default.createDirectory(at: url.deletingLastPathComponent(), withIntermediateDirectories: true)
            try Data(text.utf8).write(to: url)
        }
        return try body(folder.path)
    }

    /// Runs `claimcheck extract` in `folder` (no rules: extraction needs none).
    func extract(_ arguments: [String], in folder: String, stdin: String? = nil) throws -> Run {
        try runTool(["extract"] + arguments, in: folder, stdin: stdin)
    }

    @Test func textOutputIsTheArticleOneBlockAParagraph() throws {
        let result = try inFolder(["page.html": Self.page]) { try extract(["page.html"], in: $0) }
        #expect(result.status == 0)
        #expect(result.output == """
            Zinc and colds

            Zinc lozenges may shorten colds by a day.

            Café owners say so.

            Trials are small & mixed.

            Dose | Effect
            75 mg | -1 day

            """)
        #expect(result.errors.isEmpty)
    }

    @Test func regionsChooseWhatIsShown() throws {
        try inFolder(["page.html": Self.page]) { folder in
            let comments = try extract(["page.html", "--regions", "comments"], in: folder)
            #expect(comments.status == 0)
            #expect(comments.output == "2 Comments\n\nWorked for me!\n")
            let both = try extract(["page.html", "--regions", "comments,body"], in: folder)
            #expect(both.output.hasPrefix("Zinc and colds\n\n"))
            #expect(both.output.hasSuffix("75 mg | -1 day\n\n2 Comments\n\nWorked for me!\n"))
            // Nothing in the region: no output, and a note that says what the others hold.
            let related = try extract(["page.html", "--regions", "related"], in: folder)
            #expect(related.status == 0)
            #expect(related.output.isEmpty)
            #expect(related.errors.hasPrefix("page.html: note: no blocks in related; blocks by region: body 5, comments 2"))
        }
    }

    @Test func jsonHasEachBlocksRegionKindTextLineAndColumn() throws {
        let result = try inFolder(["page.html": Self.page]) { try extract(["page.html", "--format", "json", "--regions", "all"], in: $0) }
        #expect(result.status == 0)
        let object = try #require(try JSONSerialization.jsonObject(with: Data(result.output.utf8)) as? [String: Any])
        #expect(Set(object.keys) == ["source", "format", "blocks", "notes"])
        #expect(object["source"] as? String == "page.html")
        #expect(object["format"] as? String == "html")
        #expect((object["notes"] as? [String]) == [])
        let blocks = try #require(object["blocks"] as? [[String: Any]])
        #expect(blocks.allSatisfy { Set($0.keys) == ["region", "kind", "text", "line", "column"] })
        struct Row: Equatable { var region: String, kind: String, text: String, line: Int, column: Int }
        let rows = blocks.map {
            Row(region: $0["region"] as? String ?? "", kind: $0["kind"] as? String ?? "", text: $0["text"] as? String ?? "",
                line: $0["line"] as? Int ?? 0, column: $0["column"] as? Int ?? 0)
        }
        #expect(rows == [
            Row(region: "boilerplate", kind: "paragraph", text: "Home Health", line: 4, column: 18),
            Row(region: "body", kind: "heading", text: "Zinc and colds", line: 6, column: 5),
            Row(region: "body", kind: "paragraph", text: "Zinc lozenges may shorten colds by a day.", line: 7, column: 4),
            Row(region: "body", kind: "paragraph", text: "Café owners say so.", line: 8, column: 4),
            // Columns count characters: "é" is two bytes but one column.
            Row(region: "body", kind: "paragraph", text: "Trials are small & mixed.", line: 8, column: 30),
            Row(region: "body", kind: "table", text: "Dose | Effect\n75 mg | -1 day", line: 9, column: 16),
            Row(region: "comments", kind: "heading", text: "2 Comments", line: 11, column: 31),
            Row(region: "comments", kind: "paragraph", text: "Worked for me!", line: 11, column: 49),
            Row(region: "boilerplate", kind: "paragraph", text: "© Example Health", line: 12, column: 9),
        ])
    }

    @Test func aMissingFileExitsTwoAfterTheOtherInputIsPrinted() throws {
        try inFolder(["page.html": Self.page]) { folder in
            let text = try extract(["missing.html", "page.html"], in: folder)
            #expect(text.status == 2)
            #expect(text.errors.contains("missing.html: error: no such file"))
            #expect(!text.output.contains("==> missing.html <=="))
            #expect(text.output.hasPrefix("==> page.html <==\nZinc and colds\n\n"))

            let json = try extract(["page.html", "missing.html", "--format", "json"], in: folder)
            #expect(json.status == 2)
            let array = try #require(try JSONSerialization.jsonObject(with: Data(json.output.utf8)) as? [[String: Any]])
            #expect(array.map { $0["source"] as? String } == ["page.html", "missing.html"])
            #expect((array[0]["blocks"] as? [Any])?.count == 5)
            #expect((array[1]["error"] as? String)?.hasPrefix("no such file") == true)
            #expect((array[1]["blocks"] as? [Any])?.isEmpty == true)
        }
    }

    @Test func foldersAreSearchedLikeCheckAndTheConfigsIgnoreApplies() throws {
        let files = [
            "site/a.md": "# Title\n\nFirst paragraph.\n",
            "site/sub/b.txt": "Plain text here.\n",
            "site/drafts/c.md": "Not published.\n",
            "site/notes.json": "{}",
            "site/.claimcheck.yml": "ignore: [\"drafts/**\"]\n",
        ]
        let result = try inFolder(files) { try extract(["site"], in: $0) }
        #expect(result.status == 0)
        #expect(result.output == "==> site/a.md <==\nTitle\n\nFirst paragraph.\n\n==> site/sub/b.txt <==\nPlain text here.\n")
    }

    @Test func standardInputWithAnInputFormat() throws {
        let result = try inFolder([:]) { try extract(["-", "--input-format", "html"], in: $0, stdin: "<p>One</p><aside><p>Two</p></aside>") }
        #expect(result.status == 0)
        #expect(result.output == "One\n")
    }

    @Test(arguments: [["--regions", "sidebar"], ["--regions", ""], ["--format", "yaml"]])
    func badUsageExitsTwo(_ arguments: [String]) throws {
        let result = try inFolder(["page.html": Self.page]) { try extract(["page.html"] + arguments, in: $0) }
        #expect(result.status == 2)
        #expect(result.output.isEmpty)
    }
}
