import Foundation
import Testing
@testable import ClaimCheckKit

/// A page that does not read as a health article is not weighed: its hype and
/// figures are not health claims.
struct TopicGateTests {
    /// About 170 words on a trade deal, with a hype word and an unsourced figure.
    let tradePage = """
        Negotiators met again on Tuesday in the capital, where officials from both countries spent nine hours on tariffs, \
        farm purchases and the rules for technology transfer. A breakthrough in the talks has remained just out of reach \
        for months, and markets moved on every rumour of a signing ceremony. Exporters said about 40 percent of their \
        orders for next season are waiting on the outcome. Shipping firms have delayed new routes, and several ports \
        reported quieter weeks than usual for the time of year. The two delegations plan to meet again next month, \
        after a round of calls between their deputies, and both sides said the remaining gaps were narrower than before. \
        Farmers in the north want the purchase targets written into the text, while manufacturers want the tariff \
        schedule phased out over three years instead of five. Analysts expect a partial agreement at best, with the \
        hardest questions left to a later round. Officials declined to say when the leaders themselves would meet, or \
        where, but both capitals have offered to host the signing. Currency traders are watching the talks closely.

        """

    @Test func aLongPageOnAnotherTopicGetsNoVerdictsAndSaysWhy() throws {
        let report = check(tradePage, format: .text)
        #expect(report.verdicts.isEmpty)
        #expect(report.checklist.isEmpty)
        let note = try #require(report.notes.first { $0.hasPrefix("not weighed:") })
        #expect(note.contains("the body does not read as a health article (0 health words in "))
        #expect(note.contains("set `every-topic: true` in .claimcheck.yml"))
    }

    @Test func everyTopicWeighsItAnyway() throws {
        var checker = sharedChecker
        checker.weighsEveryTopic = true
        let report = check(tradePage, format: .text, checker: checker)
        #expect(report.verdicts.map { $0.reasons.first?.rule } == ["certainty.hype"])
        #expect(!report.notes.contains { $0.hasPrefix("not weighed:") })
    }

    @Test func aShortTextIsJudgedWhateverItsWords() {
        let report = check("A breakthrough in the talks has remained out of reach; about 40 percent of orders wait.\n", format: .text)
        #expect(report.verdicts.map { $0.reasons.first?.rule } == ["certainty.hype"])
    }

    @Test func theSettingIsReadFromTheConfigFile() throws {
        let folder = NSTemporaryDirectory() + "topic-gate-\(UUID().uuidString)"
        try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(atPath: folder) }
        let path = folder + "/.claimcheck.yml"
        try "every-topic: true\n".write(toFile: path, atomically: true, encoding: .utf8)
        #expect(try Configuration.load(path: path).everyTopic == true)
        try "every-topic: maybe\n".write(toFile: path, atomically: true, encoding: .utf8)
        #expect(throws: ConfigurationError.self) { try Configuration.load(path: path) }
    }
}
