/// How a study was designed, as the article describes it. The cue words for each
/// design are data (`Rules/documents.yml`, under `designs:`); the raw values are its keys.
public enum StudyDesign: String, Sendable, Codable, CaseIterable, Comparable {
    case randomised
    /// Open-label, single-arm, no control group, a case series.
    case uncontrolled
    /// The study gave people a treatment and compared them with a control group
    /// ("the intervention group", "a clinical trial"), randomised or not said.
    case interventional
    case cohort
    case caseControl = "case-control"
    case crossSectional = "cross-sectional"
    case survey
    /// Observational without a narrower word ("epidemiological", "population-based").
    case observational
    case metaAnalysis = "meta-analysis"
    case review
    case animal
    /// Cells, tissue or organoids in a laboratory.
    case cell
    case phase1 = "phase-1"
    case phase2 = "phase-2"
    case phase3 = "phase-3"
    case pilot

    /// The study watched people rather than assigning a treatment: a causal claim outruns it.
    public var isObservational: Bool {
        switch self {
        case .cohort, .caseControl, .crossSectional, .survey, .observational: return true
        default: return false
        }
    }

    /// The result is not yet a result in people.
    public var isPreclinical: Bool { self == .animal || self == .cell }

    /// An early, small or uncontrolled trial: "proven", "safe" or "a cure" outruns it.
    public var isEarlyOrUncontrolled: Bool {
        switch self {
        case .phase1, .phase2, .pilot, .uncontrolled: return true
        default: return false
        }
    }

    public static func < (lhs: StudyDesign, rhs: StudyDesign) -> Bool {
        allCases.firstIndex(of: lhs)! < allCases.firstIndex(of: rhs)!
    }
}

/// How an article names a study so that a reader can find it. The cue words of
/// the first six kinds are data (`Rules/documents.yml`, under `naming:`).
public enum StudyNamingKind: String, Sendable, Codable, CaseIterable {
    /// "published in the Journal of …", "appears in …"
    case journal
    /// "presented at the annual meeting of …"
    case meeting
    /// "lead author …", "led by Dr. …", "et al"
    case leadAuthor = "lead-author"
    /// "researchers at the University of …" (with a study or researcher word)
    case institution
    /// "the company announced …" (with a study word)
    case company
    /// A trial registry or a named trial ("the SPRINT trial", "NCT01234567").
    case trial
    /// A link, DOI, PMID or reference mark ("[4]", "Smith et al12", a superscript).
    case citation
    /// The document is itself the study: a paper or abstract with Methods and Results.
    case document

    /// Kinds that name a study only together with a study or researcher word in the same sentence.
    var needsStudyWord: Bool { self == .institution || self == .company }

    /// The `naming:` kinds whose cue words `Rules/documents.yml` gives.
    static let fromData: [StudyNamingKind] = [.journal, .meeting, .leadAuthor, .institution, .company, .trial]
}
