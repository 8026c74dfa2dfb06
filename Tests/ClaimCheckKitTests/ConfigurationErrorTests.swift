import Foundation
import Testing
@testable import ClaimCheckKit

/// Mistakes a user can make in `.claimcheck.yml`: each is reported at the real
/// path, line and column, with a fix.
struct ConfigurationErrorTests {
    /// Writes a config at `<tmp>/site/.claimcheck.yml` and returns its path.
    func config(_ text: String) throws -> String {
        try TemporaryFolder("config").write("site/.claimcheck.yml", text)
    }

    func config(bytes: [UInt8]) throws -> String {
        try TemporaryFolder("config").write("site/.claimcheck.yml", bytes: bytes)
    }

    @Test func anUnknownDisabledRuleIsReportedAtItsEntryInTheRealConfig() throws {
        let path = try config("# site settings\nfail-on: warning\ndisable:\n  - certainty.miracle\n  - certainty.provn\n")
        let configuration = try Configuration.load(path: path)
        #expect(loadErrors(rulesFolder: repositoryRoot + "/Rules", configuration: configuration) == [
            ConfigurationError(file: path, line: 5, column: 5, message: "`disable` names unknown rule `certainty.provn`",
                               fix: "did you mean `certainty.proven`? see `claimcheck rules list` for the ids (or use `namespace.*`)"),
        ])
    }

    @Test func unknownRulesInAFlowListAndInSeverityAreReportedAtTheirColumns() throws {
        let path = try config("disable: [certainty.miracle, safety.nope.*]\nseverity:\n  statistic.unsorced: info\n")
        let configuration = try Configuration.load(path: path)
        let errors = loadErrors(rulesFolder: repositoryRoot + "/Rules", configuration: configuration)
        #expect(errors.map(\.description) == [
            "\(path):1:30: error: `disable` names unknown rule `safety.nope.*`\n  fix: see `claimcheck rules list` for the ids (or use `namespace.*`)",
            "\(path):3:3: error: `severity` names unknown rule `statistic.unsorced`\n  fix: did you mean `statistic.unsourced`? see `claimcheck rules list` for the ids (or use `namespace.*`)",
        ])
    }

    @Test func aMissingRuleOrRegistryFolderIsReportedAtItsEntry() throws {
        let path = try config("rules:\n  - style/rules\nregistry: [style/evidence]\n")
        let configuration = try Configuration.load(path: path)
        let folder = (path as NSString).deletingLastPathComponent
        #expect(loadErrors(rulesFolder: repositoryRoot + "/Rules", configuration: configuration) == [
            ConfigurationError(file: path, line: 2, column: 5, message: "rule folder `\(folder)/style/rules` named in `rules:` not found",
                               fix: "fix the path in `rules:`; a relative path starts at the config file's folder"),
            ConfigurationError(file: path, line: 3, column: 12, message: "registry folder `\(folder)/style/evidence` named in `registry:` not found",
                               fix: "fix the path in `registry:`; a relative path starts at the config file's folder"),
        ])
    }

    /// Naming the main rules folder again would define every rule twice (58 errors): one error says why.
    @Test func theMainRulesFolderNamedAgainIsOneError() throws {
        let path = try config("rules: [\"\(repositoryRoot)/Rules/\"]\nregistry:\n  - \(repositoryRoot)/Rules/domains\n")
        let configuration = try Configuration.load(path: path)
        #expect(loadErrors(rulesFolder: repositoryRoot + "/Rules", configuration: configuration) == [
            ConfigurationError(file: path, line: 1, column: 9, message: "`rules:` names the rules folder itself, which is always loaded",
                               fix: "remove this entry; `rules:` lists extra rule folders only"),
            ConfigurationError(file: path, line: 3, column: 5, message: "`registry:` names the rules folder's own domains/ folder, which is always loaded",
                               fix: "remove this entry; `registry:` lists extra registry folders only"),
        ])
    }

    /// Any text, YAML-like or not, gives a document or an error: never a trap
    /// (the error paths re-read the text to place duplicates, tabs and brackets).
    @Test func anyTextParsesOrFailsCleanly() {
        let alphabet = Array("a:b- [],{}#&*!|>'\"\t\n\n  ?%@`~\u{85}\u{2028}é🎉".unicodeScalars)
        var state: UInt64 = 0x2545F4914F6CDD1D
        func next() -> Int {
            state = state &* 6364136223846793005 &+ 1442695040888963407
            return Int(state >> 33)
        }
        var failures = 0
        for _ in 0..<2_000 {
            var text = String.UnicodeScalarView()
            for _ in 0..<(next() % 60) { text.append(alphabet[next() % alphabet.count]) }
            let yaml = String(text)
            if loadError({ () throws(ConfigurationError) in try YAMLNode.parse(yaml, file: "fuzz.yml") }) != nil { failures += 1 }
            let glob = String(yaml.prefix(12))
            if Glob.problem(in: glob) == nil { _ = Glob.matches(glob, "a/b[c]/d.md") }
        }
        #expect(failures > 0)
    }

    struct Duplicate: Sendable, CustomStringConvertible {
        var text: String
        var line: Int, column: Int
        var message: String
        var description: String { text }
    }

    @Test(arguments: [
        Duplicate(text: "fail-on: warning\nregions: [body]\nfail-on: error\n", line: 3, column: 1,
                  message: "duplicate key `fail-on`: this mapping already has it at line 1, column 1"),
        Duplicate(text: "severity: {statistic.unsourced: info, statistic.unsourced: error}\n", line: 1, column: 39,
                  message: "duplicate key `statistic.unsourced`: this mapping already has it at line 1, column 12"),
        // A third occurrence: the second is reported.
        Duplicate(text: "disable: []\nfail-on: info\ndisable: [a]\ndisable: [b]\n", line: 3, column: 1,
                  message: "duplicate key `disable`: this mapping already has it at line 1, column 1"),
        // Two keys duplicated: the first repeated in the file is reported.
        Duplicate(text: "regions: [body]\nfail-on: info\nregions: [comments]\nfail-on: error\n", line: 3, column: 1,
                  message: "duplicate key `regions`: this mapping already has it at line 1, column 1"),
        Duplicate(text: "organisation: Desk\n\"organisation\": Other\n", line: 2, column: 1,
                  message: "duplicate key `organisation`: this mapping already has it at line 1, column 1"),
    ])
    func aDuplicateKeyIsReportedAtItsSecondOccurrence(_ duplicate: Duplicate) throws {
        let path = try config(duplicate.text)
        #expect(loadError { () throws(ConfigurationError) in try Configuration.load(path: path) } == ConfigurationError(
            file: path, line: duplicate.line, column: duplicate.column, message: duplicate.message,
            fix: "keep one `\(duplicate.message.split(separator: "`")[1]):` (YAML would silently use only one of them)"))
    }

    struct BadBytes: Sendable, CustomStringConvertible {
        var bytes: [UInt8]
        var line: Int, column: Int
        var byte: String
        var description: String { "\(bytes.count) bytes, bad at \(line):\(column)" }
    }

    @Test(arguments: [
        BadBytes(bytes: Array("fail-on: warning\norganisation: Caf".utf8) + [0xE9, 0x0A], line: 2, column: 18, byte: "0xE9"),
        // Columns count characters: two CJK characters (six bytes) before the bad byte.
        BadBytes(bytes: Array("organisation: 日本".utf8) + [0xFF, 0x0A], line: 1, column: 17, byte: "0xFF"),
        // A sequence cut short at the end of the file.
        BadBytes(bytes: Array("fail-on: info\n# caf".utf8) + [0xC3], line: 2, column: 6, byte: "0xC3"),
        // An overlong encoding of "/".
        BadBytes(bytes: [0xC0, 0xAF] + Array(": x\n".utf8), line: 1, column: 1, byte: "0xC0"),
        // A UTF-16 surrogate written as UTF-8, after Windows line ends.
        BadBytes(bytes: Array("fail-on: info\r\nregions: [body]\r\norganisation: ".utf8) + [0xED, 0xA0, 0x80], line: 3, column: 15, byte: "0xED"),
        // The byte-order mark is not a column.
        BadBytes(bytes: [0xEF, 0xBB, 0xBF] + Array("fail-on: ".utf8) + [0xE9], line: 1, column: 10, byte: "0xE9"),
    ])
    func invalidUTF8IsReportedAtTheFirstBadByte(_ bad: BadBytes) throws {
        let path = try config(bytes: bad.bytes)
        #expect(loadError { () throws(ConfigurationError) in try Configuration.load(path: path) } == ConfigurationError(
            file: path, line: bad.line, column: bad.column,
            message: "byte \(bad.byte) is not UTF-8 (the file looks like Latin-1 or Windows-1252 text)", fix: "save the file as UTF-8"))
    }

    @Test func aUTF16ConfigIsAskedToBeSavedAsUTF8() throws {
        let path = try config(bytes: [0xFF, 0xFE] + Array("fail-on: info\n".utf16).flatMap { [UInt8($0 & 0xFF), UInt8($0 >> 8)] })
        #expect(loadError { () throws(ConfigurationError) in try Configuration.load(path: path) } == ConfigurationError(
            file: path, line: 1, column: 1, message: "the file is UTF-16 text, not UTF-8", fix: "save the file as UTF-8"))
    }

    @Test func aByteOrderMarkIsAcceptedAndDoesNotShiftColumns() throws {
        let path = try config(bytes: [0xEF, 0xBB, 0xBF] + Array("fail-on: warnin\n".utf8))
        #expect(loadError { () throws(ConfigurationError) in try Configuration.load(path: path) } == ConfigurationError(
            file: path, line: 1, column: 10, message: "unknown fail-on `warnin`", fix: "did you mean `warning`? use error, warning, info or never"))
        let good = try config(bytes: [0xEF, 0xBB, 0xBF] + Array("fail-on: warning\n".utf8))
        #expect(try Configuration.load(path: good).failOn == "warning")
    }

    struct BadGlob: Sendable, CustomStringConvertible {
        var pattern: String
        var message: String
        var fix: String
        var description: String { pattern }
    }

    @Test(arguments: [
        BadGlob(pattern: "[", message: "the `[` at character 1 opens a set of characters that is never closed",
                fix: "close it with `]`, or write `[[]` to match a `[` in a file name"),
        BadGlob(pattern: "drafts/[a-z.md", message: "the `[` at character 8 opens a set of characters that is never closed",
                fix: "close it with `]`, or write `[[]` to match a `[` in a file name"),
        BadGlob(pattern: "post-[9-0].md", message: "the range `9-0` is reversed", fix: "write it `0-9`"),
        BadGlob(pattern: "**/*.{md,html}", message: "`{a,b}` alternatives are not supported",
                fix: "write one pattern per alternative, such as [\"**/*.tmp.md\", \"**/*.tmp.html\"]; to match `{` in a name, write `[{]`"),
        BadGlob(pattern: "/drafts/**", message: "patterns are matched against paths relative to the config's folder, so a leading `/` never matches",
                fix: "remove the leading `/`: `drafts/**`"),
        BadGlob(pattern: "./drafts/*.md", message: "patterns are matched against paths relative to the config's folder, which never start with `./`",
                fix: "remove the leading `./`: `drafts/*.md`"),
        BadGlob(pattern: "drafts/", message: "ends with `/`, so it matches no file", fix: "write `drafts/**` to skip every file in that folder"),
        BadGlob(pattern: "../other/**", message: "a pattern cannot reach outside the config's folder with `..`",
                fix: "put the ignore pattern in a .claimcheck.yml of a folder above, or remove it"),
        BadGlob(pattern: "", message: "an empty pattern matches nothing", fix: "remove it, or write the path to skip, such as `drafts/**`"),
    ])
    func anInvalidIgnoreGlobIsRejectedAtLoad(_ glob: BadGlob) throws {
        let path = try config("ignore:\n  - \"drafts/**\"\n  - \"\(glob.pattern)\"\n")
        #expect(loadError { () throws(ConfigurationError) in try Configuration.load(path: path) } == ConfigurationError(
            file: path, line: 3, column: 5, message: "`ignore` pattern `\(glob.pattern)`: \(glob.message)", fix: glob.fix))
    }

    @Test func setsInGlobsMatchOneCharacter() throws {
        #expect(Glob.problem(in: "drafts/[ab]-*.md") == nil)
        #expect(Glob.matches("drafts/[ab]-*.md", "drafts/a-post.md"))
        #expect(!Glob.matches("drafts/[ab]-*.md", "drafts/c-post.md"))
        #expect(Glob.matches("drafts/[!ab]-*.md", "drafts/c-post.md"))
        #expect(Glob.matches("[]]x", "]x"))
        #expect(Glob.matches("post-[0-9].md", "post-7.md"))
        #expect(!Glob.matches("[a-z]", "/"))
        // Memoised: many stars against a long path that does not match.
        let long = Array(repeating: "a", count: 60).joined(separator: "/") + "/b"
        #expect(!Glob.matches("**/*a*a*a*a*a*a*a*a*/**/c", long))
        let path = try config("ignore: [\"site/drafts/[ab]*.md\"]\n")
        let configuration = try Configuration.load(path: path)
        let folder = (path as NSString).deletingLastPathComponent
        #expect(configuration.ignores(folder + "/site/drafts/a1.md"))
        #expect(!configuration.ignores(folder + "/site/drafts/c1.md"))
    }

    struct Malformed: Sendable, CustomStringConvertible {
        var name: String
        var text: String
        var line: Int, column: Int
        var message: String
        var description: String { name }
    }

    @Test(arguments: [
        Malformed(name: "a list instead of a mapping", text: "- fail-on: warning\n", line: 1, column: 1,
                  message: ".claimcheck.yml must be a mapping of settings, not a list"),
        Malformed(name: "a tab", text: "fail-on: warning\n\tregions: [body]\n", line: 2, column: 1,
                  message: "a tab indents this line; YAML indents with spaces only"),
        Malformed(name: "a tab after spaces", text: "disable:\n  \t- certainty.miracle\n", line: 2, column: 3,
                  message: "a tab indents this line; YAML indents with spaces only"),
        Malformed(name: "a list for text", text: "fail-on: [warning]\n", line: 1, column: 10, message: "fail-on must be text, not a list"),
        Malformed(name: "a list for a mapping", text: "severity: [info]\n", line: 1, column: 11, message: "severity must be a mapping, not a list"),
        Malformed(name: "a mapping for a list", text: "rules: {style: rules}\n", line: 1, column: 8,
                  message: "rules must be a list, not a mapping (`key: value` lines)"),
        Malformed(name: "a list item that is a list", text: "disable:\n  - [certainty.miracle]\n", line: 2, column: 5,
                  message: "each item of disable must be text, not a list"),
        Malformed(name: "a second document", text: "fail-on: warning\n---\nfail-on: error\n", line: 2, column: 1,
                  message: "a second YAML document starts here; ClaimCheck reads one document per file"),
        Malformed(name: "an alias with no anchor", text: "fail-on: info\ndisable: *rules\n", line: 2, column: 10,
                  message: "`*rules` repeats an anchor that is not defined above it"),
        Malformed(name: "an unclosed quote", text: "fail-on: info\norganisation: 'Example\n", line: 2, column: 15,
                  message: "invalid YAML: found unexpected end of stream (while scanning a quoted scalar that starts at line 2, column 15)"),
        Malformed(name: "an unclosed bracket", text: "disable: [a, b\nfail-on: warning\n", line: 2, column: 8,
                  message: "invalid YAML: did not find expected ',' or ']' (while parsing a flow sequence that starts at line 1, column 10)"),
        Malformed(name: "an unknown region", text: "regions: [body, sidebar]\n", line: 1, column: 17, message: "unknown region `sidebar`"),
        Malformed(name: "the boilerplate region", text: "regions: [body, boilerplate]\n", line: 1, column: 17,
                  message: "boilerplate (menus, footers, scripts) is never checked"),
        Malformed(name: "an empty severity", text: "severity:\n  statistic.unsourced:\n", line: 2, column: 23,
                  message: "the severity of statistic.unsourced is empty"),
        Malformed(name: "a control character", text: "organisation: Desk\u{07}\n", line: 1, column: 19,
                  message: "character U+0007 cannot appear in YAML (control characters are not allowed)"),
        // Nested 40 deep: the 32nd bracket is the first node past the limit (the root mapping is level 1).
        Malformed(name: "deep nesting", text: "disable: " + String(repeating: "[", count: 40) + String(repeating: "]", count: 40) + "\n",
                  line: 1, column: 41, message: "lists and mappings are nested more than 32 levels deep here"),
        // Past libyaml's own limit of 1000: reported at the same bracket.
        Malformed(name: "hostile nesting", text: "disable: " + String(repeating: "[", count: 100_000) + "\n",
                  line: 1, column: 41, message: "lists and mappings are nested more than 32 levels deep here"),
        Malformed(name: "deep block nesting",
                  text: "disable:\n" + (1...40).map { String(repeating: " ", count: $0 * 2) + "-\n" }.joined(),
                  // The list that starts on line 33 (indented 64 spaces) is level 33.
                  line: 33, column: 65, message: "lists and mappings are nested more than 32 levels deep here"),
    ])
    func aMalformedConfigIsReportedWhereItGoesWrong(_ malformed: Malformed) throws {
        let path = try config(malformed.text)
        let error = loadError { () throws(ConfigurationError) in try Configuration.load(path: path) }
        #expect(error?.file == path)
        #expect(error.map { [$0.line, $0.column] } == [malformed.line, malformed.column])
        #expect(error?.message == malformed.message)
        #expect(error?.fix?.isEmpty == false)
    }

    @Test func aValueInTheWrongCaseGetsASuggestion() throws {
        let path = try config("fail-on: Warning\n")
        #expect(loadError { () throws(ConfigurationError) in try Configuration.load(path: path) } == ConfigurationError(
            file: path, line: 1, column: 10, message: "unknown fail-on `Warning`", fix: "did you mean `warning`? use error, warning, info or never"))
        let merge = try config("defaults: &d {fail-on: info}\n")
        #expect(loadError { () throws(ConfigurationError) in try Configuration.load(path: merge) }?.message == "unknown key `defaults` in .claimcheck.yml")
        let merged = try config("severity:\n  <<: {statistic.unsourced: info}\n")
        #expect(loadError { () throws(ConfigurationError) in try Configuration.load(path: merged) } == ConfigurationError(
            file: merged, line: 2, column: 3, message: "YAML merge keys (`<<: *name`) are not supported in severity", fix: "write the keys out in full"))
    }

    @Test func emptyValuesAreUnsetNotEmptyText() throws {
        let configuration = try Configuration.load(path: try config("fail-on:\ndisable:\norganisation: ~\nignore: []\n"))
        #expect(configuration.failOn == nil)
        #expect(configuration.disabled == [])
        #expect(configuration.organisation == nil)
        #expect(try Configuration.load(path: try config("")).failOn == nil)
        #expect(try Configuration.load(path: try config("# only a comment\n")).disabled == [])
    }

    @Test func aFolderOrADeviceWhereTheConfigShouldBeIsReported() throws {
        let folder = try TemporaryFolder("config")
        try FileManager.default.createDirectory(atPath: folder.path + "/.claimcheck.yml", withIntermediateDirectories: true)
        #expect(loadError { () throws(ConfigurationError) in try Configuration.load(path: folder.path + "/.claimcheck.yml") } == ConfigurationError(
            file: folder.path + "/.claimcheck.yml", message: "is a folder, where a file is expected", fix: "name the YAML file itself, or rename the folder"))
        #expect(loadError { () throws(ConfigurationError) in try Configuration.load(path: "/dev/zero") } == ConfigurationError(
            file: "/dev/zero", message: "is not a regular file (a device, pipe or socket)", fix: "name a YAML file saved on disk"))
        #expect(loadError { () throws(ConfigurationError) in try Configuration.load(path: folder.path + "/missing.yml") } == ConfigurationError(
            file: folder.path + "/missing.yml", message: "config file not found", fix: "check the path given to --config"))
    }

    @Test func aConfigOverAMegabyteIsRefusedBeforeParsing() throws {
        var text = "disable:\n" + String(repeating: "  - certainty.miracle\n", count: 70_000)
        text += String(repeating: "#", count: (3 << 19) - text.utf8.count)
        let path = try config(text)
        #expect(loadError { () throws(ConfigurationError) in try Configuration.load(path: path) } == ConfigurationError(
            file: path, message: "is 1.5 MB; ClaimCheck reads YAML files of at most 1 MB",
            fix: "split it into smaller files (rule files: several files in the rules folder; registry: one file per intervention)"))
    }

    @Test func aliasesInsideAliasesAreRefused() throws {
        // Nine levels of ten aliases each: a billion values once expanded.
        var text = "a0: &a0 [x, x, x, x, x, x, x, x, x, x]\n"
        for level in 1...9 {
            text += "a\(level): &a\(level) [" + Array(repeating: "*a\(level - 1)", count: 10).joined(separator: ", ") + "]\n"
        }
        let error = loadError { () throws(ConfigurationError) in try YAMLNode.parse(text, file: "bomb.yml") }
        #expect(error?.message == "the file expands to more than 1000000 values")
        #expect(error?.fix == "do not nest aliases (`*name`) inside the anchors (`&name`) they repeat; write the lists out")
    }

    /// The parse runs on its own large stack: a hostile file cannot overflow the
    /// small stack of the thread that loads it (512 KB is macOS's default for
    /// secondary threads; 1000 levels need about 1 MB in a debug build).
    @Test func hostileNestingCannotOverflowASmallStack() throws {
        let path = try config("disable: " + String(repeating: "[", count: 999) + String(repeating: "]", count: 999) + "\n")
        final class Outcome: @unchecked Sendable { var error: ConfigurationError? }
        let outcome = Outcome()
        let done = DispatchSemaphore(value: 0)
        let thread = Thread {
            outcome.error = loadError { () throws(ConfigurationError) in try Configuration.load(path: path) }
            done.signal()
        }
        thread.stackSize = 256 << 10
        thread.start()
        done.wait()
        #expect(outcome.error.map { "\($0.line):\($0.column) \($0.message)" } == "1:41 lists and mappings are nested more than 32 levels deep here")
    }
}
