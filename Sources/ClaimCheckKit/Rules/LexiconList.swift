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
}
