import ArgumentParser
import ClaimCheckKit
import Foundation

/// `claimcheck extract`: the text ClaimCheck reads from each input, block by
/// block, with the region it was put in and where it starts in the file. No
/// rules or registry are loaded: this is the extraction stage alone.
struct ExtractCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "extract",
        abstract: "Show the text ClaimCheck reads from a page: its blocks, by region, with their lines.",
        discussion: """
        PATH is a file, a folder (searched for .html, .htm, .xhtml, .md, .markdown,
        .txt and .text files, skipping the nearest .claimcheck.yml's ignore globs,
        as check does) or - for standard input (also read when no PATH is given).
        No rules are loaded.

        Regions: body (the article), comments, related (sidebars, "read more",
        community posts) and boilerplate (menus, cookie banners, footers; kept
        only when asked for, since they never hold claims).

        Text output prints one block a paragraph, blocks separated by a blank line
        (a table one row a line, cells joined by " | "), in page order; with
        several inputs each is headed by "==> path <==". When none of the chosen
        regions has a block, a note on standard error counts what the others hold.

        JSON output is one object per input (an array for several):
          {"blocks": [{"column": 5, "kind": "paragraph", "line": 12,
                       "region": "body", "text": "…"}],
           "format": "html", "notes": [], "source": "page.html"}
        line and column (1-based, columns in characters) are the block's first
        character in the file; kind is heading, paragraph, list-item, quote,
        table or caption; an input that could not be read has "error" set.

        Examples:
          claimcheck extract page.html               the article, as check reads it
          claimcheck extract page.html --regions comments    what went to comments
          claimcheck extract page.html --regions all     every block kept, in order
          claimcheck extract site/ --format json > blocks.json
          curl -s https://example.org/post | claimcheck extract - --input-format html
          claimcheck extract draft.md --format json | jq -r '.blocks[].kind'

        Exit codes: 0 every input was read, 2 bad usage, a config that cannot be
        loaded, or an input that could not be read (the others are still printed).
        """
    )

    enum Format: String, ExpressibleByArgument, CaseIterable {
        case text, json
    }

    @Argument(help: ArgumentHelp("Files, folders, or - for standard input (the default).", valueName: "path"))
    var paths: [String] = []

    @Option(help: ArgumentHelp("Regions to show, comma-separated: body, comments, related, boilerplate, or all.", valueName: "list"))
    var regions: String = "body"

    @Option(help: "Output format: text or json.")
    var format: Format = .text

    @Option(help: ArgumentHelp("Read inputs as html, markdown or text instead of guessing from the extension.", valueName: "format"))
    var inputFormat: InputFormat?

    @Option(help: ArgumentHelp("Refuse inputs larger than this (e.g. 512K, 64M, 2G, or bytes) with an input error; default 64M.", valueName: "size"))
    var maxSize: String?

    @Option(help: ArgumentHelp("Use this config file (for its ignore globs) instead of the nearest .claimcheck.yml above each input.", valueName: "file"))
    var config: String?

    /// The regions asked for (validated).
    var chosenRegions: Set<Region> {
        var chosen: Set<Region> = []
        for name in regions.split(separator: ",").map({ $0.trimmingCharacters(in: .whitespaces).lowercased() }) {
            if name == "all" { chosen.formUnion(Region.allCases) } else if let region = Region(rawValue: name) { chosen.insert(region) }
        }
        return chosen
    }

    func validate() throws {
        let names = regions.split(separator: ",").map { $0.trimmingCharacters(in: .whitespaces).lowercased() }
        if names.isEmpty { throw ValidationError("--regions takes body, comments, related, boilerplate or all (got nothing)") }
        for name in names where name != "all" && Region(rawValue: name) == nil {
            throw ValidationError("--regions takes body, comments, related, boilerplate or all (got '\(name)')")
        }
        if let maxSize, ByteSize.parse(maxSize) == nil { throw ValidationError(ByteSize.usage(got: maxSize)) }
    }

    func run() throws {
        let maximumBytes = maxSize.flatMap(ByteSize.parse) ?? DocumentExtractor().maximumBytes
        let extractor = DocumentExtractor(maximumBytes: maximumBytes, keepsBoilerplate: chosenRegions.contains(.boilerplate))
        let inputs: [CheckInput]
        do {
            inputs = try CheckInput.removingIgnored(CheckInput.expand((paths.isEmpty ? ["-"] : paths).map(RawArguments.path(for:))), configFile: config)
        } catch {
            FileHandle.standardError.write(Data("\(error)\n".utf8))
            throw ExitCode(2)
        }
        if inputs.isEmpty {
            FileHandle.standardError.write(Data("claimcheck: no .html, .md or .txt files found in \(paths.joined(separator: " "))\n".utf8))
            throw ExitCode(2)
        }
        let regions = chosenRegions
        let several = inputs.count > 1 || paths.count > 1
        var extracted: [ExtractedDocument] = []
        var unreadable = false
        var printed = 0
        for input in inputs {
            var document = ExtractedDocument.read(input, extractor: extractor, format: inputFormat, regions: regions)
            if let error = document.error {
                unreadable = true
                FileHandle.standardError.write(Data("\(document.source): error: \(error)\n".utf8))
            }
            switch format {
            case .text:
                guard document.error == nil else { continue }
                // Text streams: each input is printed as soon as it is read.
                document.note(missingRegions: regions)
                var out = several ? (printed > 0 ? "\n" : "") + "==> \(document.source) <==\n" : ""
                printed += 1
                out += document.blocks.map(\.text).joined(separator: "\n\n")
                if !document.blocks.isEmpty { out += "\n" }
                FileHandle.standardOutput.write(Data(out.utf8))
                for note in document.notes { FileHandle.standardError.write(Data("\(document.source): note: \(note)\n".utf8)) }
            case .json:
                extracted.append(document)
            }
        }
        if format == .json {
            let encoder = JSONEncoder()
            encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
            let data = several ? try encoder.encode(extracted) : try encoder.encode(extracted[0])
            FileHandle.standardOutput.write(data + Data("\n".utf8))
        }
        if unreadable { throw ExitCode(2) }
    }
}
