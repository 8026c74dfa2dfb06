/// Builds the `DocumentModel` from the body's blocks, fed one at a time in the
/// first pass, then `build()` once every block is seen: studies are clustered and
/// the main one chosen only when the whole document is known.
struct DocumentModelBuilder: Sendable {
    private var cues: [(block: Int, cues: SentenceStudyCues)] = []
    private var sources: [NamedSource] = []
    /// Capitalised words of the body, for mentions of sources by surname.
    private var capitalised: [(hash: UInt64, block: Int, offset: Int)] = []
    /// Paper section words seen as headings or as "Results:" leads.
    private var sections = Set<String>()
    /// The body's first source note (see `DocumentModel.sourceNote`).
    var sourceNote: SourceNote?
    private var firstBodyBlock: Int?

    /// The hash of every capitalised word of the body, once per occurrence, in page order.
    var capitalisedHashes: [UInt64] { capitalised.map(\.hash) }

    /// Reads one body block; returns the quotations it found in it (nil for a table
    /// or an empty block), which the block's claims are then built from.
    @discardableResult
    mutating func note(_ analysis: BlockAnalysis, cited: [Bool], matching: MatchingLayer) -> [AttributionRecognizer.Quote]? {
        guard !analysis.tokens.isEmpty else { return nil }
        if firstBodyBlock == nil { firstBodyBlock = analysis.index }
        var quotes: [AttributionRecognizer.Quote]?
        let names = analysis.capitalisedWords()
        if analysis.block.kind != .table {
            for found in StudyRecognizer(analysis: analysis, matching: matching).cues(cited: cited, names: names) { cues.append((analysis.index, found)) }
            let found = AttributionRecognizer(analysis: analysis, matching: matching).quotes()
            sources += SourceRecognizer(analysis: analysis, matching: matching).sources(quotes: found)
            quotes = found
        }
        for name in names { capitalised.append((name.hash, analysis.index, Int(analysis.tokens[name.token].start))) }
        noteSection(analysis, matching: matching)
        if sourceNote == nil { noteSourceNote(analysis, matching: matching) }
        return quotes
    }

    /// "Source: National Example Agency, 2023.": a sentence that opens with a source
    /// label followed by a capitalised name.
    private mutating func noteSourceNote(_ analysis: BlockAnalysis, matching: MatchingLayer) {
        let labels = matching.listID(.sourceLabels)
        guard analysis.hasList(id: labels, in: 0..<analysis.tokens.count, matching: matching) else { return }
        for sentence in analysis.sentences where !sentence.isEmpty {
            guard let match = analysis.listMatches(id: labels, in: sentence.lowerBound..<min(sentence.upperBound, sentence.lowerBound + 3), matching: matching).first,
                  match.start == sentence.lowerBound, match.end < sentence.upperBound, analysis.isPunctuation(match.end - 1, ":"),
                  analysis.tokens[match.end].isCapitalized else { continue }
            let range = analysis.textRange(sentence)
            sourceNote = SourceNote(text: VerdictResolver.claimText(analysis.block.text[range]), blockIndex: analysis.index,
                                    sourceOffset: analysis.block.map.sourceOffset(ofTextStart: range.lowerBound))
            return
        }
    }

    /// "Results" as a heading, or "Results:" opening a paragraph.
    private mutating func noteSection(_ analysis: BlockAnalysis, matching: MatchingLayer) {
        let list = matching.documentCues.id(.paperSections)
        guard let match = analysis.listMatches(id: list, in: 0..<min(analysis.tokens.count, 4), matching: matching).first,
              match.start == 0 else { return }
        let rest = analysis.tokens[match.end...].prefix { $0.kind == .punctuation }
        let isHeading = analysis.block.kind == .heading && match.end + rest.count == analysis.tokens.count
        let isLead = match.end < analysis.tokens.count && analysis.isPunctuation(match.end, ":")
        if isHeading || isLead { sections.insert(analysis.string(match.start..<match.end).lowercased()) }
    }

    func build() -> DocumentModel {
        var model = DocumentModel()
        model.isPaper = sections.count >= 2
        model.sourceNote = sourceNote
        mergeSources(into: &model)
        clusterStudies(into: &model)
        return model
    }

    /// Sentences join the study they speak of: a sentence that introduces another
    /// study ("a previous trial") starts one; any other study sentence joins the
    /// study its paragraph last spoke of, else the main study. Design and size
    /// words in a sentence with no study word go to the paragraph's study, else the main one.
    private func clusterStudies(into model: inout DocumentModel) {
        var main: Int?
        func mainStudy() -> Int {
            if let main { return main }
            model.studies.append(ReportedStudy())
            main = model.studies.count - 1
            return main!
        }
        var pending: [(block: Int, cues: SentenceStudyCues)] = []
        var currentBlock = -1
        var blockStudy: Int?
        for (block, cue) in cues {
            if block != currentBlock { currentBlock = block; blockStudy = nil }
            let target: Int
            let onlyCited = !cue.mentionsStudy && !cue.naming.isEmpty && cue.naming.allSatisfy { $0.kind == .citation }
            if (cue.isOtherStudy && cue.mentionsStudy && main != nil) || onlyCited {
                // Another study, or a source cited for a background fact ("… about 4 percent.[5]"):
                // its own entry, so the main study keeps only its own design and size.
                var study = ReportedStudy()
                study.isOther = !onlyCited
                model.studies.append(study)
                target = model.studies.count - 1
            } else if cue.mentionsStudy || !cue.naming.isEmpty {
                target = blockStudy ?? mainStudy()
            } else {
                pending.append((block, cue))
                continue
            }
            // "As in previous studies, …" speaks of another study for itself only: the
            // paragraph's other sentences stay with the study it was speaking of.
            if !model.studies[target].isOther { blockStudy = target }
            model.studies[target].naming += cue.naming
            // "Ellis and his colleagues launched the trial": an identified source names it.
            // (A loop, not a map of every name: most study sentences name no source.)
            var named: Int?
            for name in cue.names {
                if let index = model.surnames[name], model.sources[index].isIdentified { named = index; break }
            }
            if let source = named, !model.studies[target].naming.contains(where: { $0.kind == .leadAuthor }) {
                let person = model.sources[source]
                model.studies[target].naming.append(StudyNaming(kind: .leadAuthor, text: person.summary, blockIndex: person.blockIndex,
                                                                sourceOffset: person.sourceOffset))
            }
            model.studies[target].add(block: block)
            add(cue, to: &model.studies[target])
            model.sentenceStudies[block, default: []].append((cue.sentence, target))
        }
        // A paper is its own study: its Methods give the design even with no study word.
        if model.isPaper { _ = mainStudy() }
        for (block, cue) in pending {
            let target = model.studyIndex(forSentence: cue.sentence, inBlock: block) ?? main
            guard let target else { continue }
            add(cue, to: &model.studies[target])
        }
        if model.isPaper {
            let target = mainStudy()
            let block = firstBodyBlock ?? 0
            model.studies[target].naming.insert(StudyNaming(kind: .document, text: "the document itself (" + sections.sorted().joined(separator: ", ") + ")",
                                                            blockIndex: block, sourceOffset: 0), at: 0)
        }
        // The main study is the first named study the article does not call another one,
        // named by more than a reference mark: a page that cites a source for one fact
        // ("… about 4 percent.[5]") does not report on that source, and its other
        // figures are not that source's.
        let candidates = model.studies.indices.filter { model.studies[$0].isNamed && !model.studies[$0].isOther }
        model.leadCluster = main
        model.mainStudyIndex = main.flatMap { model.studies[$0].isNamed ? $0 : nil }
            ?? candidates.first { model.studies[$0].naming.contains { $0.kind != .citation } }
    }

    private func add(_ cue: SentenceStudyCues, to study: inout ReportedStudy) {
        for design in cue.designs { study.add(design) }
        if study.size == nil, let size = cue.size { study.size = size }
    }

    /// One source per surname, keeping the fullest description; then every
    /// capitalised word of the body that is a known surname is a mention.
    private func mergeSources(into model: inout DocumentModel) {
        for source in sources {
            let hash = Vocabulary.hash(source.surname.utf8)
            if let index = model.surnames[hash] {
                var known = model.sources[index]
                if known.role == nil, let role = source.role { known.role = role }
                if known.affiliation == nil, let affiliation = source.affiliation {
                    known.affiliation = affiliation
                    known.isInstitutional = source.isInstitutional
                }
                known.hasRole = known.hasRole || source.hasRole
                if known.name.count < source.name.count, !source.isOrganisation { known.name = source.name }
                if let attribution = source.attribution, known.attribution.map(Self.detail) ?? -1 < Self.detail(attribution) {
                    known.attribution = attribution
                }
                model.sources[index] = known
            } else {
                model.surnames[hash] = model.sources.count
                model.sources.append(source)
            }
        }
        guard !model.surnames.isEmpty else { return }
        // Most documents name a few sources: comparing each capitalised word's hash
        // with theirs costs less than hashing it again for a dictionary lookup.
        if model.surnames.count <= 16 {
            let known = model.surnames.map { (hash: $0.key, source: $0.value) }
            for word in capitalised {
                if let found = known.first(where: { $0.hash == word.hash }) { model.mentions.append((word.block, word.offset, found.source)) }
            }
            return
        }
        for word in capitalised {
            if let source = model.surnames[word.hash] { model.mentions.append((word.block, word.offset, source)) }
        }
    }

    /// How much an attribution says of its speaker.
    private static func detail(_ attribution: Attribution) -> Int {
        (attribution.affiliation != nil ? 2 : 0) + (attribution.hasRole ? 2 : 0) + (attribution.descriptor != nil ? 1 : 0)
            + (attribution.expert != nil || !attribution.organisations.isEmpty ? 2 : 0)
    }
}
