/// How strongly a sentence asserts that an intervention works.
public enum AssertedStrength: String, Codable, Sendable, CaseIterable {
    /// "proven", "cures", "guaranteed"
    case proven
    /// "works", "is effective", "has been shown to"
    case works
    /// "may help", "some evidence", "in small studies"
    case may
    /// "does not work", "lacks evidence"
    case negative
}

/// What a rule looks at: the `kind:` of a rule file. Each kind is a handler
/// (`RuleKindHandler`) in a file of its own that declares its constant
/// (`RuleKind.phrase`, …); `RuleKinds.all` lists them.
public struct RuleKind: RawRepresentable, Hashable, Sendable {
    public let rawValue: String
    public init(rawValue: String) { self.rawValue = rawValue }

    /// Every kind, in the order of `RuleKinds.all`.
    public static var allCases: [RuleKind] { RuleKinds.all.map { $0.kind } }
}

/// Conditions under which a phrase rule does not fire.
public struct RuleExceptions: Sendable, Equatable {
    /// A negation ("not", "never", "n't") within three tokens before the phrase.
    public var negated = false
    /// The sentence is a question.
    public var question = false
    /// The sentence has a citation mark (link, DOI, "(Smith 2020)", "published in").
    public var cited = false
    /// A capitalised name right before the phrase says whose work it is ("Group Health researchers found").
    public var named = false
    /// The writer does not assert the phrase: negated or questioned in its clause, a
    /// condition, reported or sceptical speech, another treatment or a control arm
    /// (see `AssertionScope`).
    public var unasserted = false
    /// The claim has an attribution from the document model: a citation in its
    /// sentence, an identified speaker, or a named study it reports on.
    public var attributed = false
    /// The claim is a quote whose speaker the article identifies (a named person
    /// with a role or an affiliation, met here or earlier): the words are their
    /// reported opinion, and the attribution rules judge the speaker.
    public var quoted = false
    /// The document names the study it reports on (a press release's own study):
    /// an appeal to research there is background to that study, not the article's
    /// only support. On a page that names no study the appeal is all there is.
    public var reportedStudy = false
    /// The claim's study (the one it is attributed to, else the document's) is a
    /// named randomised, phase 3 or meta-analysed study: "proven" or "a major
    /// advance" said of its result is the writer's judgement of strong evidence,
    /// which the study rules and an editor weigh, not an unsupported certainty.
    public var strongStudy = false
    /// A first-person account in quotation marks of the speaker's own experience
    /// ("“I'm now free of it, with no side effects”") in a document that names the
    /// study the speaker took part in: a participant's story beside the study, not
    /// the article's claim. On a page that names no study a testimonial is the
    /// evidence offered, and stays flagged (see `AssertionScope.isTestimony`).
    public var testimony = false
    /// The phrase's paragraph is an organisation's description of itself ("About
    /// Example University …", "… is one of the nation's leading …"): praise of its
    /// research in general, not a claim about a treatment or a finding.
    public var boilerplate = false
    /// Phrases (or `@list` names from lexicon.yml) anywhere in the sentence.
    public var sentence: [String] = []
    public init() {}
}

/// A rule's own tests: sentences it must flag (with the flagged span in braces)
/// and sentences it must pass.
public struct RuleExamples: Sendable, Equatable {
    public var flag: [String] = []
    public var pass: [String] = []
    public init() {}
}

/// One rule from a rule file.
public struct Rule: Sendable, Identifiable {
    public var id: String
    public var kind: RuleKind
    /// The kind's compiled part of the rule (a typed `check:`), which raises its signals.
    var handler: any RuleKindHandler
    /// One line: what the rule catches.
    public var summary: String
    /// Why it matters and what to do about it (help text, SARIF fullDescription).
    public var description: String
    /// The message shown on a finding; `{phrase}` is replaced by the matched text.
    public var message: String
    public var enabled: Bool
    /// When the registry weighs the claim, this rule's signal is a reason, not the verdict.
    public var defersToEvidence: Bool
    public var phrases: [String]
    public var pattern: String?
    /// Lower-cased strings of which one must occur before a `pattern` runs.
    public var prefilter: [[UInt8]] = []
    public var unless: RuleExceptions
    /// A phrase rule that fires only right after a registry organisation ("the World
    /// Health Organization has found that"); `{organisation}` names it in the message.
    public var afterOrganisation = false
    public var examples: RuleExamples
    /// Where the rule's idea comes from, for SARIF `helpUri`.
    public var helpURI: String?
    public var file: String
    public var line: Int
    public var column: Int = 0
    /// Where the rule's parts are written, for errors found after loading.
    public var locations = RuleLocations()

    public var namespace: String { String(id.prefix { $0 != "." }) }

    /// Where the rule starts (its `- id:` entry).
    public var location: FilePosition { FilePosition(file: file, line: line, column: column) }
}

/// Positions of a rule's parts in its file (empty for a rule built in code).
public struct RuleLocations: Sendable {
    /// The `id:` value.
    public var id: FilePosition?
    /// The `pattern:` value.
    public var pattern: FilePosition?
    /// One per `unless.sentence` entry.
    public var unlessSentence: [FilePosition] = []
    /// One per `examples.flag` and `examples.pass` entry.
    public var flagExamples: [FilePosition] = []
    public var passExamples: [FilePosition] = []
    public init() {}
}
