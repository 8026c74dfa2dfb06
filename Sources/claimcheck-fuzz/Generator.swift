import ClaimCheckKit

/// Makes document `index` of run `seed`: the same three inputs (and the same
/// fixtures) always give the same bytes.
struct DocumentGenerator: Sendable {
    let context: GeneratorContext

    func make(seed: UInt64, index: UInt64, family: Family) -> GeneratedDocument {
        var random = FuzzRandom(seed: seed, index: index, salt: family.rawValue)
        var document: GeneratedDocument
        switch family {
        case .bytes: document = mutateBytes(&random)
        case .truncate: document = truncate(&random)
        case .splice: document = splice(&random)
        case .controls: document = controls(&random)
        case .newlines: document = newlines(&random)
        case .encodings: document = encodings(&random)
        case .tagsoup: document = tagSoup(&random)
        case .nesting: document = nesting(&random)
        case .entities: document = entities(&random)
        case .attributes: document = attributes(&random)
        case .quotes: document = quotes(&random)
        case .unterminated: document = unterminated(&random)
        case .markdown: document = markdown(&random)
        case .longsentence: document = longSentence(&random)
        case .tables: document = tables(&random)
        }
        if document.bytes.count > context.maximumBytes {
            document.bytes.removeSubrange(context.maximumBytes...)
            document.note += " (cut to \(context.maximumBytes) bytes)"
        }
        return document
    }

    // MARK: - Shared pieces

    static let claims: [String] = [
        "Cyclosporine has been proven to be effective for hair regrowth.",
        "Dr. Edwin Talbot, a renowned dermatologist, remarked, \"This cream cures hair loss.\"",
        "Studies show that 87% of patients improved within 4 weeks.",
        "This miracle cure works for everyone and is completely safe.",
        "Minoxidil may help some people with thinning hair, a 2021 review in JAMA Dermatology found.",
        "Imiquimod does not work for hair loss.",
        "“It is guaranteed to regrow hair,” says a leading expert.",
        "A study of 12 mice suggests the supplement reverses baldness.",
        "Finasteride is clinically proven to stop hair loss in 100% of men.",
        "According to the World Health Organization, the treatment is safe and effective.",
    ]

    static let tokens: [String] = [
        "<div>", "</div>", "<p>", "</p>", "<br>", "<table>", "<tr>", "<td>", "</td>", "<th>", "<caption>",
        "<blockquote>", "<q>", "</q>", "<li>", "<ul>", "</", "<", ">", "/>", "<!--", "-->", "<![CDATA[", "]]>",
        "<script>", "</script>", "<style>", "<nav>", "<aside class=\"comments\">", "<footer>", "<a href=\"x\">",
        "&amp;", "&", "&#", "&#x", ";", "&nbsp;", "&#8220;", "&#0;", "&#xD800;", "&quot;",
        "\"", "'", "“", "”", "‘", "’", "«", "»", "—", "…", "\u{00A0}", "\u{200B}", "\u{FEFF}",
        "\n", "\r\n", "\r", "\n\n", "\t", "\u{0C}", "\u{0B}",
        "# ", "## ", "> ", "- ", "* ", "1. ", "```", "~~~", "| ", " |", "|---|", "[", "]", "](", "[^1]", "![", "**", "_", "`",
        "Dr. ", "e.g. ", "U.S. ", "3.5", "87%", "(Smith 2020)", "doi:10.1000/xyz", "PMID 123", "[1]",
        " proven ", " cures ", " may ", " not ", " effective ", " said ", " study ", " patients ", " safe ", "?",
        "minoxidil", "cyclosporine", "hair loss", "World Health Organization",
    ]

    static let interestingBytes: [UInt8] = [
        0x00, 0x0A, 0x0D, 0x09, 0x0C, 0x0B, 0x20, 0x22, 0x27, 0x3C, 0x3E, 0x26, 0x3B, 0x23, 0x2F, 0x5B, 0x5D, 0x7C, 0x60,
        0x2A, 0x5F, 0x2D, 0x3E, 0x2E, 0x7F, 0x80, 0x9F, 0xA0, 0xC0, 0xC3, 0xE2, 0xED, 0xEF, 0xF0, 0xF4, 0xF8, 0xFE, 0xFF,
    ]

    func seed(_ random: inout FuzzRandom) -> SeedInput { random.pick(context.seeds) }

    func seed(_ random: inout FuzzRandom, format: InputFormat) -> SeedInput? {
        let matching = context.seeds.filter { $0.format == format }
        return matching.isEmpty ? nil : random.pick(matching)
    }

    /// The seed's own format most of the time, another one sometimes (an HTML page
    /// read as Markdown, a draft read as text).
    func format(for seed: SeedInput, _ random: inout FuzzRandom) -> InputFormat {
        random.chance(0.85) ? seed.format : random.pick(InputFormat.allCases)
    }

    func words(_ random: inout FuzzRandom, count: Int, into out: inout [UInt8], separator: UInt8 = 0x20) {
        for index in 0..<count {
            if index > 0 { out.append(separator) }
            out += random.pick(context.words)
        }
    }

    func claim(_ random: inout FuzzRandom) -> [UInt8] { Array(random.pick(Self.claims).utf8) }

    /// Wraps a payload for its format: inside a fixture at a line break some of
    /// the time, else in a minimal page with a claim around it.
    func embed(_ payload: [UInt8], format: InputFormat, _ random: inout FuzzRandom, wrapHTML: Bool = true) -> [UInt8] {
        if random.chance(0.35), let host = seed(&random, format: format) {
            let lineBreaks = host.bytes.indices.filter { host.bytes[$0] == 0x0A }
            let at = lineBreaks.isEmpty ? host.bytes.count : random.pick(lineBreaks) + 1
            return Array(host.bytes[..<at]) + payload + [0x0A] + Array(host.bytes[at...])
        }
        var out: [UInt8] = []
        out.reserveCapacity(payload.count + 256)
        switch format {
        case .html:
            if wrapHTML {
                out += Array("<!DOCTYPE html>\n<html><head><meta charset=\"utf-8\"><title>t</title></head><body>\n<article><p>".utf8)
                out += claim(&random)
                out += Array("</p>\n".utf8)
                out += payload
                out += Array("\n<p>".utf8)
                out += claim(&random)
                out += Array("</p></article></body></html>\n".utf8)
            } else {
                out += payload
            }
        case .markdown, .text:
            out += Array("# Title\n\n".utf8)
            out += claim(&random)
            out += Array("\n\n".utf8)
            out += payload
            out += Array("\n\n".utf8)
            out += claim(&random)
            out.append(0x0A)
        }
        return out
    }

    func repeated(_ piece: String, _ count: Int) -> [UInt8] {
        let bytes = Array(piece.utf8)
        var out: [UInt8] = []
        out.reserveCapacity(bytes.count * count)
        for _ in 0..<count { out += bytes }
        return out
    }

    func scale(_ random: inout FuzzRandom, small: Int, medium: Int, large: Int) -> Int {
        random.scale(small: small, medium: medium, large: large, largeFraction: context.largeFraction)
    }

    // MARK: - Ordinary mutations

    private func mutateBytes(_ random: inout FuzzRandom) -> GeneratedDocument {
        let source = seed(&random)
        var bytes = source.bytes
        var note = source.name
        if random.chance(0.5), bytes.count > 128 {
            let length = random.between(64, min(1024, bytes.count))
            let start = random.below(bytes.count - length + 1)
            bytes = Array(bytes[start..<(start + length)])
            note += " window \(start)+\(length)"
        }
        var count = 1
        while count < 32 && random.chance(0.6) { count += 1 }
        for _ in 0..<count {
            let position = bytes.isEmpty ? 0 : random.below(bytes.count)
            switch random.below(8) {
            case 0 where !bytes.isEmpty: bytes[position] ^= UInt8(1 << random.below(8))
            case 1 where !bytes.isEmpty: bytes[position] = random.byte()
            case 2 where !bytes.isEmpty: bytes[position] = random.pick(Self.interestingBytes)
            case 3:
                let inserted = (0..<random.between(1, 8)).map { _ in random.chance(0.5) ? random.byte() : random.pick(Self.interestingBytes) }
                bytes.insert(contentsOf: inserted, at: position)
            case 4 where !bytes.isEmpty:
                let length = min(random.between(1, 64), bytes.count - position)
                bytes.removeSubrange(position..<(position + length))
            case 5 where !bytes.isEmpty:
                let length = min(random.between(1, 256), bytes.count - position)
                let piece = Array(bytes[position..<(position + length)])
                bytes.insert(contentsOf: piece, at: random.below(bytes.count + 1))
            default:
                bytes.insert(contentsOf: Array(random.pick(Self.tokens).utf8), at: position)
            }
        }
        return GeneratedDocument(bytes: bytes, format: format(for: source, &random), family: .bytes,
                                 note: "\(note), \(count) mutation\(count == 1 ? "" : "s")")
    }

    private func truncate(_ random: inout FuzzRandom) -> GeneratedDocument {
        let source = seed(&random)
        var bytes = source.bytes
        var note = source.name
        switch random.below(10) {
        case 0:
            let end = random.below(min(4, bytes.count + 1))
            bytes = Array(bytes[..<end])
            note += " cut to \(end) bytes"
        case 1, 2:
            // Cut inside a multibyte character.
            let starts = bytes.indices.filter { bytes[$0] >= 0xC0 }
            if let start = starts.isEmpty ? nil : random.pick(starts) {
                bytes = Array(bytes[..<(start + 1)])
                note += " cut mid-character at \(start + 1)"
            }
        case 3:
            let start = random.below(bytes.count)
            let end = random.between(start, bytes.count)
            bytes = Array(bytes[start..<end])
            note += " kept \(start)..<\(end)"
        default:
            let end = random.below(bytes.count + 1)
            bytes = Array(bytes[..<end])
            note += " cut at \(end)"
        }
        return GeneratedDocument(bytes: bytes, format: format(for: source, &random), family: .truncate, note: note)
    }

    private func splice(_ random: inout FuzzRandom) -> GeneratedDocument {
        let first = seed(&random), second = seed(&random)
        let cut = random.below(first.bytes.count + 1), from = random.below(second.bytes.count + 1)
        var bytes = Array(first.bytes[..<cut]) + Array(second.bytes[from...])
        var note = "\(first.name)[..<\(cut)] + \(second.name)[\(from)...]"
        if random.chance(0.2) {
            let third = seed(&random)
            let start = random.below(third.bytes.count)
            let length = min(random.between(1, 2048), third.bytes.count - start)
            bytes.insert(contentsOf: third.bytes[start..<(start + length)], at: random.below(bytes.count + 1))
            note += " + \(third.name)[\(start)+\(length)] inside"
        }
        let format = random.chance(0.5) ? first.format : second.format
        return GeneratedDocument(bytes: bytes, format: random.chance(0.9) ? format : random.pick(InputFormat.allCases),
                                 family: .splice, note: note)
    }

    static let controlScalars: [String] = [
        "\u{0C}", "\u{0B}", "\u{00}", "\u{01}", "\u{07}", "\u{08}", "\u{1B}", "\u{1F}", "\u{7F}",
        "\u{85}", "\u{2028}", "\u{2029}", "\u{200B}", "\u{FEFF}", "\u{AD}", "\u{200E}", "\u{202E}", "\u{9C}",
    ]

    private func controls(_ random: inout FuzzRandom) -> GeneratedDocument {
        let source = seed(&random)
        var bytes = source.bytes
        let variant = random.below(4)
        var note: String
        switch variant {
        case 0:
            let sentence = random.chance(0.5) ? "Cyclosporine has been proven to be\u{0C}effective for hair regrowth."
                                              : "Cyclosporine has been proven\u{0B}to be effective\u{0C}for hair regrowth."
            let payload = Array(sentence.utf8)
            bytes = embed(source.format == .html ? Array("<p>".utf8) + payload + Array("</p>".utf8) : payload,
                          format: source.format, &random)
            note = "form feed / vertical tab inside a claim"
        default:
            // Controls after spaces (between words) or anywhere; NUL only rarely,
            // since a NUL makes the file binary.
            var count = random.between(1, 12)
            if random.chance(0.05) { count = random.between(200, 2000) }
            let spaces = bytes.indices.filter { bytes[$0] == 0x20 }
            for _ in 0..<count {
                var scalar = random.pick(Self.controlScalars)
                if scalar == "\u{00}" && !random.chance(0.2) { scalar = "\u{0C}" }
                let at = !spaces.isEmpty && random.chance(0.7) ? min(random.pick(spaces), bytes.count) : random.below(bytes.count + 1)
                bytes.insert(contentsOf: Array(scalar.utf8), at: at)
            }
            note = "\(source.name) with \(count) control or invisible characters"
        }
        return GeneratedDocument(bytes: bytes, format: format(for: source, &random), family: .controls, note: note)
    }

    private func newlines(_ random: inout FuzzRandom) -> GeneratedDocument {
        let source = seed(&random)
        var out: [UInt8] = []
        out.reserveCapacity(source.bytes.count * 2)
        let variant = random.below(7)
        let names = ["CRLF", "CR", "mixed", "CR CR LF", "LF CR", "lone CRs inside lines", "only line breaks"]
        if variant == 6 {
            let count = scale(&random, small: 500, medium: 50_000, large: 1_000_000)
            out = repeated(random.pick(["\r\n", "\r", "\n", "\n\r"]), count)
            return GeneratedDocument(bytes: out, format: random.pick(InputFormat.allCases), family: .newlines, note: "\(count) line breaks")
        }
        for byte in source.bytes {
            guard byte == 0x0A || (variant == 5 && byte == 0x20 && random.chance(0.02)) else { out.append(byte); continue }
            if byte == 0x20 { out.append(0x0D); continue }
            switch variant {
            case 0: out += [0x0D, 0x0A]
            case 1: out.append(0x0D)
            case 2: out += random.pick([[0x0A], [0x0D], [0x0D, 0x0A]])
            case 3: out += [0x0D, 0x0D, 0x0A]
            case 4: out += [0x0A, 0x0D]
            default: out.append(0x0A)
            }
        }
        if random.chance(0.3) { while out.last == 0x0A || out.last == 0x0D { out.removeLast() } }
        return GeneratedDocument(bytes: out, format: format(for: source, &random), family: .newlines,
                                 note: "\(source.name) with \(names[variant]) line endings")
    }

    static let windows1252: [Unicode.Scalar: UInt8] = [
        "€": 0x80, "‚": 0x82, "„": 0x84, "…": 0x85, "‘": 0x91, "’": 0x92, "“": 0x93, "”": 0x94, "•": 0x95, "–": 0x96, "—": 0x97, "™": 0x99,
    ]

    static func utf16(_ bytes: [UInt8], littleEndian: Bool, bom: Bool) -> [UInt8] {
        var out: [UInt8] = bom ? (littleEndian ? [0xFF, 0xFE] : [0xFE, 0xFF]) : []
        for unit in String(decoding: bytes, as: UTF8.self).utf16 {
            let low = UInt8(unit & 0xFF), high = UInt8(unit >> 8)
            out += littleEndian ? [low, high] : [high, low]
        }
        return out
    }

    static func toWindows1252(_ bytes: [UInt8]) -> [UInt8] {
        var out: [UInt8] = []
        for scalar in String(decoding: bytes, as: UTF8.self).unicodeScalars {
            if scalar.value < 0x80 || (scalar.value >= 0xA0 && scalar.value <= 0xFF) { out.append(UInt8(scalar.value)) }
            else { out.append(windows1252[scalar] ?? 0x3F) }
        }
        return out
    }

    private func encodings(_ random: inout FuzzRandom) -> GeneratedDocument {
        let source = seed(&random)
        let bytes = source.bytes
        var out: [UInt8]
        var format = source.format
        let note: String
        switch random.below(11) {
        case 0: out = Self.utf16(bytes, littleEndian: true, bom: true); note = "UTF-16LE with BOM"
        case 1: out = Self.utf16(bytes, littleEndian: false, bom: true); note = "UTF-16BE with BOM"
        case 2: out = Self.utf16(bytes, littleEndian: true, bom: false); note = "UTF-16LE without BOM"
        case 3: out = Self.utf16(bytes, littleEndian: false, bom: false); note = "UTF-16BE without BOM"
        case 4:
            // A page that says one charset and is in another.
            let declared = random.pick(["utf-16", "utf-16le", "windows-1252", "iso-8859-1", "shift_jis", "x-no-such-charset", "utf-8", "\"utf-8", ""])
            let windows = random.chance(0.4)
            let body = windows ? Self.toWindows1252(bytes) : bytes
            out = Array("<meta charset=\"\(declared)\">\n".utf8) + body
            if let head = body.firstRange(of: Array("<head>".utf8)) {
                out = Array(body[..<head.upperBound]) + Array("<meta http-equiv=\"Content-Type\" content=\"text/html; charset=\(declared)\">".utf8) + Array(body[head.upperBound...])
            }
            format = .html
            note = "\(windows ? "windows-1252" : "UTF-8") bytes declaring charset \"\(declared)\""
        case 5, 6:
            // One (or a few) invalid UTF-8 bytes in otherwise good UTF-8.
            out = bytes
            let bad: [[UInt8]] = [[0xFF], [0xFE], [0x80], [0xC3], [0xE2, 0x80], [0xC0, 0xAF], [0xED, 0xA0, 0x80], [0xF4, 0x90, 0x80, 0x80], [0xF8], [0xE9]]
            let count = random.chance(0.8) ? 1 : random.between(2, 20)
            for _ in 0..<count { out.insert(contentsOf: random.pick(bad), at: random.below(out.count + 1)) }
            note = "\(count) invalid UTF-8 sequence\(count == 1 ? "" : "s")"
        case 7:
            out = Self.toWindows1252(bytes)
            note = "windows-1252"
        case 8:
            // Odd length, or a lone surrogate, in UTF-16.
            out = Self.utf16(bytes, littleEndian: true, bom: random.chance(0.5))
            if random.chance(0.5), !out.isEmpty { out.removeLast() } else { out.insert(contentsOf: [0x00, 0xD8], at: min(out.count, 2 * random.below(out.count / 2 + 1))) }
            note = "UTF-16LE, odd length or a lone surrogate"
        case 9:
            // A BOM that disagrees with the bytes after it.
            let boms: [[UInt8]] = [[0xEF, 0xBB, 0xBF], [0xFF, 0xFE], [0xFE, 0xFF], [0xFF, 0xFE, 0x00, 0x00]]
            let bom = random.pick(boms)
            out = bom + (bom.count == 3 ? Self.utf16(bytes, littleEndian: true, bom: false) : bytes)
            note = "BOM \(bom.map { String($0, radix: 16) }.joined(separator: " ")) before other bytes"
        default:
            // A BOM in the middle, and U+FFFD / private-use / astral characters.
            out = bytes
            for piece in ["\u{FEFF}", "\u{FFFD}", "\u{E000}", "😀", "\u{10FFFF}", "e\u{301}"] where random.chance(0.5) {
                out.insert(contentsOf: Array(piece.utf8), at: random.below(out.count + 1))
            }
            note = "BOMs and unusual scalars inside the text"
        }
        return GeneratedDocument(bytes: out, format: random.chance(0.9) ? format : random.pick(InputFormat.allCases),
                                 family: .encodings, note: "\(source.name) as \(note)")
    }
}
