import ArgumentParser
import ClaimCheckKit
import Foundation

/// Summarises JSONL reports written by `audit` (for example the parts of a
/// sharded or Spark run) as one audit summary.
struct SummaryCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "summary",
        abstract: "Summarise JSONL reports (from audit runs or their shards) into one summary.",
        discussion: "Example:\n  claimcheck summary part-*.jsonl --summary summary.json"
    )

    @Argument(help: ArgumentHelp("JSONL report files, or - for standard input.", valueName: "reports"))
    var files: [String]

    @Option(help: ArgumentHelp("Write the summary as JSON to this file.", valueName: "file"))
    var summary: String?

    func run() throws {
        var builder = AuditSummary.Builder()
        let decoder = JSONDecoder()
        for file in files {
            var reader = ByteStreamReader(try FileByteSource(path: file))
            var number = 0
            while let line = try reader.readLine() {
                number += 1
                guard !line.isEmpty else { continue }
                do { builder.add(try decoder.decode(Report.self, from: Data(line))) } catch {
                    FileHandle.standardError.write(Data("\(file):\(number): error: not a claimcheck report line (\(error))\n".utf8))
                    throw ExitCode(2)
                }
            }
        }
        let result = builder.finish()
        if let summary {
            let encoder = JSONEncoder()
            encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
            try encoder.encode(result).write(to: URL(fileURLWithPath: summary))
        } else {
            print(result.text(), terminator: "")
        }
    }
}
