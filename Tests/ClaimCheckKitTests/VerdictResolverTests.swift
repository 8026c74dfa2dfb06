import Testing
@testable import ClaimCheckKit

/// The verdict stage turns the evidence rule's strength × grade into a cell (the
/// Rules stage only reports what the sentence asserts and what the registry grades).
struct VerdictResolverTests {
    let resolver = VerdictResolver(book: sharedChecker.book, policy: sharedChecker.policy, registry: sharedChecker.registry)

    func reference(_ id: String, _ grade: EvidenceGrade) -> EvidenceReference {
        EvidenceReference(id: id, name: id, condition: "a condition", grade: grade, summary: "", citation: "", link: nil)
    }

    @Test func theWorstSentenceOfAClaimStaysWhereTheFirstStood() {
        let hedged = Signal(rule: "evidence.strength", message: "may help", range: 0..<3, evidence: [reference("a", .moderate)],
                            weighings: [EvidenceWeighing(strength: .may, grade: .moderate)])
        let other = Signal(rule: "certainty.proven", message: "proven", range: 10..<16)
        let proven = Signal(rule: "evidence.strength", message: "is proven", range: 20..<29, evidence: [reference("a", .moderate)],
                            weighings: [EvidenceWeighing(strength: .proven, grade: .moderate)])
        let judged = resolver.judgingEvidence([hedged, other, proven])
        #expect(judged.map(\.signal.message) == ["is proven", "proven"])
        #expect(judged.map(\.cell) == [PolicyCell(verdict: .overstated, severity: .error), nil])
    }

    @Test func aSignalTakesTheWorstCellOfItsReferences() {
        let both = Signal(rule: "evidence.strength", message: "works", range: 0..<5,
                          evidence: [reference("a", .established), reference("b", .contradicted)],
                          weighings: [EvidenceWeighing(strength: .works, grade: .established),
                                     EvidenceWeighing(strength: .works, grade: .contradicted)])
        let judged = resolver.judgingEvidence([both])
        #expect(judged.map(\.cell) == [PolicyCell(verdict: .contradicted, severity: .error)])
        #expect(judged.first?.signal.evidence.map(\.id) == ["a", "b"])
    }

    @Test func signalsOfOtherRulesPassWithNoCell() {
        let signals = [Signal(rule: "certainty.proven", message: "proven", range: 0..<6)]
        #expect(resolver.judgingEvidence(signals).map(\.signal) == signals)
        #expect(resolver.judgingEvidence(signals).map(\.cell) == [nil])
    }
}
