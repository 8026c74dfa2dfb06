/// Whether a figure is a health statistic: a risk, rate, prevalence, efficacy,
/// survival, side-effect frequency or share of patients, the figures that need
/// their study. Concentrations and doses ("a 2% solution", "contains 0.3% of the
/// extract"), prices, market figures, purity labels ("100% natural") and figures
/// of speech ("even a 1 percent chance", "100 percent committed") are not.
///
/// Decided by the words around the figure, all of them data (`statistic-*` lists
/// in `Rules/lexicon.yml`): a word right after or right before the figure that
/// makes it a dose, label or figure of speech; a money word near it; and, in the
/// sentence, at least one word of health or of people.
struct HealthStatisticFilter {
    /// The lexicon lists this type reads; the lexicon must define each.
    static let lists = ["statistic-health-cues", "statistic-not-health-after", "statistic-not-health-before", "statistic-not-health-near"]

    /// How far a money word ("shares", "revenue") reaches either side of the figure.
    static let nearWindow = 6

    let analysis: BlockAnalysis
    let matching: MatchingLayer

    func isHealthStatistic(_ figure: Range<Int>) -> Bool {
        guard let sentence = analysis.sentence(containing: figure.lowerBound) else { return true }
        // "a 2% solution", "0.3% retinol serum", "100 percent committed"; not "5% of patients".
        let after = figure.upperBound..<min(sentence.upperBound, figure.upperBound + 3)
        if !after.isEmpty, !analysis.isWord(after.lowerBound, matching.words.of),
           listMatches("statistic-not-health-after", in: after).contains(where: { $0.start <= after.lowerBound + 1 }) { return false }
        // "contains 5%", "even a 1 percent chance", "save 20%"
        let before = max(sentence.lowerBound, figure.lowerBound - 3)..<figure.lowerBound
        if listMatches("statistic-not-health-before", in: before).contains(where: { $0.end == figure.lowerBound }) { return false }
        // "shares rose 15%", "a market worth … grew 8%"
        let near = max(sentence.lowerBound, figure.lowerBound - Self.nearWindow)..<min(sentence.upperBound, figure.upperBound + Self.nearWindow)
        if !listMatches("statistic-not-health-near", in: near).isEmpty { return false }
        return !listMatches("statistic-health-cues", in: sentence).isEmpty
    }

    private func listMatches(_ name: String, in range: Range<Int>) -> [PhraseAutomaton.Match] {
        guard !range.isEmpty, let list = matching.listIDs[name] else { return [] }
        return analysis.listMatches(id: list, in: range, matching: matching)
    }
}
