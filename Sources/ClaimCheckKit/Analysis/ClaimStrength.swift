/// How strong a relationship a sentence claims, from none to proof: the scale
/// of Yu, Li and Wang (EMNLP 2019), with proof added above direct causation.
///
/// The strength is the kind of relationship the sentence speaks of; whether it
/// asserts or denies it is `StrengthReading.isNegated` ("did not reduce" is a
/// causal statement, denied).
public enum ClaimStrength: String, Sendable, Codable, CaseIterable, Comparable {
    /// No relationship claimed: a description, a method, a recommendation, a question.
    case none
    /// An association: "associated with", "linked to", "predicts", "higher in those with".
    case correlational
    /// A hedged causal claim: "may reduce", "could improve", "appears to protect".
    case conditional
    /// A direct causal claim: "reduces", "improves", "prevents", "is effective".
    case causal
    /// Certainty: "proven", "clinically proven", "definitively", "guarantees".
    case proven

    public static func < (lhs: ClaimStrength, rhs: ClaimStrength) -> Bool {
        allCases.firstIndex(of: lhs)! < allCases.firstIndex(of: rhs)!
    }
}

/// The strength of one sentence, with the cue that decided it.
public struct StrengthReading: Sendable, Equatable {
    public var strength: ClaimStrength
    /// The deciding cue is negated ("did not reduce", "no evidence that … causes",
    /// "has not been proven"). A negated proof reads as `causal`: denying proof
    /// claims none.
    public var isNegated: Bool
    /// Token range of the deciding cue (in the tokens the reading was made from), nil for `none`.
    public var cue: Range<Int>?
    /// The cue with the hedge or negation that governs it ("may lower", "did not
    /// reduce", "no evidence that it causes"): what a message quotes.
    public var phrase: Range<Int>?

    public init(strength: ClaimStrength, isNegated: Bool = false, cue: Range<Int>? = nil, phrase: Range<Int>? = nil) {
        self.strength = strength
        self.isNegated = isNegated
        self.cue = cue
        self.phrase = phrase ?? cue
    }

    public static let none = StrengthReading(strength: .none)
}
