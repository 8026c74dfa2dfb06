/// An output format: turns reports into the bytes a user, a CI system or another
/// tool reads. One format is one type conforming to this, in a file of its own.
public protocol Reporter: Sendable {
    /// The name `--format` takes (`text`, `json`, `sarif`, …).
    var identifier: String { get }
    /// Whether the output can be written one report at a time, as each document is
    /// checked, so that a run over thousands of documents holds none of them: then
    /// `streamHeader() + streamPiece(r₀, index: 0) + … + streamFooter(count: n)`
    /// is exactly `render([r₀, …])`.
    var streams: Bool { get }
    /// The whole output for these reports, in order.
    func render(_ reports: [Report]) -> String
    /// What a streamed output begins with (a JSON array's bracket).
    func streamHeader() -> String
    /// One report's part of a streamed output, the `index`th (from 0).
    func streamPiece(_ report: Report, index: Int) -> String
    /// What a streamed output of `count` reports ends with.
    func streamFooter(count: Int) -> String
}

extension Reporter {
    public var streams: Bool { false }
    public func streamHeader() -> String { "" }
    /// For formats whose reports stand alone: `render(a + b) == render(a) + render(b)`.
    public func streamPiece(_ report: Report, index: Int) -> String { render([report]) }
    public func streamFooter(count: Int) -> String { "" }
}

/// What the formats can need besides the reports: the lowest severity a reader
/// wants to see, whether several documents are expected (JSON's array), the rules
/// checked (SARIF's rule table) and who publishes the reviews (ClaimReview).
public struct ReporterSettings: Sendable {
    public var minimumSeverity: Severity = .info
    /// Write a JSON array even for one report (the run named several inputs or a folder).
    public var asArray = false
    public var catalog: RuleCatalog?
    public var organisation = "ClaimCheck"

    public init(minimumSeverity: Severity = .info, asArray: Bool = false, catalog: RuleCatalog? = nil, organisation: String = "ClaimCheck") {
        self.minimumSeverity = minimumSeverity
        self.asArray = asArray
        self.catalog = catalog
        self.organisation = organisation
    }
}

/// The formats ClaimCheck writes, by the name `--format` takes.
public enum ReportFormat: String, Sendable, CaseIterable {
    case text, json, jsonl, sarif, junit, github, claimreview, html

    /// Whether the format lists the rules checked (and so needs `ReporterSettings.catalog`).
    public var needsCatalog: Bool { self == .sarif }
    /// Whether the format shows each block's text (and so the checker must keep it).
    public var needsArticleText: Bool { self == .html }

    public func reporter(_ settings: ReporterSettings) -> any Reporter {
        switch self {
        case .text: TextReporter(minimumSeverity: settings.minimumSeverity)
        case .json: JSONReporter(asArray: settings.asArray)
        case .jsonl: JSONLinesReporter()
        case .sarif: SARIFReporter(catalog: settings.catalog ?? RuleCatalog(entries: []))
        case .junit: JUnitReporter()
        case .github: GitHubReporter()
        case .claimreview: ClaimReviewReporter(organisation: settings.organisation)
        case .html: HTMLReporter()
        }
    }
}
