/// Finds the people and organisations a block names as sources, with what it
/// says of them: quote attributions ("…," said Ana Lee, a professor at Example
/// University) and introductions in the narration ("Ana Lee, a cardiologist at
/// Example University, led the work"; "lead author Dr. Ana Lee of Example
/// University"; "Professor Lee").
struct SourceRecognizer {
    let analysis: BlockAnalysis
    let matching: MatchingLayer

    /// The sources of the block whose quotations are `quotes` (from `AttributionRecognizer`,
    /// found once per block: its claims are built from the same quotations).
    func sources(quotes: [AttributionRecognizer.Quote]) -> [NamedSource] {
        var found: [NamedSource] = []
        for quote in quotes where !quote.isPronoun {
            guard let attribution = quote.attribution, let speaker = attribution.speaker else { continue }
            let isDescribed = attribution.hasRole || attribution.affiliation != nil
            let descriptor = attribution.descriptor.flatMap { isDescribed ? $0 : nil }
            var named = source(named: speaker, role: descriptor, affiliation: attribution.affiliation,
                               isOrganisation: attribution.isOrganisational, attribution: attribution,
                               at: attribution.range.lowerBound)
            named.isInstitutional = attribution.isInstitutional
            named.hasRole = attribution.hasRole
            found.append(named)
        }
        for sentence in analysis.sentences { found += introductions(in: sentence) }
        return found
    }

    private func source(named name: String, role: String?, affiliation: String?, isOrganisation: Bool,
                        attribution: Attribution?, at offset: Int) -> NamedSource {
        let surname = isOrganisation ? name : String(name.split(separator: " ").last ?? Substring(name))
        return NamedSource(name: name, surname: surname, role: role, affiliation: affiliation, isOrganisation: isOrganisation,
                           attribution: attribution, blockIndex: analysis.index,
                           sourceOffset: analysis.block.map.sourceOffset(ofTextStart: offset))
    }

    /// People the narration introduces with a role or an affiliation.
    private func introductions(in sentence: Range<Int>) -> [NamedSource] {
        // An introduction gives a role or an institution: a sentence with neither introduces no one.
        guard analysis.hasList(.roleWords, in: sentence, matching: matching) || analysis.hasList(.institutionWords, in: sentence, matching: matching) else { return [] }
        var found: [NamedSource] = []
        var index = sentence.lowerBound
        while index < sentence.upperBound {
            guard analysis.tokens[index].isCapitalized else { index += 1; continue }
            let run = personName(from: index, limit: sentence.upperBound)
            guard !run.isEmpty else { index += 1; continue }
            defer { index = run.upperBound }
            var role: Range<Int>?
            var affiliation: Range<Int>?
            let end = run.upperBound
            if end + 1 < sentence.upperBound, isWord(end, "is") || isWord(end, "was") {
                // "Lena Okafor is a paediatrician at Example Children's Hospital."
                var chunkEnd = end + 1
                while chunkEnd < sentence.upperBound, !analysis.isPunctuation(chunkEnd, ","), chunkEnd - end <= 16 { chunkEnd += 1 }
                let chunk = (end + 1)..<trimmed(chunkEnd)
                if !chunk.isEmpty, describes(chunk) {
                    role = chunk
                    affiliation = capitalisedRun(in: (chunk.lowerBound + 1)..<chunk.upperBound)
                }
            } else if end < sentence.upperBound, analysis.isPunctuation(end, ",") {
                // ", MD, professor of neurology at Example University," — chunks that describe.
                var chunkStart = end + 1
                var described = run.upperBound
                var descriptions = 0
                // Credentials ("M.D.", "Dr.P.H.", "FACS") come between the name and its role and count as none of the three.
                while descriptions < 3 {
                    var chunkEnd = chunkStart
                    while chunkEnd < sentence.upperBound, !analysis.isPunctuation(chunkEnd, ","), analysis.tokens[chunkEnd].lead != UInt8(ascii: "\"") { chunkEnd += 1 }
                    let chunk = chunkStart..<chunkEnd
                    let isCredential = isCredential(chunk)
                    guard !chunk.isEmpty, chunk.count <= 16, isCredential || describes(chunk) else { break }
                    described = chunkEnd
                    if !isCredential {
                        descriptions += 1
                        if affiliation == nil { affiliation = capitalisedRun(in: (chunk.lowerBound + 1)..<chunk.upperBound) }
                    }
                    chunkStart = chunkEnd + 1
                    if chunkEnd >= sentence.upperBound { break }
                }
                if described > run.upperBound { role = (run.upperBound + 1)..<trimmed(described) }
            } else if end + 1 < sentence.upperBound, analysis.isWord(end, matching.words.of) || isWord(end, "at") || isWord(end, "from"),
                      let place = capitalisedRun(in: (end + 1)..<min(sentence.upperBound, end + 12)), place.lowerBound == end + 1 || place.lowerBound == end + 2,
                      analysis.hasList(.institutionWords, in: place, matching: matching) {
                affiliation = place
            }
            // "lead author Ana Lee", "director Ana Lee": a role just before the name.
            if role == nil, run.lowerBound > sentence.lowerBound {
                let before = max(sentence.lowerBound, run.lowerBound - 3)..<run.lowerBound
                if let match = analysis.listMatches(.roleWords, in: before, matching: matching).last, match.end == run.lowerBound {
                    role = match.start..<match.end
                }
            }
            guard role != nil || affiliation != nil else { continue }
            let name = nameWithoutTitle(run)
            var named = source(named: analysis.string(name), role: role.map { analysis.string($0) },
                               affiliation: affiliation.map { analysis.string($0) }, isOrganisation: false,
                               attribution: nil, at: analysis.textRange(run).lowerBound)
            named.isInstitutional = affiliation.map { analysis.hasList(.institutionWords, in: $0, matching: matching) } ?? false
            named.hasRole = role.map { analysis.hasList(.roleWords, in: $0, matching: matching) } ?? false
            found.append(named)
        }
        return found
    }

    /// A person's name: a title and one to three capitalised words ("Dr. Lee",
    /// "Professor Ana Lee"), or two to four capitalised words that hold no
    /// institution word ("Ana Lee", not "Example University").
    func personName(from start: Int, limit: Int) -> Range<Int> {
        let tokens = analysis.tokens
        var index = start
        var hasTitle = false
        if index < limit, tokens[index].isCapitalized, analysis.hasList(.personTitles, in: index..<(index + 1), matching: matching) {
            hasTitle = true
            index += 1
            if analysis.isPunctuation(index, ".") { index += 1 }
        }
        let first = index
        while index < limit, index - first < 4, tokens[index].kind == .word, tokens[index].isCapitalized || (tokens[index].lead >= 0x80 && index > first) {
            index += 1
            // An initial: "J. Smith"
            if analysis.isPunctuation(index, "."), index + 1 < limit, tokens[index + 1].isCapitalized, tokens[index - 1].end - tokens[index - 1].start == 1 { index += 1 }
        }
        let words = index - first
        guard words >= (hasTitle ? 1 : 2) else { return start..<start }
        let run = start..<index
        if analysis.hasList(.institutionWords, in: run, matching: matching) || analysis.hasList(.personTitles, in: first..<index, matching: matching) {
            return start..<start
        }
        // A run that opens its sentence is a person only with a title ("Dr. Lee said"):
        // "New Study Finds" or "Heart Disease" are not people.
        if !hasTitle, start == analysis.sentence(containing: start)?.lowerBound, words > 2 { return start..<start }
        return run
    }

    private func nameWithoutTitle(_ run: Range<Int>) -> Range<Int> {
        var start = run.lowerBound
        if analysis.hasList(.personTitles, in: start..<(start + 1), matching: matching), run.count > 1 {
            start += 1
            if analysis.isPunctuation(start, "."), start + 1 < run.upperBound { start += 1 }
        }
        return start..<run.upperBound
    }

    /// A description chunk: it names a role ("professor", "lead author", "MD") or an institution.
    private func describes(_ chunk: Range<Int>) -> Bool {
        analysis.hasList(.roleWords, in: chunk, matching: matching) || analysis.hasList(.institutionWords, in: chunk, matching: matching)
    }

    /// A degree or credential after a name: short capitalised words and full stops
    /// only ("M.D.", "Dr.P.H.", "Ph.D.", "MPH", "FACS").
    private func isCredential(_ chunk: Range<Int>) -> Bool {
        guard !chunk.isEmpty, chunk.count <= 8 else { return false }
        var letters = 0
        for index in chunk {
            let token = analysis.tokens[index]
            if token.kind == .punctuation, token.lead == UInt8(ascii: ".") { continue }
            let length = Int(token.end - token.start)
            guard token.kind == .word, token.isCapitalized, length <= 5 else { return false }
            // Each word is abbreviated ("Ph.") or in capitals ("MPH"): "Ana" or "The" is no credential.
            let abbreviated = index + 1 < chunk.upperBound && analysis.isPunctuation(index + 1, ".")
            let capitals = analysis.block.text[Int(token.start)..<Int(token.end)].allSatisfy { $0 >= UInt8(ascii: "A") && $0 <= UInt8(ascii: "Z") }
            guard abbreviated || capitals else { return false }
            letters += length
        }
        return letters >= 2
    }

    private func isWord(_ index: Int, _ word: StaticString) -> Bool { analysis.isWord(index, spelled: word) }

    private func trimmed(_ end: Int) -> Int {
        var end = end
        while end > 0, analysis.tokens[end - 1].kind == .punctuation { end -= 1 }
        return end
    }

    /// The longest run of capitalised words, with "of", "and" or "the" inside
    /// when a capitalised word follows ("University of Example").
    private func capitalisedRun(in range: Range<Int>) -> Range<Int>? {
        let words = matching.words
        return analysis.capitalisedRun(in: range, chainsConnectors: false) { index in
            let id = analysis.tokens[index].id
            return id == words.of || id == words.and || id == words.the
        }
    }
}
