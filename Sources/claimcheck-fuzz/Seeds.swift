import ClaimCheckDefaultRules
import ClaimCheckKit
import Foundation

/// A seed document: a fixture the mutating families start from.
struct SeedInput: Sendable {
    let name: String
    let bytes: [UInt8]
    let format: InputFormat
}

/// Everything a family needs to make a document: the seeds, words to build text
/// from, and the size knobs.
struct GeneratorContext: Sendable {
    let seeds: [SeedInput]
    /// Words taken from the seeds' text (letters only), to build sentences.
    let words: [[UInt8]]
    /// Fraction of pathological documents drawn at their largest sizes.
    var largeFraction: Double
    /// No document is longer than this.
    var maximumBytes: Int

    /// Loads every `.html`, `.md` and `.txt` file of the folders (sorted by name,
    /// so that a seed and index make the same document on any machine with the
    /// same fixtures).
    static func load(folders: [String], largeFraction: Double, maximumBytes: Int) throws -> GeneratorContext {
        var seeds: [SeedInput] = []
        for folder in folders {
            let names = try FileManager.default.contentsOfDirectory(atPath: folder).sorted()
            for name in names {
                guard let format = InputFormat.fromExtension(of: name) else { continue }
                guard let data = FileManager.default.contents(atPath: folder + "/" + name), !data.isEmpty else { continue }
                seeds.append(SeedInput(name: name, bytes: [UInt8](data), format: format))
            }
        }
        guard !seeds.isEmpty else {
            throw FuzzError("no seed inputs (.html, .md, .txt) in \(folders.joined(separator: ", ")); pass --seeds FOLDER")
        }
        var words: [[UInt8]] = []
        var seen = Set<[UInt8]>()
        for seed in seeds where seed.format != .html {
            var current: [UInt8] = []
            for byte in seed.bytes + [0x20] {
                let isLetter = (byte >= 0x61 && byte <= 0x7A) || (byte >= 0x41 && byte <= 0x5A)
                if isLetter { current.append(byte); continue }
                if current.count >= 2, seen.insert(current).inserted { words.append(current) }
                current.removeAll(keepingCapacity: true)
            }
        }
        if words.isEmpty { words = ["proven", "effective", "cure", "study", "patients"].map { Array($0.utf8) } }
        return GeneratorContext(seeds: seeds, words: words, largeFraction: largeFraction, maximumBytes: maximumBytes)
    }
}

struct FuzzError: Error, CustomStringConvertible {
    let description: String
    init(_ description: String) { self.description = description }
}

/// Where the checkout is (this file is Sources/claimcheck-fuzz/Seeds.swift in it).
enum Checkout {
    static var root: String {
        var url = URL(fileURLWithPath: #filePath)
        for _ in 0..<3 { url.deleteLastPathComponent() }
        return url.path
    }

    /// `--rules`, else `$CLAIMCHECK_RULES`, else `./Rules`, else the checkout's `Rules/`, else the built-in rules.
    static func rulesFolder(_ explicit: String?) -> String {
        DefaultRules.resolve(explicit: explicit, checkouts: [root])
    }

    static func fixturesFolder() -> String {
        if FileManager.default.fileExists(atPath: "Fixtures/overclaim.html") { return "Fixtures" }
        return root + "/Fixtures"
    }
}
