import ClaimCheckKit
import Foundation
#if canImport(Glibc)
import Glibc
#endif

/// What checking one document found.
struct CheckOutcome: Sendable {
    var seconds: Double
    var verdicts: Int
    /// The longest claim text of any verdict, in UTF-8 bytes.
    var longestClaim: Int
    /// Peak resident memory of the process after the check, in KB.
    var peakRSSKilobytes: Int
    var violations: [String]
}

/// Checks a document and every invariant that can be stated from the outside.
struct InvariantChecker: Sendable {
    let checker: ClaimChecker
    /// A second checker that keeps the article text (the HTML report needs it).
    let articleChecker: ClaimChecker
    let catalog: RuleCatalog
    var maximumClaimBytes: Int
    var maximumRSSKilobytes: Int

    init(checker: ClaimChecker, maximumClaimBytes: Int, maximumRSSMegabytes: Int) {
        // Generated text has few words of health: weigh it all, or the invariants would hold vacuously.
        var weighing = checker
        weighing.weighsEveryTopic = true
        self.checker = weighing
        var article = weighing
        article.keepsArticleText = true
        self.articleChecker = article
        self.catalog = checker.catalog
        self.maximumClaimBytes = maximumClaimBytes
        self.maximumRSSKilobytes = maximumRSSMegabytes * 1024
    }

    /// `deep`: also every other reporter, the `Codable` JSON compared with the fast
    /// writer's, and a second check that must give the same report.
    func check(_ bytes: [UInt8], format: InputFormat, source: String, deep: Bool) -> CheckOutcome {
        let start = DispatchTime.now().uptimeNanoseconds
        let report = checker.check(bytes, source: source, format: format)
        let seconds = Double(DispatchTime.now().uptimeNanoseconds - start) / 1e9
        var violations: [String] = []
        var longest = 0
        let lines = LineBreaks(bytes)
        for (number, verdict) in report.verdicts.enumerated() {
            longest = max(longest, verdict.claim.utf8.count)
            if let problem = lines.problem(with: verdict.location, byteCount: bytes.count) {
                violations.append("verdict \(number) (\(verdict.rule)) location \(Self.describe(verdict.location)): \(problem)")
            }
            if verdict.claim.utf8.count > maximumClaimBytes {
                violations.append("verdict \(number) (\(verdict.rule)) claim is \(verdict.claim.utf8.count) bytes, over the \(maximumClaimBytes)-byte bound")
            }
            if verdict.claim.isEmpty { violations.append("verdict \(number) (\(verdict.rule)) has an empty claim") }
            if verdict.claim.utf8.count > 3 * bytes.count + 16 {
                violations.append("verdict \(number) claim is \(verdict.claim.utf8.count) bytes from a \(bytes.count)-byte file")
            }
        }
        if report.summary.verdicts != report.verdicts.count { violations.append("summary counts \(report.summary.verdicts) verdicts, report has \(report.verdicts.count)") }
        if report.error != nil && !report.verdicts.isEmpty { violations.append("report has an error and \(report.verdicts.count) verdicts") }

        // The JSON report (as `audit` writes it) must be strict JSON; the text report must render.
        let line = ReportJSONWriter().line(report)
        if let error = JSONValidator.firstError(in: Array(line.dropLast())) {
            violations.append("ReportJSONWriter line is not valid JSON at byte \(error) of \(line.count): \(Self.excerpt(line, around: error))")
        }
        _ = TextReporter().render(report)

        if deep {
            // The Codable encoding (`check --format json`) must succeed and be the same document.
            let encoder = JSONEncoder()
            encoder.outputFormatting = [.sortedKeys]
            do {
                let codable = try encoder.encode(report)
                // Compared as canonical JSON (both parsed, then written with sorted keys):
                // NSDictionary equality on Linux tells a top-level `true` from itself.
                if let decoded = try? JSONSerialization.jsonObject(with: codable), let parsed = try? JSONSerialization.jsonObject(with: Data(line)),
                   let left = try? JSONSerialization.data(withJSONObject: decoded, options: [.sortedKeys]),
                   let right = try? JSONSerialization.data(withJSONObject: parsed, options: [.sortedKeys]), left != right {
                    violations.append("ReportJSONWriter line differs from the Codable encoding")
                }
            } catch {
                violations.append("JSONEncoder failed: \(error)")
            }
            _ = SARIFReporter(catalog: catalog).render([report])
            _ = JUnitReporter().render([report])
            _ = GitHubReporter().render([report])
            _ = ClaimReviewReporter(organisation: "Fuzz", date: Date(timeIntervalSince1970: 0)).render([report])
            _ = HTMLReporter().render([articleChecker.check(bytes, source: source, format: format)])
            let again = checker.check(bytes, source: source, format: format)
            if ReportJSONWriter().line(again) != line { violations.append("a second check of the same bytes gave a different report") }
        }

        var usage = rusage()
        getrusage(__rusage_who_t(RUSAGE_SELF.rawValue), &usage)
        let peak = Int(usage.ru_maxrss)
        if peak > maximumRSSKilobytes { violations.append("peak memory \(peak / 1024) MB, over \(maximumRSSKilobytes / 1024) MB") }
        return CheckOutcome(seconds: seconds, verdicts: report.verdicts.count, longestClaim: longest, peakRSSKilobytes: peak, violations: violations)
    }

    static func excerpt(_ bytes: [UInt8], around offset: Int) -> String {
        let slice = bytes[max(0, offset - 30)..<min(bytes.count, offset + 30)]
        return slice.map { $0 >= 0x20 && $0 < 0x7F ? String(UnicodeScalar($0)) : "\\x" + String($0, radix: 16) }.joined()
    }

    static func describe(_ location: SourceLocation) -> String {
        "\(location.line):\(location.column)-\(location.endLine):\(location.endColumn) offset \(location.offset) length \(location.length)"
    }
}

/// The file's lines as LF bytes split them (as `LineIndex` does), to judge a
/// location from the outside.
struct LineBreaks {
    /// Byte offset at which each line starts.
    let starts: [Int]
    let byteCount: Int

    init(_ bytes: [UInt8]) {
        var starts = [0]
        for (offset, byte) in bytes.enumerated() where byte == 0x0A { starts.append(offset + 1) }
        self.starts = starts
        self.byteCount = bytes.count
    }

    /// Length in bytes of 1-based line `line`, without its LF.
    func length(ofLine line: Int) -> Int {
        let end = line < starts.count ? starts[line] - 1 : byteCount
        return end - starts[line - 1]
    }

    /// The 1-based line holding byte `offset`.
    func line(ofByte offset: Int) -> Int {
        var low = 0, high = starts.count - 1
        while low < high {
            let mid = (low + high + 1) / 2
            if starts[mid] <= offset { low = mid } else { high = mid - 1 }
        }
        return low + 1
    }

    func problem(with location: SourceLocation, byteCount: Int) -> String? {
        let lines = starts.count
        if location.offset < 0 || location.length < 0 { return "negative offset or length" }
        if location.offset + location.length > byteCount { return "ends at byte \(location.offset + location.length), past the file's \(byteCount) bytes" }
        if location.line < 1 || location.line > lines { return "line \(location.line) outside 1...\(lines)" }
        if location.endLine < location.line || location.endLine > lines { return "end line \(location.endLine) outside \(location.line)...\(lines)" }
        if location.column < 1 || location.column - 1 > length(ofLine: location.line) {
            return "column \(location.column) outside line \(location.line) of \(length(ofLine: location.line)) bytes"
        }
        if location.endColumn < 1 || location.endColumn - 1 > length(ofLine: location.endLine) {
            return "end column \(location.endColumn) outside line \(location.endLine) of \(length(ofLine: location.endLine)) bytes"
        }
        if location.endLine == location.line && location.endColumn < location.column { return "ends before it starts" }
        if line(ofByte: location.offset) != location.line { return "offset \(location.offset) is on line \(line(ofByte: location.offset)), not \(location.line)" }
        return nil
    }
}
