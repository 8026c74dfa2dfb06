/// How strong the evidence is for an intervention in a condition.
public enum EvidenceGrade: String, Codable, Sendable, CaseIterable, Comparable {
    case contradicted, insufficient, limited, moderate, established

    /// Ordered by strength of support, so `max` is the strongest grade.
    public static func < (lhs: EvidenceGrade, rhs: EvidenceGrade) -> Bool {
        allCases.firstIndex(of: lhs)! < allCases.firstIndex(of: rhs)!
    }
}

/// A published source: always a title, source and year; an identifier only where verified.
public struct Citation: Codable, Sendable, Equatable {
    public var id: String
    public var title: String
    public var source: String
    public var authors: String?
    public var year: String?
    public var doi: String?
    public var pmid: String?
    public var pmcid: String?
    public var url: String?

    /// "Title. Source, 2019. doi:10.…" — how a citation reads in a report.
    public var formatted: String {
        var parts = "\(title). \(source)"
        if let year { parts += ", \(year)" }
        parts += "."
        if let doi { parts += " doi:\(doi)" } else if let pmid { parts += " PMID \(pmid)" } else if let url { parts += " \(url)" }
        return parts
    }

    /// The best link for the citation, if one is on file.
    public var link: String? {
        if let doi { return "https://doi.org/\(doi)" }
        if let pmid { return "https://pubmed.ncbi.nlm.nih.gov/\(pmid)/" }
        return url
    }
}

public struct EvidenceEntry: Sendable, Equatable {
    public var condition: String
    public var grade: EvidenceGrade
    public var population: String?
    public var summary: String
    public var cites: [String]
}

/// A claim that an intervention causes a condition ("X causes Y"), graded by what
/// good studies show: `contradicted` for a refuted harm, `established` for a real one.
public struct HarmClaim: Sendable, Equatable {
    /// The condition said to be caused (a condition id).
    public var effect: String
    public var grade: EvidenceGrade
    public var summary: String
    public var cites: [String]
}

public struct Overclaim: Sendable, Equatable {
    public var claim: String
    public var why: String
}

public struct Intervention: Sendable, Equatable {
    public var id: String
    public var name: String
    public var kind: String
    public var aliases: [String]
    public var regulatory: String
    public var harms: [String]
    public var evidence: [EvidenceEntry]
    public var citations: [Citation]
    public var overclaims: [Overclaim]
    public var file: String
    /// Claims that it causes a condition, graded (`harm-claims:`).
    public var harmClaims: [HarmClaim] = []
    /// The id of the domain pack the entry comes from (its folder name).
    public var domain: String = ""

    /// The entry for a condition; for none (or one not graded), the entry for one
    /// of the pack's general conditions (`general: true` in conditions.yml), else
    /// the strongest entry.
    public func entry(for condition: String?, general: Set<String> = []) -> EvidenceEntry? {
        if let condition, let exact = evidence.filter({ $0.condition == condition }).max(by: { $0.grade < $1.grade }) {
            return exact
        }
        return evidence.first { general.contains($0.condition) } ?? evidence.max { $0.grade < $1.grade }
    }

    public func citations(for entry: EvidenceEntry) -> [Citation] {
        citations(entry.cites)
    }

    public func citations(_ ids: [String]) -> [Citation] {
        ids.compactMap { id in citations.first { $0.id == id } }
    }
}

public struct Condition: Sendable, Equatable {
    public var id: String
    public var name: String
    public var aliases: [String]
    /// The pack's umbrella condition, the one that covers every narrower type: named
    /// alone it says nothing narrower, so a claim naming it and a specific
    /// condition is weighed for the specific one.
    public var isGeneral = false
    /// The broader condition this one is a kind of (a condition id, possibly of another pack); nil for a general one.
    public var parent: String? = nil
    /// The id of the domain pack the condition comes from.
    public var domain: String = ""
}

/// A domain pack (`Rules/domains/<id>/domain.yml`): a field of health claims with
/// its own conditions and interventions, weighed only in documents about it.
public struct Domain: Sendable, Equatable {
    public var id: String
    public var name: String
    public var description: String
    /// Words that put a document on the pack's topic besides its conditions' names.
    public var topicWords: [String]
    /// The pack's folder.
    public var folder: String
    /// Sentences of the pack's own that test its data (`examples:` of domain.yml):
    /// each `flag` one must be weighed at its braced span, citing one of the pack's
    /// interventions; each `pass` one must not be weighed at all.
    public var examples = RuleExamples()
    /// Where each example is written, parallel to `examples.flag` and `examples.pass`.
    public var flagExampleLocations: [FilePosition] = []
    public var passExampleLocations: [FilePosition] = []
}

public struct Organisation: Sendable, Equatable {
    public var id: String
    public var name: String
    public var aliases: [String]
    public var caseSensitiveAliases: [String]
    public var kind: String
    public var url: String?
    public var note: String?
    /// False for bodies whose word on a treatment carries no clinical weight
    /// (patient charities, product-accreditation schemes).
    public var vouchesForTreatments: Bool
    /// The pack it comes from; empty for the shared `Rules/registry/` organisations.
    public var domain: String = ""
}

public struct Expert: Sendable, Equatable {
    public var name: String
    public var aliases: [String]
    public var organisation: String?
    public var note: String?
    /// The pack it comes from; empty for the shared `Rules/registry/` experts.
    public var domain: String = ""
}
