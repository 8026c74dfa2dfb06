/// A self-contained HTML page (no network, no script): the article with each
/// claim highlighted in its verdict's colour, a note beside each block with the
/// verdicts, reasons and evidence, a summary bar and the checklist.
public struct HTMLReporter: Reporter {
    public var identifier: String { "html" }
    public init() {}

    public func render(_ reports: [Report]) -> String {
        var body = ""
        for (index, report) in reports.enumerated() { body += section(report, number: index) }
        let title = reports.count == 1 ? "ClaimCheck: \(reports[0].source)" : "ClaimCheck: \(reports.count) documents"
        return """
        <!DOCTYPE html>
        <html lang="en"><head><meta charset="utf-8">
        <meta name="viewport" content="width=device-width, initial-scale=1">
        <title>\(Self.escape(title))</title>
        <style>\(Self.style)</style>
        </head><body>
        \(body)
        <footer class="foot">Made by ClaimCheck \(ClaimCheckVersion.current). Verdicts weigh what the text asserts against the evidence registry; they are prompts for an editor, not a ruling.</footer>
        </body></html>

        """
    }

    private func section(_ report: Report, number: Int) -> String {
        var out = "<section class=\"doc\">\n<header class=\"top\"><h1>\(Self.escape(report.source))</h1>"
        out += "<span class=\"gate \(report.gate.rawValue)\">gate \(report.gate.rawValue)</span></header>\n"
        if let error = report.error {
            return out + "<p class=\"error\">Could not read this input: \(Self.escape(error))</p></section>\n"
        }
        out += summary(report)
        out += checklist(report)
        if !report.diagnostics.isEmpty {
            out += "<ul class=\"diagnostics\">"
            for diagnostic in report.diagnostics {
                out += "<li class=\"\(diagnostic.severity.rawValue)\">line \(diagnostic.line): <b>\(Self.escape(diagnostic.rule))</b> \(Self.escape(diagnostic.message))</li>"
            }
            out += "</ul>\n"
        }
        out += article(report, number: number)
        return out + "</section>\n"
    }

    private func summary(_ report: Report) -> String {
        var out = "<div class=\"summary\">"
        for kind in VerdictKind.allCases {
            let count = report.verdicts.filter { $0.verdict == kind }.count
            out += "<span class=\"chip v-\(kind.rawValue)\"><b>\(count)</b> \(kind.rawValue)</span>"
        }
        out += "<span class=\"sep\"></span>"
        for region in [Region.body, .comments, .related] {
            let count = report.verdicts.filter { $0.region == region }.count
            out += "<span class=\"chip region\"><b>\(count)</b> in \(region.rawValue)</span>"
        }
        let suppressed = report.verdicts.filter { $0.suppression != nil }.count
        if suppressed > 0 { out += "<span class=\"chip region\"><b>\(suppressed)</b> suppressed</span>" }
        return out + "</div>\n"
    }

    private func checklist(_ report: Report) -> String {
        guard !report.checklist.isEmpty else { return "" }
        var out = "<ul class=\"checklist\">"
        for item in report.checklist {
            out += "<li class=\"\(item.passed ? "pass" : "fail")\"><span>\(item.passed ? "✓" : "✗")</span> \(Self.escape(item.message))</li>"
        }
        return out + "</ul>\n"
    }

    private func article(_ report: Report, number: Int) -> String {
        var byBlock: [Int: [(Int, Verdict)]] = [:]
        for (index, verdict) in report.verdicts.enumerated() { byBlock[verdict.blockIndex, default: []].append((index + 1, verdict)) }
        var out = "<div class=\"article\">\n"
        var region = Region.body
        for (blockIndex, block) in report.blocks.enumerated() {
            if block.region != region {
                region = block.region
                let label = region == .comments ? "Reader comments" : region == .related ? "Related content" : "Article"
                out += "<div class=\"row\"><h2 class=\"region-label\">\(label)</h2><div></div></div>\n"
            }
            let claims = (byBlock[blockIndex] ?? []).sorted { $0.1.range.lowerBound < $1.1.range.lowerBound }
            let content = highlighted(block.text, claims: claims, number: number)
            let element: String
            switch block.kind {
            case .heading: element = "<h3>\(content)</h3>"
            case .listItem: element = "<ul><li>\(content)</li></ul>"
            case .quote: element = "<blockquote>\(content)</blockquote>"
            case .caption: element = "<p class=\"caption\">\(content)</p>"
            case .table: element = table(block.text, claims: claims, number: number)
            case .paragraph: element = "<p>\(content)</p>"
            }
            var notes = ""
            for (index, verdict) in claims { notes += note(verdict, index: index, number: number) }
            out += "<div class=\"row \(region.rawValue)\"><div class=\"block\">\(element)</div><div class=\"notes\">\(notes)</div></div>\n"
        }
        return out + "</div>\n"
    }

    /// The block's text with each claim's bytes wrapped in a `<mark>`.
    private func highlighted(_ text: String, claims: [(Int, Verdict)], number: Int) -> String {
        let bytes = Array(text.utf8)
        var out = ""
        var cursor = 0
        for (index, verdict) in claims {
            let range = max(cursor, min(verdict.range.lowerBound, bytes.count))..<min(verdict.range.upperBound, bytes.count)
            guard !range.isEmpty else { continue }
            out += Self.escape(String(decoding: bytes[cursor..<range.lowerBound], as: UTF8.self))
            let suppressed = verdict.suppression != nil ? " suppressed" : ""
            out += "<mark class=\"claim v-\(verdict.verdict.rawValue)\(suppressed)\" id=\"d\(number)-claim-\(index)\" title=\"\(verdict.verdict.rawValue)\">"
            out += Self.escape(String(decoding: bytes[range], as: UTF8.self))
            out += "<sup>\(index)</sup></mark>"
            cursor = range.upperBound
        }
        out += Self.escape(String(decoding: bytes[min(cursor, bytes.count)...], as: UTF8.self))
        return out
    }

    private func table(_ text: String, claims: [(Int, Verdict)], number: Int) -> String {
        let verdict = claims.first
        var out = "<table class=\"\(verdict.map { "flagged v-\($0.1.verdict.rawValue)" } ?? "")\">"
        for (rowIndex, row) in text.split(separator: "\n", omittingEmptySubsequences: false).enumerated() {
            out += "<tr>"
            for cell in row.components(separatedBy: " | ") {
                let tag = rowIndex == 0 ? "th" : "td"
                out += "<\(tag)>\(Self.escape(cell))</\(tag)>"
            }
            out += "</tr>"
        }
        out += "</table>"
        if let (index, _) = verdict { out += "<p class=\"table-mark\"><sup>\(index)</sup></p>" }
        return out
    }

    private func note(_ verdict: Verdict, index: Int, number: Int) -> String {
        var out = "<div class=\"note v-\(verdict.verdict.rawValue)\(verdict.suppression != nil ? " suppressed" : "")\">"
        out += "<div class=\"head\"><sup>\(index)</sup> <b>\(verdict.verdict.rawValue)</b> <span class=\"sev \(verdict.severity.rawValue)\">\(verdict.severity.rawValue)</span>"
        out += " <span class=\"loc\">line \(verdict.location.line), col \(verdict.location.column)</span></div>"
        if let suppression = verdict.suppression {
            out += "<div class=\"why\">suppressed (\(suppression.kind.rawValue)): \(Self.escape(suppression.justification))</div>"
        }
        if let speaker = verdict.speaker { out += "<div class=\"who\">speaker: \(Self.escape(speaker))\(verdict.organisation.map { ", " + Self.escape($0) } ?? "")</div>" }
        out += "<ul>"
        for reason in verdict.reasons { out += "<li><code>\(Self.escape(reason.rule))</code> \(Self.escape(reason.message))</li>" }
        out += "</ul>"
        for evidence in verdict.evidence {
            out += "<div class=\"evidence\"><b>\(Self.escape(evidence.name))</b>, \(Self.escape(evidence.condition)): <i>\(evidence.grade.rawValue)</i>. "
            out += Self.escape(evidence.citation)
            if let link = evidence.link, !evidence.citation.contains(link) { out += " <span class=\"link\">\(Self.escape(link))</span>" }
            out += "</div>"
        }
        return out + "</div>"
    }

    static func escape(_ text: String) -> String {
        var out = ""
        out.reserveCapacity(text.utf8.count)
        for character in text {
            switch character {
            case "&": out += "&amp;"
            case "<": out += "&lt;"
            case ">": out += "&gt;"
            case "\"": out += "&quot;"
            default: out.append(character)
            }
        }
        return out
    }

    static let style = """
    :root{--supported:#2e7d32;--overstated:#d84315;--contradicted:#b71c1c;--unsupported:#a66b00;--unverifiable:#6a1b9a}
    body{font:16px/1.55 Georgia,'Times New Roman',serif;color:#1d1d1f;margin:0;background:#f6f5f1}
    .doc{max-width:72rem;margin:0 auto;padding:1.5rem 2rem 2rem;background:#fff;box-shadow:0 0 0 1px #e4e2da}
    .top{display:flex;align-items:center;gap:1rem;border-bottom:2px solid #1d1d1f;padding-bottom:.6rem}
    .top h1{font:600 1.15rem/1.3 system-ui,sans-serif;margin:0;flex:1;word-break:break-all}
    .gate{font:600 .85rem system-ui,sans-serif;padding:.25rem .7rem;border-radius:1rem;color:#fff}
    .gate.pass{background:var(--supported)} .gate.fail{background:var(--contradicted)}
    .summary{display:flex;flex-wrap:wrap;gap:.4rem;margin:.9rem 0;font:.85rem system-ui,sans-serif}
    .chip{padding:.2rem .6rem;border-radius:.4rem;border:1px solid currentColor}
    .chip.v-supported{color:var(--supported)} .chip.v-overstated{color:var(--overstated)} .chip.v-contradicted{color:var(--contradicted)}
    .chip.v-unsupported{color:var(--unsupported)} .chip.v-unverifiable{color:var(--unverifiable)} .chip.region{color:#555}
    .sep{width:1rem}
    .checklist,.diagnostics{list-style:none;padding:0;margin:.3rem 0 1rem;font:.85rem system-ui,sans-serif;color:#444}
    .checklist li span{display:inline-block;width:1.2rem;font-weight:700}
    .checklist .pass span{color:var(--supported)} .checklist .fail span{color:var(--contradicted)}
    .diagnostics .error{color:var(--contradicted)} .diagnostics .warning{color:var(--unsupported)}
    .row{display:grid;grid-template-columns:minmax(0,1fr) 21rem;gap:1.6rem;align-items:start}
    .row.comments .block,.row.related .block{color:#555;font-size:.92rem}
    .region-label{font:600 .8rem system-ui,sans-serif;text-transform:uppercase;letter-spacing:.08em;color:#777;border-top:1px solid #ddd;padding-top:.8rem;margin:1.2rem 0 .2rem}
    .block p,.block ul,.block blockquote,.block h3,.block table{margin:.45rem 0}
    .block h3{font:600 1.1rem system-ui,sans-serif}
    blockquote{border-left:3px solid #ccc;padding-left:.9rem;font-style:italic}
    mark.claim{background:none;padding:.05rem .1rem;border-bottom:2px solid;border-radius:2px}
    mark.v-supported{background:#e8f5e9;border-color:var(--supported)} mark.v-overstated{background:#fbe9e7;border-color:var(--overstated)}
    mark.v-contradicted{background:#ffebee;border-color:var(--contradicted)} mark.v-unsupported{background:#fff4d6;border-color:var(--unsupported)}
    mark.v-unverifiable{background:#f3e5f5;border-color:var(--unverifiable)} mark.suppressed{background:#f2f2f2;border-bottom-style:dashed}
    mark sup,.note sup,.table-mark sup{font:700 .7rem system-ui,sans-serif;margin-left:.15rem}
    table{border-collapse:collapse;font:.9rem system-ui,sans-serif} th,td{border:1px solid #ccc;padding:.25rem .6rem}
    table.flagged{outline:2px solid var(--unsupported);outline-offset:2px} table.v-unsupported th{background:#fff4d6}
    .notes{font:.8rem/1.4 system-ui,sans-serif}
    .note{border-left:4px solid;padding:.4rem .6rem;margin:.45rem 0;background:#fafafa}
    .note.v-supported{border-color:var(--supported)} .note.v-overstated{border-color:var(--overstated)} .note.v-contradicted{border-color:var(--contradicted)}
    .note.v-unsupported{border-color:var(--unsupported)} .note.v-unverifiable{border-color:var(--unverifiable)} .note.suppressed{opacity:.65}
    .note .head b{text-transform:uppercase;letter-spacing:.04em}
    .note.v-supported .head b{color:var(--supported)} .note.v-overstated .head b{color:var(--overstated)} .note.v-contradicted .head b{color:var(--contradicted)}
    .note.v-unsupported .head b{color:var(--unsupported)} .note.v-unverifiable .head b{color:var(--unverifiable)}
    .sev{font-size:.7rem;padding:0 .3rem;border-radius:.2rem;background:#eee} .sev.error{background:#ffcdd2} .sev.warning{background:#ffe0b2}
    .loc{color:#888;font-size:.72rem} .note ul{margin:.3rem 0;padding-left:1rem} .note code{font-size:.72rem;color:#555}
    .evidence{margin-top:.3rem;padding-top:.3rem;border-top:1px dotted #ccc;color:#333} .evidence .link{color:#1565c0;word-break:break-all}
    .who{color:#555;margin:.2rem 0}
    .foot{max-width:72rem;margin:0 auto;padding:1rem 2rem;font:.75rem system-ui,sans-serif;color:#777}
    @media (max-width:60rem){.row{grid-template-columns:1fr}}
    """
}
