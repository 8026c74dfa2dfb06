extension RuleEngine {
    /// The lexicon lists this finding's grammar reads; the lexicon must define each.
    static let organisationFindingLists = ["affiliation-prepositions", "finding-adverbs"]

    /// Tokens allowed between an organisation and the finding credited to it ("the WHO now says that").
    static let organisationReach = 2

    /// The registry organisation a finding is credited to: named just before the
    /// phrase in its clause, as the subject ("The World Health Organization has found
    /// that"), not as an affiliation ("researchers at the Mayo Clinic found that").
    func organisation(before position: Int, in sentence: Range<Int>, analysis: BlockAnalysis) -> String? {
        let window = max(sentence.lowerBound, position - 12)..<position
        let named = analysis.matches(in: window, where: { tag in
            if case .organisation = tag { return true }
            return false
        }, matching: matching)
        guard let nearest = named.last(where: { position - $0.end <= Self.organisationReach }),
              case .organisation(let index) = matching.tags[Int(nearest.tag)] else { return nil }
        // Only adverbs between ("the WHO now says that"): "Mayo Clinic researchers found that" credits researchers.
        let between = nearest.end..<position
        guard between.allSatisfy({ matching.isWord(analysis.tokens[$0], inList: "finding-adverbs") }) else { return nil }
        var before = nearest.start - 1
        if before >= sentence.lowerBound, analysis.isWord(before, matching.words.the) { before -= 1 }
        if before >= sentence.lowerBound, matching.isWord(analysis.tokens[before], inList: "affiliation-prepositions") { return nil }
        return registry.organisations[index].name
    }
}
