/// The word lists of `Rules/lexicon.yml` that the recognisers use by name.
public enum LexiconList: String, CaseIterable, Sendable {
    case negations
    case hedges
    case speechVerbs = "speech-verbs"
    case vagueCredentials = "vague-credentials"
    case institutionWords = "institution-words"
    case personTitles = "person-titles"
    case pronouns
    case citationCues = "citation-cues"
    case studyNouns = "study-nouns"
    case studyReferences = "study-references"
    case vagueSources = "vague-sources"
    case sampleCues = "sample-cues"
    case sampleNouns = "sample-nouns"
    case sourceLabels = "source-labels"
    case statisticWords = "statistic-words"
    case roleWords = "role-words"
    case studyResults = "study-results"
    case findingVerbs = "finding-verbs"
    case sourceBodies = "source-bodies"
    case healthWords = "health-words"

    /// The case's place in `allCases`, without searching it: the recognisers ask for
    /// a list's id on almost every sentence. `LexiconListTests` checks the order.
    var position: Int {
        switch self {
        case .negations: 0
        case .hedges: 1
        case .speechVerbs: 2
        case .vagueCredentials: 3
        case .institutionWords: 4
        case .personTitles: 5
        case .pronouns: 6
        case .citationCues: 7
        case .studyNouns: 8
        case .studyReferences: 9
        case .vagueSources: 10
        case .sampleCues: 11
        case .sampleNouns: 12
        case .sourceLabels: 13
        case .statisticWords: 14
        case .roleWords: 15
        case .studyResults: 16
        case .findingVerbs: 17
        case .sourceBodies: 18
        case .healthWords: 19
        }
    }
}
