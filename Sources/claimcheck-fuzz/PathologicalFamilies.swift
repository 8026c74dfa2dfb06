import ClaimCheckKit

/// The pathological families: sizes drawn mostly small, a few at their largest
/// (50,000 levels, 100,000 attributes, 1 MB sentences, a few MB in all).
extension DocumentGenerator {
    static let tagNames = [
        "p", "div", "span", "a", "table", "tr", "td", "th", "thead", "tbody", "caption", "ul", "ol", "li", "blockquote", "q",
        "em", "strong", "b", "i", "nav", "aside", "footer", "header", "main", "article", "section", "h1", "h2", "h3", "h6",
        "br", "img", "hr", "script", "style", "form", "iframe", "noscript", "template", "svg", "math", "select", "option",
        "textarea", "title", "head", "body", "html", "frameset", "xmp", "pre", "code", "figure", "figcaption", "cite", "sup",
        "dl", "dt", "dd", "details", "summary", "button", "label", "object", "embed", "font", "center", "marquee", "xyz-unknown",
    ]

    func tagSoup(_ random: inout FuzzRandom) -> GeneratedDocument {
        let count = scale(&random, small: 60, medium: 3000, large: 60_000)
        var out: [UInt8] = []
        out.reserveCapacity(count * 12)
        for _ in 0..<count {
            let name = random.pick(Self.tagNames)
            switch random.below(10) {
            case 0, 1, 2:
                out += Array("<\(name)".utf8)
                if random.chance(0.25) {
                    out += Array(random.pick([" class=\"comment\"", " id=\"related\"", " class=\"sidebar cookie\"", " href=\"https://doi.org/10.1/x\"",
                                              " class=entry-content", " style='x'", " a", " =\"\"", " class=\"", " id='x"]).utf8)
                }
                out += Array(random.pick([">", ">", ">", "/>", "", " >"]).utf8)
            case 3, 4: out += Array("</\(name)>".utf8)
            case 5: out += Array(random.pick(["<", "</", "<p", "< p>", "<!", "<?", "<!-->", "<!--x-->", "</>", "<>", "<p <p>", "<\u{0}>", "<!DOCTYPE>", "]]>", "<![CDATA[x]]>"]).utf8)
            case 6: out += claim(&random)
            case 7: out += Array(random.pick(["&amp;", "&#8220;", "&nbsp;", "&", "&#", "“", "\"", "\n", "\r\n"]).utf8)
            default:
                out.append(0x20)
                words(&random, count: random.between(1, 12), into: &out)
                out.append(0x20)
            }
        }
        let format: InputFormat = random.chance(0.85) ? .html : .markdown
        let bytes = random.chance(0.5) ? embed(out, format: format, &random) : out
        return GeneratedDocument(bytes: bytes, format: format, family: .tagsoup, note: "\(count) tag-soup pieces as \(format.rawValue)")
    }

    func nesting(_ random: inout FuzzRandom) -> GeneratedDocument {
        let depth = scale(&random, small: 200, medium: 5000, large: 50_000)
        var out: [UInt8]
        var format: InputFormat
        let note: String
        let text = claim(&random)
        switch random.below(12) {
        case 0:
            let close = random.chance(0.5)
            out = repeated("<div>", depth) + text + (close ? repeated("</div>", depth) : [])
            format = .html
            note = "\(depth) nested <div>\(close ? "" : " left open")"
        case 1:
            let open = random.pick(["<ul><li>", "<table><tr><td>", "<blockquote>", "<q>", "<span>", "<b><i>", "<a href=\"x\">", "<ol><li><p>", "<section><article>", "<dl><dd>", "<font>", "<table>"])
            out = repeated(open, depth) + text
            format = .html
            note = "\(depth) x \(open)"
        case 2:
            let marker = random.pick(["> ", ">", "> > ", " >"])
            out = repeated(marker, depth) + text
            format = .markdown
            note = "\(depth) x '\(marker)' on one line"
        case 3:
            let marker = random.pick(["- ", "* ", "+ ", "1. ", "1) ", "- [ ] "])
            out = repeated(marker, depth) + text
            format = .markdown
            note = "\(depth) list markers '\(marker)' on one line"
        case 4:
            let marker = random.pick(["> - ", "- > ", "> 1. ", "-   > "])
            out = repeated(marker, depth) + text
            format = .markdown
            note = "\(depth) x '\(marker)' on one line"
        case 5:
            // Indented nested lists: the file grows with the square of the depth, so fewer levels.
            let levels = min(depth, 2000)
            out = []
            for level in 0..<levels { out += Array(String(repeating: " ", count: 2 * level).utf8) + Array("- item \(level)\n".utf8) }
            out += text
            format = .markdown
            note = "\(levels) levels of indented lists"
        case 6:
            // One quote level more on every line.
            let levels = min(depth, 2000)
            out = []
            for level in 1...levels { out += repeated(">", level) + Array(" level \(level)\n".utf8) }
            out += text
            format = .markdown
            note = "\(levels) lines, each one more '>' deep"
        case 7:
            let pair = random.pick([("*", "*"), ("_", "_"), ("**", "**"), ("[", "](x)"), ("![", "](y)"), ("`", "`"), ("~~", "~~"), ("(", ")")])
            out = repeated(pair.0, depth) + text + (random.chance(0.5) ? repeated(pair.1, depth) : [])
            format = .markdown
            note = "\(depth) x '\(pair.0)' emphasis/bracket nesting"
        case 8:
            let marker = random.pick(["- ", "> "])
            out = repeated(marker, depth) + text
            format = .text
            note = "\(depth) x '\(marker)' in plain text"
        case 9:
            out = repeated("<div>", depth) + text
            format = .markdown
            note = "\(depth) nested <div> inside Markdown"
        case 10:
            out = repeated("<q>“", depth) + text + repeated("”</q>", depth)
            format = .html
            note = "\(depth) nested quotes <q>“"
        default:
            out = repeated("<li>", depth) + text
            format = .html
            note = "\(depth) unclosed <li>"
        }
        return GeneratedDocument(bytes: embed(out, format: format, &random), format: format, family: .nesting, note: note)
    }

    static let entityPieces = [
        "&amp;", "&lt;", "&gt;", "&quot;", "&#38;", "&#x26;", "&#0;", "&#xD800;", "&#xDFFF;", "&#1114112;", "&#99999999999999999999;",
        "&#x110000;", "&amp", "&;", "&#;", "&#x;", "&nbsp;", "&NotAnEntity;", "&aacute", "&", "&&", "&#8220;", "&#8221;", "&ldquo;",
        "&rdquo;", "&#128512;", "&#x1F600;", "&#65279;", "&#x0C;", "&#11;", "&amp;amp;", "&#00000000000000038;", "&#X41;", "&ThisIsAVeryLongNameThatIsNoEntity;",
    ]

    func entities(_ random: inout FuzzRandom) -> GeneratedDocument {
        let count = scale(&random, small: 100, medium: 10_000, large: 200_000)
        let single = random.chance(0.4) ? random.pick(Self.entityPieces) : nil
        var run: [UInt8] = []
        run.reserveCapacity(count * 6)
        for index in 0..<count {
            run += Array((single ?? random.pick(Self.entityPieces)).utf8)
            if single == nil, index % 7 == 6, random.chance(0.5) { run += Array(" proven ".utf8) }
        }
        let format: InputFormat = random.chance(0.7) ? .html : random.pick([.markdown, .text])
        var payload: [UInt8]
        switch (format, random.below(3)) {
        case (.html, 0): payload = Array("<p>Cyclosporine is proven ".utf8) + run + Array(" effective.</p>".utf8)
        case (.html, 1): payload = Array("<p><a title=\"".utf8) + run + Array("\" href=\"x\">Dr. Smith</a> said it cures baldness.</p>".utf8)
        case (.html, _): payload = Array("<table><caption>".utf8) + run + Array("</caption><tr><td>87%</td></tr></table>".utf8)
        default: payload = Array("Cyclosporine is proven ".utf8) + run + Array(" effective.".utf8)
        }
        return GeneratedDocument(bytes: embed(payload, format: format, &random), format: format, family: .entities,
                                 note: "\(count) x \(single ?? "mixed entities") in \(format.rawValue)")
    }

    func attributes(_ random: inout FuzzRandom) -> GeneratedDocument {
        let count = scale(&random, small: 50, medium: 5000, large: 100_000)
        let element = random.pick(["p", "div", "a", "meta", "img", "td", "blockquote", "html", "body", "span"])
        var out = Array("<\(element)".utf8)
        out.reserveCapacity(count * 10)
        let style = random.below(5)
        for index in 0..<count {
            switch style {
            case 0: out += Array(" a\(index)=\"v\"".utf8)
            case 1: out += Array(" class=\"x\"".utf8)
            case 2: out += Array(" a\(index)".utf8)
            case 3: out += Array(" data-\(index)='&amp;\(index)'".utf8)
            default: out += Array(random.pick([" a=b", " class=\"comment related\"", " id=sidebar", " x", " =", " \"\"", " href=\"https://doi.org/10.1\"", " charset=\"utf-16\""]).utf8)
            }
        }
        let closed = random.chance(0.85)
        out += Array((closed ? ">" : "").utf8) + claim(&random) + Array("</\(element)>".utf8)
        let format: InputFormat = random.chance(0.85) ? .html : .markdown
        return GeneratedDocument(bytes: embed(out, format: format, &random), format: format, family: .attributes,
                                 note: "\(count) attributes (style \(style)) on <\(element)>\(closed ? "" : " left open")")
    }

    static let quoteMarks = ["\"", "'", "“", "”", "‘", "’", "«", "»", "„", "‹", "›", "``", "''", "&quot;", "&#8220;"]

    func quotes(_ random: inout FuzzRandom) -> GeneratedDocument {
        let count = scale(&random, small: 100, medium: 10_000, large: 200_000)
        var run: [UInt8] = []
        run.reserveCapacity(count * 3)
        let variant = random.below(5)
        let mark = random.pick(Self.quoteMarks)
        switch variant {
        case 0: run = repeated(mark, count)
        case 1: for _ in 0..<count { run += Array(random.pick(Self.quoteMarks).utf8) }
        case 2: for _ in 0..<count { run += Array(mark.utf8) + random.pick(context.words) + [0x20] }
        case 3: for _ in 0..<count { run += Array("said \(mark)proven ".utf8) }
        default: run = repeated("“”", count / 2 + 1)
        }
        let format = random.pick(InputFormat.allCases)
        var payload = Array("Dr. Edwin Talbot, a renowned dermatologist, said ".utf8) + run + Array(" it cures hair loss.".utf8)
        if format == .html { payload = Array("<p>".utf8) + payload + Array("</p>".utf8) }
        return GeneratedDocument(bytes: embed(payload, format: format, &random), format: format, family: .quotes,
                                 note: "\(count) quote marks (\(["run of \(mark)", "mixed marks", "\(mark) before words", "said \(mark)proven", "“” pairs"][variant])) in \(format.rawValue)")
    }

    func filler(_ random: inout FuzzRandom, bytes: Int) -> [UInt8] {
        var out: [UInt8] = []
        out.reserveCapacity(bytes + 128)
        while out.count < bytes {
            if random.chance(0.1) { out += claim(&random) } else { words(&random, count: random.between(3, 20), into: &out) }
            out += Array(random.pick([" ", "\n", " ]] ", " -- ", " </scrip ", " <p> ", ". ", "\n\n"]).utf8)
        }
        return out
    }

    func unterminated(_ random: inout FuzzRandom) -> GeneratedDocument {
        let size = scale(&random, small: 2000, medium: 100_000, large: 2_000_000)
        let markdown = random.chance(0.2)
        let opener = markdown
            ? random.pick(["```", "~~~", "````python", "<!--", "<div>\n", "<script>\n", "<pre>\n", "[link](", "`"])
            : random.pick(["<![CDATA[", "<!--", "<script>", "<style>", "<textarea>", "<title>", "<xmp>", "<plaintext>", "<noscript>",
                           "<iframe>", "<?xml ", "<!DOCTYPE ", "<a href=\"", "<p title='", "<!", "<![if ", "<p", "<!--[if IE]>"])
        let payload = Array(opener.utf8) + filler(&random, bytes: size)
        let format: InputFormat = markdown ? .markdown : .html
        return GeneratedDocument(bytes: embed(payload, format: format, &random, wrapHTML: random.chance(0.5)), format: format,
                                 family: .unterminated, note: "unterminated \(opener.trimmingCharacters(in: .whitespacesAndNewlines)) with \(size) bytes after it")
    }

    func markdown(_ random: inout FuzzRandom) -> GeneratedDocument {
        var out: [UInt8] = []
        let note: String
        switch random.below(11) {
        case 0:
            let large = random.chance(context.largeFraction * 4)
            let opens = large ? 47_000 : scale(&random, small: 500, medium: 10_000, large: 47_000)
            let closes = large ? 50_000 : scale(&random, small: 500, medium: 10_000, large: 50_000)
            out = repeated(">", opens) + repeated("<", closes) + Array(" proven cure\n".utf8)
            note = "\(opens) '>' then \(closes) '<' on one line"
        case 1:
            let columns = scale(&random, small: 40, medium: 1000, large: 5000)
            let rows = random.between(1, columns > 1000 ? 10 : 50)
            out += Array("| ".utf8) + Array((0..<columns).map { "h\($0)" }.joined(separator: " | ").utf8) + Array(" |\n".utf8)
            out += Array("|".utf8) + repeated("---|", columns) + [0x0A]
            for row in 0..<rows { out += Array("| ".utf8) + Array((0..<columns).map { "\(($0 * 7 + row) % 100)%" }.joined(separator: " | ").utf8) + Array(" |\n".utf8) }
            note = "table of \(columns) columns x \(rows) rows"
        case 2:
            let fence = random.pick(["```", "~~~", "````", String(repeating: "`", count: 100)])
            out = Array("\(fence)\(random.pick(["", "python", "html", " weird info ```"]))\n".utf8) + filler(&random, bytes: scale(&random, small: 2000, medium: 100_000, large: 2_000_000))
            note = "unclosed code fence \(fence.prefix(8))"
        case 3:
            let count = scale(&random, small: 100, medium: 5000, large: 100_000)
            for index in 0..<count { out += Array("[r\(index)]: https://example.com/\(index) \"title \(index)\"\n".utf8) }
            out += Array("\nThis cure is proven ".utf8)
            for index in 0..<count { out += Array("[x][r\(index)] ".utf8) }
            note = "\(count) link reference definitions and uses"
        case 4:
            let count = scale(&random, small: 200, medium: 10_000, large: 100_000)
            out = repeated(random.pick(["[a]", "[a][b]", "[", "![", "[x](", "<http://", "*a **b ", "_a __b ", "~~", "\\", "[^1]"]), count) + Array(" proven\n".utf8)
            note = "\(count) bracket/emphasis/link pieces on one line"
        case 5:
            let count = scale(&random, small: 100, medium: 5000, large: 50_000)
            for level in 0..<count { out += repeated("`", level % 40 + 1) + Array(" x ".utf8) }
            note = "\(count) backtick runs of varying lengths"
        case 6:
            let count = scale(&random, small: 200, medium: 10_000, large: 200_000)
            for index in 0..<count { out += Array(random.pick(["# h\(index)\n", "h\(index)\n===\n", "---\n", "- [ ] task \(index)\n", "1. item\n", "    code\n", "\t> quote\n", "<div>\n", "</div>\n", "line  \n", "line\\\n"]).utf8) }
            note = "\(count) block-level lines (headings, setext, rules, tasks, HTML blocks)"
        case 7:
            let count = scale(&random, small: 200, medium: 10_000, large: 200_000)
            out = repeated(random.pick(["www.", "http://", "a@b.", "https://x.y/", "www.example.com/(", "<a@b.c>"]), count) + Array(" proven\n".utf8)
            note = "\(count) autolink pieces on one line"
        case 8:
            let count = scale(&random, small: 100, medium: 5000, large: 50_000)
            for index in 0..<count { out += Array("Claim \(index) is proven[^\(index)].\n\n[^\(index)]: Footnote [^\(index + 1)]\n".utf8) }
            note = "\(count) chained footnotes"
        case 9:
            let count = scale(&random, small: 100, medium: 5000, large: 100_000)
            out = repeated("|", count) + [0x0A] + repeated("-|", count) + Array("\n| proven |\n".utf8)
            note = "\(count) pipes on a header line"
        default:
            let count = scale(&random, small: 100, medium: 10_000, large: 100_000)
            out = repeated(random.pick(["*", "_", "**_", "***", "~", "=", "+", "#"]), count) + Array(" proven cure ".utf8) + repeated("*", count / 2)
            note = "\(count) emphasis characters around a claim"
        }
        return GeneratedDocument(bytes: embed(out, format: .markdown, &random), format: .markdown, family: .markdown, note: note)
    }

    func longSentence(_ random: inout FuzzRandom) -> GeneratedDocument {
        let size = scale(&random, small: 2000, medium: 100_000, large: 1_048_576)
        let variant = random.below(6)
        var sentence = Array("Cyclosporine has been proven to be effective ".utf8)
        sentence.reserveCapacity(size + 64)
        let separator: UInt8 = variant == 1 ? 0x2D : 0x20
        var column = 0
        while sentence.count < size {
            let word = random.pick(context.words)
            sentence += word
            column += word.count + 1
            if variant == 2 && column > 72 { sentence.append(0x0A); column = 0 } else { sentence.append(separator) }
        }
        let format: InputFormat
        var payload: [UInt8]
        switch variant {
        case 3: format = .html; payload = Array("<p>".utf8) + sentence + Array("</p>".utf8)
        case 4: format = .markdown; payload = Array("- ".utf8) + sentence
        case 5: format = .html; payload = Array("<table><tr><td>".utf8) + sentence + Array("</td></tr></table>".utf8)
        default: format = random.pick([.text, .markdown]); payload = sentence
        }
        let kinds = ["spaces", "hyphens (one word)", "hard-wrapped lines", "an HTML paragraph", "a list item", "a table cell"]
        return GeneratedDocument(bytes: embed(payload, format: format, &random), format: format, family: .longsentence,
                                 note: "\(sentence.count)-byte sentence with no punctuation, \(kinds[variant]), as \(format.rawValue)")
    }

    func tables(_ random: inout FuzzRandom) -> GeneratedDocument {
        let wide = random.chance(0.5)
        var columns = wide ? scale(&random, small: 30, medium: 1000, large: 5000) : random.between(2, 8)
        var rows = wide ? random.between(1, 20) : scale(&random, small: 50, medium: 2000, large: 40_000)
        while columns * rows > 400_000 { if rows > 1 { rows /= 2 } else { columns /= 2 } }
        let cells = ["12.5%", "87%", "n=120", "p<0.05", "1,024", "3.2 (2.1–4.8)", "placebo", "minoxidil", "—", "", "HR 0.71", "95% CI"]
        var out: [UInt8] = []
        out.reserveCapacity(columns * rows * 12)
        let format: InputFormat = random.pick([.html, .html, .markdown, .text])
        let caption = random.chance(0.5)
        switch format {
        case .html:
            out += Array("<table>".utf8)
            if caption { out += Array("<caption>Hair regrowth by treatment (Smith 2020)</caption>".utf8) }
            out += Array("<thead><tr>".utf8)
            for column in 0..<columns { out += Array("<th>col \(column)</th>".utf8) }
            out += Array("</tr></thead><tbody>\n".utf8)
            let sloppy = random.chance(0.2)
            for _ in 0..<rows {
                out += Array("<tr>".utf8)
                for _ in 0..<columns {
                    if random.chance(0.002) { out += Array("<td colspan=\"\(random.pick(["100000", "0", "-1", "65536"]))\">".utf8) } else { out += Array("<td>".utf8) }
                    out += Array(random.pick(cells).utf8)
                    if !sloppy { out += Array("</td>".utf8) }
                }
                out += Array((sloppy ? "\n" : "</tr>\n").utf8)
            }
            out += Array("</tbody></table>".utf8)
        case .markdown, .text:
            if caption { out += Array("Table 1: hair regrowth by treatment\n\n".utf8) }
            out += Array("| ".utf8) + Array((0..<columns).map { "col \($0)" }.joined(separator: " | ").utf8) + Array(" |\n|".utf8)
            out += repeated(random.pick(["---|", ":--|", ":-:|"]), columns) + [0x0A]
            for _ in 0..<rows {
                out += Array("| ".utf8)
                for column in 0..<columns { if column > 0 { out += Array(" | ".utf8) }; out += Array(random.pick(cells).utf8) }
                out += Array(" |\n".utf8)
            }
        }
        return GeneratedDocument(bytes: embed(out, format: format, &random), format: format, family: .tables,
                                 note: "\(format.rawValue) table of \(columns) columns x \(rows) rows\(caption ? " with caption" : "")")
    }
}
