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
        let inputs = try ExtractInputs.expand(paths.isEmpty ? ["-"] : paths, config: config)
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

/// One input's blocks in the chosen regions, as `extract` prints them.
struct ExtractedDocument: Encodable {
    struct Block: Encodable {
        var region: String
        var kind: String
        var text: String
        var line: Int
        var column: Int
    }

    var source: String
    var format: String
    var blocks: [Block]
    var notes: [String]
    var error: String?
    /// How many blocks each region held, the chosen ones or not (for the note when none was chosen).
    var regionCounts: [Region: Int] = [:]

    enum CodingKeys: String, CodingKey { case source, format, blocks, notes, error }

    static func read(_ input: CheckInput, extractor: DocumentExtractor, format: InputFormat?, regions: Set<Region>) -> ExtractedDocument {
        let display = input.displayPath
        let guessed = format ?? (input.isStandardInput ? nil : InputFormat.fromExtension(of: input.text))
        var result = ExtractedDocument(source: display, format: (guessed ?? .text).rawValue, blocks: [], notes: [])
        let bytes: [UInt8]
        switch input.read(maximumBytes: extractor.maximumBytes) {
        case .success(let read): bytes = read
        case .failure(let error): result.error = error.message; return result
        }
        let document: Document
        do {
            document = try extractor.extract(bytes, path: input.isStandardInput ? nil : input.text, format: format)
        } catch {
            result.error = error.message
            return result
        }
        result.format = document.format.rawValue
        result.notes = document.notes
        for block in document.blocks {
            result.regionCounts[block.region, default: 0] += 1
            guard regions.contains(block.region) else { continue }
            let position = document.lines.position(ofByte: block.map.sourceOffset(ofTextStart: 0))
            result.blocks.append(Block(region: block.region.rawValue, kind: block.kind.rawValue, text: block.string,
                                       line: position.line, column: position.column))
        }
        return result
    }

    /// Adds a note when none of the chosen regions has a block, saying what the others hold.
    mutating func note(missingRegions regions: Set<Region>) {
        guard blocks.isEmpty else { return }
        let chosen = Region.allCases.filter(regions.contains).map(\.rawValue).joined(separator: ", ")
        let others = Region.allCases.compactMap { region in regionCounts[region].map { "\(region.rawValue) \($0)" } }
        var note = "no blocks in \(chosen)"
        note += others.isEmpty ? "; nothing was extracted" : "; blocks by region: " + others.joined(separator: ", ")
        notes.append(note)
    }
}

/// Finds the inputs as `check` does (`CheckInput.expand`: folders searched
/// recursively, a named file that cannot be read kept to be reported), then
/// skips the files found in folders that their config's `ignore` names.
enum ExtractInputs {
    static func expand(_ paths: [String], config: String?) throws -> [CheckInput] {
        var configurations: [String: Configuration] = [:]
        return try CheckInput.expand(paths.map(RawArguments.path(for:))).filter { input in
            guard input.foundInFolder, input.problem == nil,
                  let file = config ?? Configuration.find(forInput: input.text) else { return true }
            if configurations[file] == nil {
                do { configurations[file] = try Configuration.load(path: file) } catch {
                    FileHandle.standardError.write(Data("\(error)\n".utf8))
                    throw ExitCode(2)
                }
            }
            return !configurations[file]!.ignores(input.text)
        }
    }
}
