import ClaimCheckKit
import Foundation

/// One registry entry as `GET /v1/registry/{id}` gives it: what
/// `claimcheck registry show` prints, as JSON. `type` says which kind of entry.
enum RegistryEntryJSON: Encodable, Sendable {
    case intervention(InterventionEntry)
    case organisation(OrganisationEntry)
    case condition(ConditionEntry)

    struct CitationEntry: Encodable, Sendable {
        var id: String
        var title: String
        var source: String
        var authors: String?
        var year: String?
        var doi: String?
        var pmid: String?
        var url: String?
        /// How the citation reads in a report.
        var formatted: String
        /// The best link on file, if any.
        var link: String?

        init(_ citation: Citation) {
            id = citation.id; title = citation.title; source = citation.source; authors = citation.authors
            year = citation.year; doi = citation.doi; pmid = citation.pmid; url = citation.url
            formatted = citation.formatted; link = citation.link
        }
    }

    struct GradedEntry: Encodable, Sendable {
        var condition: String
        var conditionName: String
        var population: String?
        var grade: String
        var summary: String
        var cites: [String]
    }

    struct InterventionEntry: Encodable, Sendable {
        var type = "intervention"
        var id: String
        var name: String
        var kind: String
        var domain: String
        var aliases: [String]
        var regulatory: String
        var evidence: [GradedEntry]
        /// What good studies show about "it causes …" claims.
        var harmClaims: [GradedEntry]
        var harms: [String]
        var citations: [CitationEntry]
    }

    struct OrganisationEntry: Encodable, Sendable {
        var type = "organisation"
        var id: String
        var name: String
        var kind: String
        var domain: String
        var aliases: [String]
        var url: String?
        var note: String?
        var vouchesForTreatments: Bool
    }

    struct ConditionEntry: Encodable, Sendable {
        struct Graded: Encodable, Sendable { var intervention: String; var name: String; var grade: String }
        var type = "condition"
        var id: String
        var name: String
        var domain: String
        var aliases: [String]
        /// The broader conditions it is a kind of, nearest first.
        var kindOf: [String]
        /// The interventions graded for it, with their strongest grade.
        var graded: [Graded]
    }

    /// The entry an id, name or alias finds, as `registry show` finds it; nil for none.
    init?(lookup query: String, in registry: EvidenceRegistry) {
        let found = registry.lookup(query)
        func trimmed(_ text: String) -> String { text.trimmingCharacters(in: .whitespacesAndNewlines) }
        func conditionName(_ id: String) -> String { registry.condition(id)?.name ?? id }
        if let intervention = found.intervention {
            self = .intervention(InterventionEntry(
                id: intervention.id, name: intervention.name, kind: intervention.kind, domain: intervention.domain,
                aliases: intervention.aliases, regulatory: trimmed(intervention.regulatory),
                evidence: intervention.evidence.map {
                    GradedEntry(condition: $0.condition, conditionName: conditionName($0.condition), population: $0.population,
                                grade: $0.grade.rawValue, summary: trimmed($0.summary), cites: $0.cites)
                },
                harmClaims: intervention.harmClaims.map {
                    GradedEntry(condition: $0.effect, conditionName: conditionName($0.effect), population: nil,
                                grade: $0.grade.rawValue, summary: trimmed($0.summary), cites: $0.cites)
                },
                harms: intervention.harms, citations: intervention.citations.map(CitationEntry.init)))
        } else if let organisation = found.organisation {
            self = .organisation(OrganisationEntry(
                id: organisation.id, name: organisation.name, kind: organisation.kind, domain: organisation.domain,
                aliases: organisation.aliases + organisation.caseSensitiveAliases, url: organisation.url,
                note: organisation.note.map(trimmed), vouchesForTreatments: organisation.vouchesForTreatments))
        } else if let condition = found.condition {
            let graded = registry.interventionsGraded(for: condition.id).map {
                ConditionEntry.Graded(intervention: $0.intervention.id, name: $0.intervention.name, grade: $0.grade.rawValue)
            }
            self = .condition(ConditionEntry(
                id: condition.id, name: condition.name, domain: condition.domain, aliases: condition.aliases,
                kindOf: Array(registry.lineage(of: condition.id).dropFirst()), graded: graded))
        } else {
            return nil
        }
    }

    func encode(to encoder: any Encoder) throws {
        switch self {
        case .intervention(let entry): try entry.encode(to: encoder)
        case .organisation(let entry): try entry.encode(to: encoder)
        case .condition(let entry): try entry.encode(to: encoder)
        }
    }
}
