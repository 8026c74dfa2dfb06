import ClaimCheckKit
import Foundation

/// A `POST /v2/check` answer in LanguageTool's shape, so that LanguageTool's
/// clients show ClaimCheck's findings unchanged: each verdict is a match at the
/// claim, with offsets in UTF-16 code units of the text the client sent
/// (markup included), a context of 40 units either side as LanguageTool gives it,
/// and the deciding rule with a category for the verdict.
struct LanguageToolResponse: Encodable, Sendable {
    struct Software: Encodable, Sendable {
        var name = "ClaimCheck"
        var version = ClaimCheckVersion.current
        var buildDate = ""
        var apiVersion = 1
        var premium = false
        var status = ""
    }
    struct Warnings: Encodable, Sendable { var incompleteResults = false }
    struct DetectedLanguage: Encodable, Sendable {
        var name: String
        var code: String
        /// 1 for a language the client named; 0 for `auto`, which ClaimCheck assumes rather than detects.
        var confidence: Double
        var source: String
    }
    struct Language: Encodable, Sendable {
        var name: String
        var code: String
        var detectedLanguage: DetectedLanguage
    }
    struct Replacement: Encodable, Sendable { var value: String }
    struct Context: Encodable, Sendable { var text: String; var offset: Int; var length: Int }
    struct MatchType: Encodable, Sendable { var typeName: String }
    struct Category: Encodable, Sendable { var id: String; var name: String }
    struct URL: Encodable, Sendable { var value: String }
    struct Rule: Encodable, Sendable {
        var id: String
        var description: String
        var issueType: String
        var urls: [URL]?
        var category: Category
    }
    struct Match: Encodable, Sendable {
        var message: String
        var shortMessage: String
        var replacements: [Replacement]
        var offset: Int
        var length: Int
        var context: Context
        var sentence: String
        var type: MatchType
        var rule: Rule
        var ignoreForIncompleteSentence = false
        var contextForSureMatch = 0
    }

    var software = Software()
    var warnings = Warnings()
    var language: Language
    var matches: [Match]

    /// Characters of the text shown either side of a match (LanguageTool's default).
    static let contextSize = 40

    init(report: Report, request: LanguageToolRequest, catalog: RuleCatalog) {
        let language = request.language
        self.language = Language(name: language.name, code: language.longCode, detectedLanguage: DetectedLanguage(
            name: language.name, code: language.longCode, confidence: request.isAuto ? 0 : 1,
            source: request.isAuto ? "assumed: ClaimCheck checks English only" : "request"))
        let descriptions = Dictionary(catalog.entries.map { ($0.id, $0) }, uniquingKeysWith: { first, _ in first })
        let units = Array(request.text.original.utf16)
        matches = report.verdicts.compactMap { verdict -> Match? in
            // Suppressed findings are let through on purpose; supported claims are not problems (listed when picky).
            guard verdict.suppression == nil, request.picky || verdict.verdict != .supported,
                  request.lists(rule: verdict.rule) else { return nil }
            let start = request.text.originalOffset(ofChecked: verdict.location.offset, isEnd: false)
            let end = max(start, request.text.originalOffset(ofChecked: verdict.location.offset + verdict.location.length, isEnd: true))
            let entry = descriptions[verdict.rule]
            return Match(message: Self.message(verdict), shortMessage: Self.shortMessage(verdict),
                         replacements: [], offset: start, length: end - start,
                         context: Self.context(units, start: start, end: end), sentence: verdict.claim,
                         type: MatchType(typeName: "Other"),
                         rule: Rule(id: verdict.rule, description: entry?.summary ?? verdict.rule,
                                    issueType: Self.issueType(verdict.severity), urls: entry?.helpURI.map { [URL(value: $0)] },
                                    category: Self.category(verdict.verdict)))
        }
    }

    /// The reason, then the registry's word on it when the verdict cites evidence.
    static func message(_ verdict: Verdict) -> String {
        var message = verdict.reasons.first?.message ?? verdict.verdict.rawValue
        if let evidence = verdict.evidence.first, !evidence.citation.isEmpty {
            if let last = message.last, !".!?".contains(last) { message += "." }
            message += " Evidence: \(evidence.citation)"
        }
        return message
    }

    static func shortMessage(_ verdict: Verdict) -> String {
        "\(verdict.verdict.rawValue.prefix(1).uppercased() + verdict.verdict.rawValue.dropFirst()) claim"
    }

    /// LanguageTool's issue types (ITS 2.0 localization quality issues): a claim an
    /// editor must fix does not conform to the publication's standard; one to
    /// note is a matter of style.
    static func issueType(_ severity: Severity) -> String {
        severity == .info ? "style" : "non-conformance"
    }

    static func category(_ verdict: VerdictKind) -> Category {
        switch verdict {
        case .supported: Category(id: "CLAIMCHECK_SUPPORTED", name: "Supported claims")
        case .overstated: Category(id: "CLAIMCHECK_OVERSTATED", name: "Overstated claims")
        case .contradicted: Category(id: "CLAIMCHECK_CONTRADICTED", name: "Claims the evidence contradicts")
        case .unsupported: Category(id: "CLAIMCHECK_UNSUPPORTED", name: "Unsupported claims")
        case .unverifiable: Category(id: "CLAIMCHECK_UNVERIFIABLE", name: "Unverifiable claims")
        }
    }

    /// LanguageTool's context: up to `contextSize` units either side, "..." where
    /// the text was cut, line breaks as spaces; `offset` is where the match starts in it.
    /// The cut never splits a surrogate pair.
    static func context(_ units: [UInt16], start: Int, end: Int) -> Context {
        func isLowSurrogate(_ index: Int) -> Bool { index > 0 && index < units.count && UTF16.isTrailSurrogate(units[index]) }
        var from = max(0, start - contextSize)
        if isLowSurrogate(from) { from += 1 }
        var to = min(units.count, end + contextSize)
        if isLowSurrogate(to) { to += 1 }
        let prefix = from > 0 ? "..." : "", suffix = to < units.count ? "..." : ""
        var text = prefix + String(decoding: units[from..<to], as: UTF16.self) + suffix
        text = text.replacingOccurrences(of: "\r\n", with: "  ").replacingOccurrences(of: "\n", with: " ").replacingOccurrences(of: "\r", with: " ")
        return Context(text: text, offset: prefix.utf16.count + start - from, length: end - start)
    }
}
