import Foundation

/// The reports an interrupted audit already wrote, for `--resume`. A document
/// is known by its id and which occurrence of that id it is in the input (the
/// second `page.html` of a JSONL file is not the first), so a resumed run
/// writes exactly the reports a full run would, duplicates included. (Output,
/// ordered or not, always writes the reports of one id in input order.)
public struct AuditResumeLog {
    /// Reports still to be matched, per id.
    private var remaining: [String: Int] = [:]
    /// Documents skipped because their report was already there.
    public private(set) var skipped = 0
    /// Reports read from the file.
    public private(set) var reports = 0

    public init() {}

    /// Reads the reports in `path` into `summary` (so the summary is the whole
    /// run's), and cuts the file after the last whole report: a torn last line,
    /// or anything from the first line that is not a report, is removed so that
    /// its document is checked again.
    public static func load(path: String, into summary: inout AuditSummary.Builder) throws(InputError) -> AuditResumeLog {
        var log = AuditResumeLog()
        var reader = ByteStreamReader(try FileByteSource(path: path))
        let decoder = JSONDecoder()
        var validEnd = 0
        do {
            while let line = try reader.readLine() {
                guard !reader.lastLineWasUnterminated,
                      let report = try? decoder.decode(Report.self, from: Data(line)) else { break }
                log.remaining[report.source, default: 0] += 1
                log.reports += 1
                summary.add(report)
                validEnd = reader.consumed
            }
        } catch {
            throw InputError(path: path, message: "cannot be read to resume (\(error)); check it, or start again without --resume")
        }
        var info = stat()
        if stat(path, &info) == 0, Int(info.st_size) > validEnd, truncate(path, off_t(validEnd)) != 0 {
            throw InputError(path: path, message: "cannot be cut after its last whole report (\(InputFileReader.reason(errno))); check its permissions")
        }
        return log
    }

    /// Whether the next document with this id already has its report (counting it as matched).
    public mutating func alreadyDone(_ id: String) -> Bool {
        guard let count = remaining[id], count > 0 else { return false }
        remaining[id] = count - 1
        skipped += 1
        return true
    }
}
