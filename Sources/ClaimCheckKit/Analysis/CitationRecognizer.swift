/// Finds citation marks in a token range: links, DOIs and PMIDs, "[1]",
/// "(Smith 2020)", "et al.", "published in", "a 2021 review in", "according to X".
struct CitationRecognizer {
    let analysis: BlockAnalysis
    let rules: RuleSet

    func isCited(_ range: Range<Int>) -> Bool {
        guard !range.isEmpty else { return false }
        if analysis.hasLink(in: range) { return true }
        if analysis.hasList(.citationCues, in: range, rules: rules) { return true }
        let tokens = analysis.tokens
        var index = range.lowerBound
        while index < range.upperBound {
            // "[12]"
            if analysis.isPunctuation(index, "["), index + 2 < range.upperBound, tokens[index + 1].kind == .number,
               analysis.isPunctuation(index + 2, "]") { return true }
            // "(Smith 2020)", "(Smith et al., 2020)", "(2019)" after a capitalised name
            if analysis.isPunctuation(index, "(") {
                // "Mayo Clinic (2023)": a year in brackets right after a name.
                if index > range.lowerBound, tokens[index - 1].isCapitalized, index + 2 < range.upperBound, isYear(index + 1),
                   analysis.isPunctuation(index + 2, ")") { return true }
                var look = index + 1
                var sawName = false
                while look < min(range.upperBound, index + 8), !analysis.isPunctuation(look, ")") {
                    if tokens[look].isCapitalized { sawName = true }
                    if sawName, isYear(look) { return true }
                    look += 1
                }
            }
            // "published this month in Biochemical and Biophysical Research Communications"
            if analysis.isWord(index, rules.words.published) {
                var look = index + 1
                while look < min(range.upperBound, index + 5), !analysis.isWord(look, rules.words.in) { look += 1 }
                if look + 1 < range.upperBound, analysis.isWord(look, rules.words.in), tokens[look + 1].isCapitalized { return true }
            }
            // "a 2021 review", "a 2017 study": a year right before a study noun.
            if isYear(index), index + 1 < range.upperBound {
                let next = (index + 1)..<min(range.upperBound, index + 3)
                if analysis.hasList(.studyNouns, in: next, rules: rules) { return true }
            }
            // "according to the American Cancer Society", "according to a 2017 study"
            if analysis.isWord(index, rules.words.according), index + 2 < range.upperBound, analysis.isWord(index + 1, rules.words.to) {
                var look = index + 2
                let skipped = [rules.words.the, rules.words.a, rules.words.an, rules.words.new, rules.words.recent]
                while look < range.upperBound, skipped.contains(tokens[look].id) { look += 1 }
                if look < range.upperBound, tokens[look].isCapitalized || isYear(look) { return true }
            }
            index += 1
        }
        return false
    }

    func isYear(_ index: Int) -> Bool {
        let token = analysis.tokens[index]
        guard token.kind == .number, token.end - token.start == 4 else { return false }
        guard let value = Int(analysis.word(index)) else { return false }
        return value >= 1900 && value <= 2100
    }

    /// A definite reference to a study the article is about ("the study", "the researchers").
    func refersToStudy(_ range: Range<Int>) -> Bool {
        analysis.hasList(.studyReferences, in: range, rules: rules)
    }
}

/// Finds figures that need a source: percentages, "1 in 4", "3 out of 10", "2-fold".
struct StatisticRecognizer {
    let analysis: BlockAnalysis
    let rules: RuleSet

    /// Token ranges of statistics in a range.
    func statistics(in range: Range<Int>) -> [Range<Int>] {
        var found: [Range<Int>] = []
        let tokens = analysis.tokens
        var index = range.lowerBound
        while index < range.upperBound {
            let token = tokens[index]
            if token.kind == .number, !isOrdinalOrYear(index) {
                if index + 1 < range.upperBound, analysis.isPunctuation(index + 1, "%") {
                    // "95% CI" is the precision of a result, not a claim of its own.
                    let next = index + 2 < range.upperBound ? analysis.word(index + 2) : ""
                    if next != "CI" && next != "confidence" { found.append(index..<(index + 2)) }
                    index += 2; continue
                }
                let after = (index + 1)..<min(range.upperBound, index + 4)
                if let word = analysis.listMatches(.statisticWords, in: after, rules: rules).first, word.start == index + 1 {
                    found.append(index..<word.end); index = word.end; continue
                }
                // "1 in 4", "3 out of 10"
                if index + 2 < range.upperBound, analysis.isWord(index + 1, rules.words.in), tokens[index + 2].kind == .number,
                   !isOrdinalOrYear(index + 2) {
                    found.append(index..<(index + 3)); index += 3; continue
                }
                if index + 3 < range.upperBound, analysis.isWord(index + 1, rules.words.out),
                   analysis.isWord(index + 2, rules.words.of), tokens[index + 3].kind == .number {
                    found.append(index..<(index + 4)); index += 4; continue
                }
                if token.end - token.start > 5, analysis.word(index).lowercased().hasSuffix("-fold") { found.append(index..<(index + 1)) }
            }
            index += 1
        }
        return found
    }

    private func isOrdinalOrYear(_ index: Int) -> Bool {
        let word = analysis.word(index)
        if word.count == 4, let value = Int(word), value >= 1900, value <= 2100 { return true }
        return word.hasSuffix("s") || word.hasSuffix("th") || word.hasSuffix("st") || word.hasSuffix("nd")
    }
}
