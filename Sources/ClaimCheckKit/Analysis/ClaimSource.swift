/// Where a claim's support is named: the attribution each claim receives from
/// the document model. "Unsourced" means `.none`, never "no link nearby".
public enum ClaimSource: Sendable, Equatable {
    /// A citation mark in the claim's own sentences (link, DOI, journal, "[4]"):
    /// the byte range of the mark in the block's text.
    case sentence(citation: Range<Int>)
    /// The quote's speaker, or the person the sentence reports ("Lee said …"), whom
    /// the article identifies: an index into `DocumentModel.sources`.
    case speaker(source: Int)
    /// A named study that the claim's paragraph speaks of: an index into `DocumentModel.studies`.
    case paragraphStudy(study: Int)
    /// The document's main reported study (or the document itself, for a paper).
    case documentStudy(study: Int)
    /// The document's source note ("Source: National Example Agency", "Sources: …"),
    /// which a fact sheet or a release's notes give for its figures as a whole.
    case sourceNote
    case none

    public var isAttributed: Bool { self != .none }

    /// The study the claim is attributed to, if any.
    public var study: Int? {
        switch self {
        case .paragraphStudy(let study), .documentStudy(let study): return study
        default: return nil
        }
    }

    /// The name used in reports: `sentence`, `speaker`, `paragraph-study`, `document-study`, `none`.
    public var basis: String {
        switch self {
        case .sentence: return "sentence"
        case .speaker: return "speaker"
        case .paragraphStudy: return "paragraph-study"
        case .documentStudy: return "document-study"
        case .sourceNote: return "source-note"
        case .none: return "none"
        }
    }
}
