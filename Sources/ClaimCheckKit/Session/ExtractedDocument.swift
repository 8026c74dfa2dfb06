import Foundation

/// One input's blocks in the chosen regions, as `extract` prints them.
public struct ExtractedDocument: Encodable, Sendable {
    public struct Block: Encodable, Sendable {
        public var region: String
        public var kind: String
        public var text: String
        public var line: Int
        public var column: Int
    }

    public var source: String
    public var format: String
    public var blocks: [Block]
    public var notes: [String]
    public var error: String?
    /// How many blocks each region held, the chosen ones or not (for the note when none was chosen).
    public var regionCounts: [Region: Int] = [:]

    enum CodingKeys: String, CodingKey { case source, format, blocks, notes, error }

    public static func read(_ input: CheckInput, extractor: DocumentExtractor, format: InputFormat?, regions: Set<Region>) -> ExtractedDocument {
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
    public mutating func note(missingRegions regions: Set<Region>) {
        guard blocks.isEmpty else { return }
        let chosen = Region.allCases.filter(regions.contains).map(\.rawValue).joined(separator: ", ")
        let others = Region.allCases.compactMap { region in regionCounts[region].map { "\(region.rawValue) \($0)" } }
        var note = "no blocks in \(chosen)"
        note += others.isEmpty ? "; nothing was extracted" : "; blocks by region: " + others.joined(separator: ", ")
        notes.append(note)
    }
}
