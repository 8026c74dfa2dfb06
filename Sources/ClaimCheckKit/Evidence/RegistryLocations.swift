/// Where each registry entry and its parts are written, parallel to the
/// registry's arrays, so that `RegistryLinter` (and `check`, which refuses what
/// the linter rejects) can name the line and column of every problem. Empty for
/// a registry built in code; lookups then give nil.
public struct RegistryLocations: Sendable {
    /// A condition, organisation or expert.
    public struct Entry: Sendable {
        /// The entry (its `- ` item).
        public var entry: FilePosition
        public var id: FilePosition?
        public var name: FilePosition?
        /// One per alias, in order; for organisations, the case-sensitive ones after the others.
        public var aliases: [FilePosition] = []
        /// A condition's `parent:`, an organisation's `kind:`.
        public var parent: FilePosition?
        public var kind: FilePosition?
        public init(entry: FilePosition) { self.entry = entry }
    }

    public struct Evidence: Sendable {
        public var entry: FilePosition
        public var condition: FilePosition?
        /// One per `cites` id.
        public var cites: [FilePosition] = []
        public init(entry: FilePosition) { self.entry = entry }
    }

    public struct Citation: Sendable {
        public var entry: FilePosition
        public var doi: FilePosition?
        public var pmid: FilePosition?
        public var url: FilePosition?
        public init(entry: FilePosition) { self.entry = entry }
    }

    public struct Intervention: Sendable {
        /// The file's top-level mapping.
        public var entry: FilePosition
        public var id: FilePosition?
        public var aliases: [FilePosition] = []
        /// The `evidence:` key (for "grades no condition").
        public var evidenceKey: FilePosition?
        /// The `citations:` key (for "has no citation").
        public var citationsKey: FilePosition?
        public var evidence: [Evidence] = []
        /// One per `harm-claims` entry (its `condition` is the `effect:`).
        public var harmClaims: [Evidence] = []
        public var citations: [Citation] = []
        public init(entry: FilePosition) { self.entry = entry }
    }

    public var interventions: [Intervention] = []
    public var conditions: [Entry] = []
    public var organisations: [Entry] = []
    public var experts: [Entry] = []
    /// Each pack's `domain.yml`.
    public var domains: [FilePosition] = []

    public init() {}

    /// Fills in entries without a position, so the arrays stay parallel to a
    /// registry's (`counts`: interventions' files, then conditions, organisations, experts).
    mutating func pad(interventionFiles: [String], conditions: Int, organisations: Int, experts: Int) {
        for file in interventionFiles.dropFirst(interventions.count) { interventions.append(Intervention(entry: FilePosition(file: file))) }
        while self.conditions.count < conditions { self.conditions.append(Entry(entry: FilePosition(file: ""))) }
        while self.organisations.count < organisations { self.organisations.append(Entry(entry: FilePosition(file: ""))) }
        while self.experts.count < experts { self.experts.append(Entry(entry: FilePosition(file: ""))) }
    }

    mutating func append(_ other: RegistryLocations) {
        interventions += other.interventions
        conditions += other.conditions
        organisations += other.organisations
        experts += other.experts
        domains += other.domains
    }
}
