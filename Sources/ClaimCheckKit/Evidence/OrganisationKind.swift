/// What kind of body an organisation of the registry is: what its word on a
/// treatment or a finding is worth depends on it (a regulator's approval, a
/// charity's leaflet, a trade group's press release).
public enum OrganisationKind: String, Sendable, CaseIterable {
    case regulator
    case publicHealthAgency = "public-health-agency"
    case researchAgency = "research-agency"
    case professionalBody = "professional-body"
    case clinical
    case evidenceReview = "evidence-review"
    case patientCharity = "patient-charity"
    case advocacy
    case accreditation
    case consumerWatchdog = "consumer-watchdog"
    case journalPublisher = "journal-publisher"
    case industry
    case lawEnforcement = "law-enforcement"

    /// The kinds, as a user types them, for help and error messages.
    public static var names: String { allCases.map(\.rawValue).joined(separator: ", ") }
}
