/// Finds citation marks in a token range: links, DOIs and PMIDs, "[1]",
/// "(Smith 2020)", "et al.", "published in", "a 2021 review in", "according to X".
struct CitationRecognizer {
    let analysis: BlockAnalysis
    let matching: MatchingLayer

    func isCited(_ range: Range<Int>) -> Bool { mark(in: range) != nil }

    /// The token range of the first citation mark in a token range (for a link, the
    /// tokens of its text), or nil.
    func mark(in range: Range<Int>) -> Range<Int>? {
        guard !range.isEmpty else { return nil }
        let tokens = analysis.tokens
        let text = analysis.textRange(range)
        if let link = analysis.block.links.first(where: { $0.overlaps(text) }) {
            let first = analysis.firstToken(startingAtOrAfter: link.lowerBound, in: range)
            let end = analysis.firstToken(startingAtOrAfter: link.upperBound, in: range)
            // A link glued to a word ("risk<sup>12</sup>" is one token) starts inside that token.
            let start = first > range.lowerBound && Int(tokens[first - 1].end) > link.lowerBound ? first - 1 : first
            return start..<max(start + 1, min(end, range.upperBound))
        }
        if let cue = analysis.firstListMatch(.citationCues, in: range, matching: matching) { return cue.start..<cue.end }
        var index = range.lowerBound
        let published = matching.words.published
        while index < range.upperBound {
            let mayBeMarker = mayBeReferenceMarker(index, in: range)
            // Most tokens are words that start no mark: of the tests below, a word can
            // pass only the reference mark, "published" and "according" (which starts
            // with "a", so `mayBeReferenceMarker` keeps it).
            if !mayBeMarker, tokens[index].kind == .word, tokens[index].id != published { index += 1; continue }
            if mayBeMarker, let marker = referenceMarker(at: index, in: range) { return marker }
            // "(Smith 2020)", "(Smith et al., 2020)", "(2019)" after a capitalised name
            if analysis.isPunctuation(index, "(") {
                // "Mayo Clinic (2023)": a year in brackets right after a name.
                if index > range.lowerBound, tokens[index - 1].isCapitalized, index + 2 < range.upperBound, isYear(index + 1),
                   analysis.isPunctuation(index + 2, ")") { return index..<(index + 3) }
                var look = index + 1
                var sawName = false
                while look < min(range.upperBound, index + 8), !analysis.isPunctuation(look, ")") {
                    if tokens[look].isCapitalized { sawName = true }
                    if sawName, isYear(look) { return index..<(look + 1) }
                    look += 1
                }
            }
            // "published this month in Biochemical and Biophysical Research Communications"
            if analysis.isWord(index, matching.words.published) {
                var look = index + 1
                while look < min(range.upperBound, index + 5), !analysis.isWord(look, matching.words.in) { look += 1 }
                // "published November 2 in the Obesity Journal": past "the" to the name.
                if look + 1 < range.upperBound, analysis.isWord(look, matching.words.in) {
                    let name = analysis.isWord(look + 1, matching.words.the) && look + 2 < range.upperBound ? look + 2 : look + 1
                    if tokens[name].isCapitalized { return index..<(name + 1) }
                }
            }
            // "a 2021 review", "a 2017 study": a year right before a study noun.
            if isYear(index), index + 1 < range.upperBound {
                let next = (index + 1)..<min(range.upperBound, index + 3)
                if let noun = analysis.firstListMatch(.studyNouns, in: next, matching: matching) { return index..<noun.end }
            }
            // "according to the American Cancer Society", "according to a 2017 study"
            if analysis.isWord(index, matching.words.according), index + 2 < range.upperBound, analysis.isWord(index + 1, matching.words.to) {
                var look = index + 2
                let skipped = [matching.words.the, matching.words.a, matching.words.an, matching.words.new, matching.words.recent]
                while look < range.upperBound, skipped.contains(tokens[look].id) { look += 1 }
                if look < range.upperBound, tokens[look].isCapitalized || isYear(look) { return index..<(look + 1) }
            }
            index += 1
        }
        return nil
    }

    /// Cheap test before `referenceMarker`: a "[", a non-ASCII mark, a word starting
    /// with "a" ("al12"), or a token glued to the one before it.
    @inline(__always) private func mayBeReferenceMarker(_ index: Int, in range: Range<Int>) -> Bool {
        let token = analysis.tokens[index]
        if token.kind == .punctuation { return token.lead == UInt8(ascii: "[") || token.lead == UInt8(ascii: "(") || token.lead >= 0x80 }
        if token.kind == .number, index > 0, analysis.tokens[index - 1].end == token.start { return true }
        if token.kind == .word && token.lead | 0x20 == UInt8(ascii: "a") { return true }
        return index > range.lowerBound && analysis.tokens[index - 1].end == token.start && analysis.tokens[index - 1].kind == .punctuation
    }

    /// A numbered reference mark at a token: "[4]", "[4,5]", "[4–6]", "[^4]",
    /// "Smith et al12", or superscript digits glued to a word ("risk¹²").
    func referenceMarker(at index: Int, in range: Range<Int>) -> Range<Int>? {
        let tokens = analysis.tokens
        let text = analysis.block.text
        if analysis.isPunctuation(index, "[") {
            var look = index + 1
            if analysis.isPunctuation(look, "^") { look += 1 }
            var sawNumber = false
            while look < min(range.upperBound, index + 14) {
                let token = tokens[look]
                if token.kind == .number { sawNumber = true } else if analysis.isPunctuation(look, "]") {
                    return sawNumber ? index..<(look + 1) : nil
                } else if !(analysis.isPunctuation(look, ",") || analysis.isPunctuation(look, "-") || analysis.isPunctuation(look, ";")) {
                    return nil
                }
                look += 1
            }
            return nil
        }
        let token = tokens[index]
        // "… lifestyle changes.2" and "… Western countries.1 Diet …": a reference number
        // glued to the full stop that ends a sentence (a decimal is one token already).
        if token.kind == .number, token.end - token.start <= 2, index >= 2, tokens[index - 1].end == token.start,
           tokens[index - 1].kind == .punctuation, tokens[index - 1].lead == UInt8(ascii: "."),
           tokens[index - 2].end == tokens[index - 1].start, tokens[index - 2].kind == .word {
            return index..<(index + 1)
        }
        // "… of preventable lifestyle. (2)" or "… admissions (2).": a bracketed number ending a sentence.
        if analysis.isPunctuation(index, "("), index + 2 < tokens.count, tokens[index + 1].kind == .number,
           tokens[index + 1].end - tokens[index + 1].start <= 2, analysis.isPunctuation(index + 2, ")"),
           index + 3 >= range.upperBound || analysis.isPunctuation(index + 3, ".") {
            return index..<(index + 3)
        }
        // "et al12": the reference number glued to "al".
        if token.kind == .word, index > range.lowerBound, token.end - token.start > 2,
           text[Int(token.start)] | 0x20 == UInt8(ascii: "a"), text[Int(token.start) + 1] | 0x20 == UInt8(ascii: "l"),
           text[(Int(token.start) + 2)..<Int(token.end)].allSatisfy(Tokenizer.isDigit),
           analysis.word(index - 1).lowercased() == "et" {
            return (index - 1)..<(index + 1)
        }
        // Reference numbers glued to a figure or a comma in plain text: "by 9-16%2 and", "frail,iii and".
        if index > range.lowerBound, tokens[index - 1].end == token.start, index + 1 >= range.upperBound || tokens[index + 1].start > token.end
            || analysis.isPunctuation(index + 1, ",") || analysis.isPunctuation(index + 1, ".") {
            let previous = tokens[index - 1]
            if token.kind == .number, previous.kind == .punctuation, previous.lead == UInt8(ascii: "%"), token.end - token.start <= 2 {
                return index..<(index + 1)
            }
            if token.kind == .word, previous.kind == .punctuation, previous.lead == UInt8(ascii: ",") || previous.lead == UInt8(ascii: "."),
               token.end - token.start <= 4, text[Int(token.start)..<Int(token.end)].allSatisfy({ $0 == UInt8(ascii: "i") || $0 == UInt8(ascii: "v") || $0 == UInt8(ascii: "x") }) {
                return index..<(index + 1)
            }
        }
        // Superscript digits glued to a word of three letters or more, or to closing punctuation:
        // "risk¹²", "trials.³"; not a unit ("m²", "cm³").
        if token.kind == .punctuation, Self.isSuperscriptDigit(text, Int(token.start)), index > range.lowerBound,
           tokens[index - 1].end == token.start {
            let previous = tokens[index - 1]
            if (previous.kind == .word && previous.end - previous.start >= 3) || previous.kind == .punctuation {
                var end = index + 1
                while end < range.upperBound, tokens[end].kind == .punctuation, Self.isSuperscriptDigit(text, Int(tokens[end].start))
                        || analysis.isPunctuation(end, ",") { end += 1 }
                return index..<end
            }
        }
        return nil
    }

    /// "¹", "²", "³" (C2 B9/B2/B3) or "⁰", "⁴"…"⁹" (E2 81 B0, B4…B9).
    static func isSuperscriptDigit(_ text: [UInt8], _ start: Int) -> Bool {
        guard start + 1 < text.count else { return false }
        if text[start] == 0xC2 { return text[start + 1] == 0xB9 || text[start + 1] == 0xB2 || text[start + 1] == 0xB3 }
        if text[start] == 0xE2, start + 2 < text.count, text[start + 1] == 0x81 {
            return text[start + 2] == 0xB0 || (text[start + 2] >= 0xB4 && text[start + 2] <= 0xB9)
        }
        return false
    }

    func isYear(_ index: Int) -> Bool {
        let token = analysis.tokens[index]
        guard token.kind == .number, token.end - token.start == 4 else { return false }
        // Read from the bytes: most numbers are not years, and a String for each costs more than the test.
        var value = 0
        for byte in analysis.block.text[Int(token.start)..<Int(token.end)] {
            guard Tokenizer.isDigit(byte) else { return false }
            value = value * 10 + Int(byte - UInt8(ascii: "0"))
        }
        return value >= 1900 && value <= 2100
    }

    /// A definite reference to a study the article is about ("the study", "the researchers").
    func refersToStudy(_ range: Range<Int>) -> Bool {
        analysis.hasList(.studyReferences, in: range, matching: matching)
    }
}

/// Finds figures that need a source: percentages, "1 in 4", "3 out of 10", "2-fold".
struct StatisticRecognizer {
    let analysis: BlockAnalysis
    let matching: MatchingLayer

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
                if let word = analysis.firstListMatch(.statisticWords, in: after, matching: matching), word.start == index + 1 {
                    found.append(index..<word.end); index = word.end; continue
                }
                // "1 in 4", "3 out of 10"
                if index + 2 < range.upperBound, analysis.isWord(index + 1, matching.words.in), tokens[index + 2].kind == .number,
                   !isOrdinalOrYear(index + 2) {
                    found.append(index..<(index + 3)); index += 3; continue
                }
                if index + 3 < range.upperBound, analysis.isWord(index + 1, matching.words.out),
                   analysis.isWord(index + 2, matching.words.of), tokens[index + 3].kind == .number {
                    found.append(index..<(index + 4)); index += 4; continue
                }
                if token.end - token.start > 5, analysis.word(index).lowercased().hasSuffix("-fold") { found.append(index..<(index + 1)) }
            }
            index += 1
        }
        return found
    }

    private func isOrdinalOrYear(_ index: Int) -> Bool {
        let token = analysis.tokens[index]
        let bytes = analysis.block.text[Int(token.start)..<Int(token.end)]
        // An ASCII token (almost every number) is read from its bytes; a String per
        // number cost more than the test. Others go through the String's characters.
        if bytes.allSatisfy({ $0 < 0x80 }) {
            if bytes.count == 4, bytes.allSatisfy(Tokenizer.isDigit) {
                let value = bytes.reduce(0) { $0 * 10 + Int($1 - UInt8(ascii: "0")) }
                if value >= 1900, value <= 2100 { return true }
            }
            guard let last = bytes.last else { return false }
            if last == UInt8(ascii: "s") { return true }
            guard bytes.count >= 2 else { return false }
            let pair = (bytes[bytes.endIndex - 2], last)
            return pair == (UInt8(ascii: "t"), UInt8(ascii: "h")) || pair == (UInt8(ascii: "s"), UInt8(ascii: "t"))
                || pair == (UInt8(ascii: "n"), UInt8(ascii: "d"))
        }
        let word = analysis.word(index)
        if word.count == 4, let value = Int(word), value >= 1900, value <= 2100 { return true }
        return word.hasSuffix("s") || word.hasSuffix("th") || word.hasSuffix("st") || word.hasSuffix("nd")
    }
}
