/// What a phrase of `Rules/strength.yml` says about the sentence it is in.
public enum StrengthCue: String, Sendable, CaseIterable {
    /// Certainty: "proven", "definitively", "guarantees".
    case proven
    /// Causal words that are not verbs of change: "is effective", "protective", "role in".
    case causal
    /// Verbs of proof ("cures", "cured"), read as the verbs of change are: "treatments and cures" claims nothing.
    case provenVerbs = "proven-verbs"
    /// Verbs of change ("reduces", "increased"); as an adjective ("with reduced risk"),
    /// intransitive ("increased with age") or a purpose ("strategies to reduce") they claim no cause.
    case changeVerbs = "change-verbs"
    /// Association: "associated", "correlated", "linked", "predicts", "risk factor".
    case correlational
    /// Comparisons that read as an association when nothing stronger is said: "higher", "than", "risk of".
    case weakCorrelational = "weak-correlational"
    /// Phrases that hold a cue's words but claim nothing ("side effects", "in relation to",
    /// "more than half"): read like a cue, so the cues inside them are not, and then ignored.
    case neutral
    /// Hedges that make a causal cue conditional: "may", "might", "appears to".
    case hedges
    /// Negations of the cue that follows: "not", "no", "neither".
    case negations
    /// Denials that negate every cue after them in the sentence: "no evidence that", "no study has shown".
    case denials
    /// Words after which a cue is asked about, not claimed: "whether", "to determine".
    case unclaimed
    /// Words that make a sentence a recommendation or a call for research: "should", "further studies".
    case recommendations
    /// One word right before a change verb that makes it an adjective: "with", "an", "the".
    case modifierOpeners = "modifier-openers"
    /// One word before "to" that keeps a change verb a claim ("helps to reduce", "shown to improve").
    case infinitiveCarriers = "infinitive-carriers"
    /// One word right after a change verb that makes it intransitive or a noun: "with", "in", "after".
    case changeFollowers = "change-followers"
    /// Association words that are participles ("associated", "linked"): right after a noun they
    /// describe it ("the costs associated with surgery") and count only when nothing else does.
    case participles
    /// Words before a participle that make it the claim ("was associated", "strongly linked").
    case copulas
    /// One word that, right after a comma, opens a clause of its own ("…, but", "…, which"): a
    /// recommendation reaches only its own clause ("X improves Y, but larger trials are needed").
    case clauseOpeners = "clause-openers"
    /// Relationship cues that say what a treatment is ("is effective", "works for", "shown to"):
    /// the evidence weighing weighs a causal or conditional claim with one of these as it stands.
    case efficacy
    /// Relationship cues that say a treatment helps something ("reduces", "an effective", "benefits"),
    /// not that it harms ("causes", "side effects of") or how it acts ("works by"): the evidence
    /// weighing weighs them only in a sentence that names a condition the registry grades.
    case benefits
    /// Cues that say a treatment causes something ("causes", "triggers", "linked to"):
    /// the evidence weighing reads the sentence as a harm claim.
    case harms
    /// Verbs that credit an organisation with backing a treatment ("recommends", "approved"):
    /// the evidence weighing weighs the backing as a claim that the treatment works.
    case endorsements

    /// Cues read as relationships (and the neutral phrases that shadow them); a phrase may be in only one of them.
    static let relations: [StrengthCue] = [.proven, .provenVerbs, .causal, .changeVerbs, .correlational, .weakCorrelational, .neutral]
    /// Cues tested one token at a time, so each must be a single token.
    static let singleTokens: Set<StrengthCue> = [.modifierOpeners, .infinitiveCarriers, .changeFollowers, .participles, .copulas, .clauseOpeners]
}

/// One of `strength.yml`'s own tests: a sentence and the strength it must read as.
public struct StrengthExample: Sendable, Equatable {
    public var sentence: String
    public var strength: ClaimStrength
    public var location: FilePosition
}

/// The cue lists and examples of `Rules/strength.yml`, compiled into the rule
/// set's phrase automaton so a sentence's strength costs no second pass.
public struct StrengthCues: Sendable {
    public var phrases: [StrengthCue: [String]]
    public var examples: [StrengthExample]
    /// The file they were read from, for errors found after loading.
    public var file: String

    public init(phrases: [StrengthCue: [String]] = [:], examples: [StrengthExample] = [], file: String = "strength.yml") {
        self.phrases = phrases
        self.examples = examples
        self.file = file
    }
}
