import ClaimCheckKit

/// A family of generated documents. Ordinary mutations of the fixtures are cheap
/// and most of a run; the pathological families (nesting, storms, huge tables…)
/// are a minority, and only `largeFraction` of those are drawn at full size.
enum Family: String, CaseIterable, Sendable {
    case bytes, truncate, splice, controls, newlines, encodings
    case tagsoup, nesting, entities, attributes, quotes, unterminated, markdown, longsentence, tables

    var defaultWeight: Int {
        switch self {
        case .bytes: 34
        case .truncate, .splice, .encodings: 8
        case .controls, .newlines, .tagsoup: 6
        case .markdown: 4
        case .nesting, .entities, .quotes, .attributes, .unterminated, .tables: 2
        case .longsentence: 1
        }
    }

    var summary: String {
        switch self {
        case .bytes: "random byte flips, inserts, deletes and token insertions in a fixture (or a window of one)"
        case .truncate: "a fixture cut at a random point (also mid-character, also from the front)"
        case .splice: "the head of one fixture joined to the tail of another, formats mixed"
        case .controls: "form feed, vertical tab, NUL and other C0/C1 and invisible characters between words"
        case .newlines: "CRLF, lone CR and mixed line endings"
        case .encodings: "UTF-16 with and without BOM, lying <meta charset>, lone invalid UTF-8, windows-1252"
        case .tagsoup: "random unbalanced HTML tags, broken tags and attributes around text"
        case .nesting: "deep nesting: HTML divs, lists, quotes; Markdown > and list markers, emphasis; up to 50,000 levels"
        case .entities: "runs of &amp;, numeric references, out-of-range and broken references"
        case .attributes: "tens of thousands of attributes on one element"
        case .quotes: "runs of straight and curly quote marks, unbalanced quotes after speech verbs"
        case .unterminated: "unterminated <![CDATA[, comments, <script>, <style>, attribute values, code fences"
        case .markdown: "Markdown edge cases: > then < runs, wide tables, unclosed fences, link reference chains, emphasis storms"
        case .longsentence: "sentences with no punctuation, up to 1 MB"
        case .tables: "wide and long tables (HTML, Markdown and text) of statistics"
        }
    }

    var isPathological: Bool {
        switch self {
        case .bytes, .truncate, .splice, .controls, .newlines, .encodings: false
        default: true
        }
    }

    /// Parses `all`, `ordinary`, `pathological`, or `name[=weight],…` (weights default to the family's).
    static func parseSpec(_ spec: String) throws -> [(Family, Int)] {
        var result: [(Family, Int)] = []
        for part in spec.split(separator: ",").map({ $0.trimmingCharacters(in: .whitespaces) }) where !part.isEmpty {
            let pieces = part.split(separator: "=", maxSplits: 1).map(String.init)
            let name = pieces[0]
            var weight: Int?
            if pieces.count == 2 {
                guard let value = Int(pieces[1]), value >= 0 else { throw FuzzError("bad weight in `\(part)`: use name=INTEGER") }
                weight = value
            }
            let group: [Family]
            switch name {
            case "all": group = Family.allCases
            case "ordinary": group = Family.allCases.filter { !$0.isPathological }
            case "pathological": group = Family.allCases.filter(\.isPathological)
            default:
                guard let family = Family(rawValue: name) else {
                    throw FuzzError("unknown family `\(name)`; families: \(Family.allCases.map(\.rawValue).joined(separator: ", ")), or all, ordinary, pathological")
                }
                group = [family]
            }
            for family in group {
                result.removeAll { $0.0 == family }
                result.append((family, weight ?? family.defaultWeight))
            }
        }
        result = result.filter { $0.1 > 0 }
        guard !result.isEmpty else { throw FuzzError("no family with a positive weight in `\(spec)`") }
        return result
    }
}

/// Chooses each document's family from the run's seed and the document's index.
struct FamilyTable: Sendable {
    let entries: [(Family, Int)]
    let total: Int

    init(_ entries: [(Family, Int)]) {
        self.entries = entries
        self.total = entries.reduce(0) { $0 + $1.1 }
    }

    func family(seed: UInt64, index: UInt64) -> Family {
        var random = FuzzRandom(seed: seed, index: index, salt: "family")
        var draw = random.below(total)
        for (family, weight) in entries {
            if draw < weight { return family }
            draw -= weight
        }
        return entries[entries.count - 1].0
    }

    var description: String { entries.map { "\($0.0.rawValue)=\($0.1)" }.joined(separator: ",") }
}

/// One generated document.
struct GeneratedDocument: Sendable {
    var bytes: [UInt8]
    var format: InputFormat
    var family: Family
    /// What was made, in a few words ("markdown: 20000 x '> ' on one line").
    var note: String
}

extension InputFormat {
    var fileExtension: String {
        switch self {
        case .html: "html"
        case .markdown: "md"
        case .text: "txt"
        }
    }
}
