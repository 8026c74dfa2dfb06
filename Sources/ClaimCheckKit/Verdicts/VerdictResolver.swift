/// Signals × policy → one verdict per claim.
///
/// Each signal's cell comes from the strength table (the evidence rule's signals
/// carry the strength asserted and the grades weighed) or the `signals:` table; a rule marked `defer-to-evidence` becomes a reason only when
/// the registry weighed the claim. The most severe cell wins; on a tie the more
/// serious verdict (contradicted, overstated, unsupported, unverifiable, supported).
public struct VerdictResolver: Sendable {
    /// For whether a rule defers to the evidence.
    public let book: RuleBook
    public let policy: VerdictPolicy
    /// For the name of a quote's organisation.
    public let registry: EvidenceRegistry

    public init(book: RuleBook, policy: VerdictPolicy, registry: EvidenceRegistry) {
        self.book = book
        self.policy = policy
        self.registry = registry
    }

    static func priority(_ verdict: VerdictKind) -> Int {
        switch verdict {
        case .supported: return 0
        case .unverifiable: return 1
        case .unsupported: return 2
        case .overstated: return 3
        case .contradicted: return 4
        }
    }

    /// Whether one cell is worse than another: more severe, or on a tie the more serious verdict.
    static func isWorse(_ cell: PolicyCell, than other: PolicyCell) -> Bool {
        if cell.severity != other.severity { return cell.severity > other.severity }
        return priority(cell.verdict) > priority(other.verdict)
    }

    /// The strength table applied to the evidence rule's signals: each gets the
    /// worst cell of its references (a reference the table gives no cell is left
    /// out, and a signal left with none is dropped), and of one rule's signals only
    /// the worst stays, where the first of them stood (the first on a tie). Other
    /// signals pass with no cell of their own.
    func judgingEvidence(_ signals: [Signal]) -> [(signal: Signal, cell: PolicyCell?)] {
        guard signals.contains(where: { !$0.weighings.isEmpty }) else { return signals.map { ($0, nil) } }
        var judged: [(signal: Signal, cell: PolicyCell?)] = []
        var kept: [String: Int] = [:]
        for var signal in signals {
            guard !signal.weighings.isEmpty else { judged.append((signal, nil)); continue }
            var worst: PolicyCell?
            var evidence: [EvidenceReference] = []
            for (reference, weighing) in zip(signal.evidence, signal.weighings) {
                guard let cell = policy.cell(strength: weighing.strength, grade: weighing.grade) else { continue }
                evidence.append(reference)
                if worst == nil || Self.isWorse(cell, than: worst!) { worst = cell }
            }
            guard let worst else { continue }
            signal.evidence = evidence
            if let at = kept[signal.rule] {
                if Self.isWorse(worst, than: judged[at].cell!) { judged[at] = (signal, worst) }
            } else {
                kept[signal.rule] = judged.count
                judged.append((signal, worst))
            }
        }
        return judged
    }

    public func verdict(for claim: Claim, signals raised: [Signal], analysis: BlockAnalysis, lines: LineIndex,
                        model: DocumentModel = DocumentModel()) -> Verdict? {
        let judged = judgingEvidence(raised)
        guard !judged.isEmpty else { return nil }
        let signals = judged.map(\.signal)
        let weighed = judged.contains { $0.cell != nil }
        var decided: (PolicyCell, Int)?
        for (index, (signal, own)) in judged.enumerated() {
            let cell: PolicyCell?
            if let own {
                cell = own
            } else if weighed, book.rule(signal.rule)?.defersToEvidence == true {
                cell = nil
            } else {
                cell = policy.cell(forRule: signal.rule) ?? nil
            }
            guard let cell else { continue }
            if let current = decided, !Self.isWorse(cell, than: current.0) { continue }
            decided = (cell, index)
        }
        guard let (cell, deciding) = decided else { return nil }
        var reasons = signals
        reasons.insert(reasons.remove(at: deciding), at: 0)
        let evidence = signals.flatMap(\.evidence)
        let block = analysis.block
        // Clamped to the file, whatever a parser reported: a location never points past it.
        let start = min(block.map.sourceOffset(ofTextStart: claim.range.lowerBound), lines.byteCount)
        let end = min(max(start, block.map.sourceOffset(ofTextEnd: claim.range.upperBound)), lines.byteCount)
        let from = lines.position(ofByte: start), to = lines.position(ofByte: end)
        let location = SourceLocation(line: from.line, column: from.column, endLine: to.line, endColumn: to.column,
                                      offset: start, length: end - start)
        let kind = Self.kind(of: claim, deciding: reasons[0])
        let organisation = claim.attribution.flatMap { attribution in
            attribution.organisations.first.map { registry.organisations[$0].name } ?? attribution.affiliation
        }
        let text = Self.claimText(block.text[claim.range])
        return Verdict(claim: text, kind: kind, verdict: cell.verdict,
                       severity: cell.severity, region: claim.region, location: location, reasons: reasons,
                       evidence: evidence, speaker: claim.attribution?.isOrganisational == true ? nil : claim.attribution?.speaker,
                       organisation: organisation,
                       attribution: Self.attribution(of: claim, analysis: analysis, lines: lines, model: model), suppression: nil,
                       fingerprint: Verdict.fingerprint(rule: reasons[0].rule, claim: text),
                       blockIndex: claim.blockIndex, range: claim.range)
    }

    /// The claim's attribution for reports: what names its support and on which line.
    static func attribution(of claim: Claim, analysis: BlockAnalysis, lines: LineIndex, model: DocumentModel) -> VerdictAttribution {
        let line = { (offset: Int) in lines.position(ofByte: min(offset, lines.byteCount)).line }
        switch claim.source {
        case .none:
            return VerdictAttribution(basis: claim.source.basis)
        case .sentence(let citation):
            let block = analysis.block
            return VerdictAttribution(basis: claim.source.basis, source: claimText(block.text[citation]),
                                      line: line(block.map.sourceOffset(ofTextStart: citation.lowerBound)))
        case .speaker(let index):
            guard model.sources.indices.contains(index) else { return VerdictAttribution(basis: claim.source.basis) }
            let source = model.sources[index]
            return VerdictAttribution(basis: claim.source.basis, source: source.summary, line: line(source.sourceOffset))
        case .sourceNote:
            guard let note = model.sourceNote else { return VerdictAttribution(basis: claim.source.basis) }
            return VerdictAttribution(basis: claim.source.basis, source: note.text, line: line(note.sourceOffset))
        case .paragraphStudy(let index), .documentStudy(let index):
            guard model.studies.indices.contains(index) else { return VerdictAttribution(basis: claim.source.basis) }
            let study = model.studies[index]
            let named = study.naming.first { $0.kind != .document }
            return VerdictAttribution(basis: claim.source.basis, source: study.namingSummary, line: named.map { line($0.sourceOffset) },
                                      design: study.designs.isEmpty ? nil : study.designs.map(\.rawValue), size: study.size?.count)
        }
    }

    /// A claim's text is at most this many bytes, cut at a character and ended with
    /// "…". Sentences are bounded already; this guards a single megabyte-long word.
    public static let maximumClaimBytes = 2_000

    static func claimText(_ bytes: ArraySlice<UInt8>) -> String {
        guard bytes.count > maximumClaimBytes else { return String(decoding: bytes, as: UTF8.self) }
        var end = bytes.startIndex + maximumClaimBytes
        while end > bytes.startIndex, bytes[end] & 0xC0 == 0x80 { end -= 1 }
        return String(decoding: bytes[bytes.startIndex..<end], as: UTF8.self) + "…"
    }

    static func kind(of claim: Claim, deciding: Signal) -> ClaimKind {
        if claim.kind == .table { return .table }
        if claim.kind == .attribution { return .attribution }
        switch String(deciding.rule.prefix { $0 != "." }) {
        case "safety": return .safety
        case "statistic": return .statistic
        case "source": return .sourcing
        default: return .efficacy
        }
    }
}
