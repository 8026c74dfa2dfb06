import ClaimCheckKit
import Foundation
#if canImport(Glibc)
import Glibc
#endif

/// The progress line and the closing summary of a run.
extension Supervisor {
    func progress() {
        let time = elapsed()
        let line = String(format: "[%5.0fs] ", time) + "\(group(documents)) docs  \(group(Int(Double(documents) / max(time, 0.001))))/s  "
            + String(format: "%.1f MB/s", Double(bytes) / 1e6 / max(time, 0.001))
            + "  crashes \(count(.crash))  hangs \(count(.hang))  slow \(count(.slow))  violations \(count(.violation))  restarts \(restarts)"
        FileHandle.standardError.write(Data((line + "\n").utf8))
    }

    func summary(seconds: Double) -> String {
        var out = "\n== claimcheck-fuzz summary (seed \(options.settings.seed)) ==\n"
        out += "documents checked: \(group(documents)) in " + String(format: "%.1f s", seconds)
            + ": \(group(Int(Double(documents) / max(seconds, 0.001)))) documents/s, "
            + String(format: "%.1f MB/s (%.1f MB in all; %.1f s inside check)\n", Double(bytes) / 1e6 / max(seconds, 0.001), Double(bytes) / 1e6, checkSeconds)
        out += "indices: \(options.startIndex)..<\(nextIndex)\(interruptions > 0 ? " (interrupted)" : ""), verdicts \(group(verdicts)), worker restarts \(restarts)\n"
        out += "by family (documents, share of check time, mean size, slowest):\n"
        for (family, _) in table.entries {
            guard let stats = perFamily[family] else { continue }
            out += "  " + pad(family.rawValue, 13) + " " + pad(group(stats.count), 10, right: true)
                + String(format: "  %5.1f%%  ", 100 * stats.seconds / max(checkSeconds, 1e-9))
                + pad(byteSize(stats.bytes / max(stats.count, 1)), 9, right: true) + String(format: "  %.3f s\n", stats.slowest)
        }
        for kind in [Finding.Kind.crash, .hang, .slow, .violation] {
            let list = findings.filter { $0.kind == kind }
            let total = count(kind)
            let title = ["crash": "crashes", "hang": "hangs (killed)", "slow": "inputs over the time limit", "violation": "invariant violations"][kind.rawValue]!
            out += "\(title): \(group(total))\n"
            for finding in list {
                out += "  \(finding.family.rawValue) #\(finding.index), \(byteSize(finding.size)): \(finding.detail.prefix(200))"
                if let site = finding.site { out += "\n      at \(site)" }
                out += "\n      \(finding.file ?? "(not saved)")\n"
            }
            if total > list.count { out += "  … \(group(total - list.count)) more (not saved; --max-saved raises the cap)\n" }
        }
        let grouped = groups.filter { $0.value.kind == .crash || $0.value.kind == .violation }
        if !grouped.isEmpty {
            out += "crashes by site and violations by kind (documents, families, first index):\n"
            for (name, entry) in grouped.sorted(by: { ($0.value.kind == .crash ? 0 : 1, -$0.value.count) < ($1.value.kind == .crash ? 0 : 1, -$1.value.count) }) {
                out += "  " + pad(group(entry.count), 8, right: true) + " x \(name.prefix(200)) [\(entry.families.sorted().joined(separator: ", ")); #\(entry.first)]\n"
            }
        }
        if let longestClaim {
            out += "longest claim: \(group(longestClaim.bytes)) bytes (\(longestClaim.family.rawValue) #\(longestClaim.index)); bound \(group(options.settings.maximumClaimBytes))\n"
        }
        if let peakRSS {
            out += "peak worker memory: \(peakRSS.kilobytes / 1024) MB (reached at \(peakRSS.family.rawValue) #\(peakRSS.index), \(byteSize(peakRSS.size))); bound \(options.settings.maximumRSSMegabytes) MB\n"
        }
        out += "10 slowest inputs:\n"
        for (rank, entry) in slowest.enumerated() {
            let note = entry.size <= 8 << 20 ? generator.make(seed: options.settings.seed, index: entry.index, family: entry.family).note : ""
            out += String(format: "  %2d. %7.3f s  ", rank + 1, entry.seconds) + pad(entry.family.rawValue, 13) + " "
                + pad(byteSize(entry.size), 9, right: true) + "  #\(entry.index)  \(note.prefix(110))\n"
        }
        let tally = "\(count(.crash)) crashes, \(count(.hang)) hangs, \(count(.slow)) slow, \(count(.violation)) violations"
        if failed { out += "result: FAILED (\(tally))\n" }
        else if count(.violation) > 0 { out += "result: passed, but with \(group(count(.violation))) invariant violations (they fail the run with --strict)\n" }
        else { out += "result: clean\n" }
        return out
    }
}

func group(_ value: Int) -> String {
    let digits = String(value)
    var out = ""
    for (offset, character) in digits.enumerated() {
        if offset > 0 && (digits.count - offset) % 3 == 0 && character != "-" { out += "," }
        out.append(character)
    }
    return out
}

func pad(_ text: String, _ width: Int, right: Bool = false) -> String {
    let padding = String(repeating: " ", count: max(0, width - text.count))
    return right ? padding + text : text + padding
}
