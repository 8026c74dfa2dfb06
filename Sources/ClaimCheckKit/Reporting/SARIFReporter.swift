import Foundation

/// SARIF 2.1.0 for code-scanning tools (GitHub, GitLab, Azure DevOps).
///
/// Regions are 1-based with an exclusive end column; columns count Unicode code
/// points (`columnKind: unicodeCodePoints`), as the text output does. Each result
/// carries `partialFingerprints.primaryLocationLineHash` from its rule and
/// normalised claim text, so a finding keeps its identity when lines move.
public struct SARIFReporter: Reporter {
    public var identifier: String { "sarif" }
    public var catalog: RuleCatalog
    public var version: String

    public init(catalog: RuleCatalog, version: String = ClaimCheckVersion.current) {
        self.catalog = catalog
        self.version = version
    }

    public func render(_ reports: [Report]) -> String {
        var results: [[String: Any]] = []
        for report in reports {
            let uri = Self.uri(for: report.source)
            if let error = report.error {
                results.append(result(rule: "input-error", level: .error, message: "\(report.source): \(error)", uri: uri,
                                      line: 1, column: 1, endLine: nil, endColumn: nil, fingerprint: nil, properties: [:], suppression: nil))
                continue
            }
            for verdict in report.verdicts {
                var properties: [String: Any] = [
                    "verdict": verdict.verdict.rawValue, "region": verdict.region.rawValue, "kind": verdict.kind.rawValue,
                    "claim": verdict.claim,
                    "reasons": verdict.reasons.map { ["rule": $0.rule, "message": $0.message] },
                ]
                if !verdict.evidence.isEmpty {
                    properties["evidence"] = verdict.evidence.map { evidence -> [String: Any] in
                        var item: [String: Any] = ["id": evidence.id, "grade": evidence.grade.rawValue, "condition": evidence.condition,
                                                   "citation": evidence.citation]
                        if let link = evidence.link { item["link"] = link }
                        return item
                    }
                }
                if let speaker = verdict.speaker { properties["speaker"] = speaker }
                if let organisation = verdict.organisation { properties["organisation"] = organisation }
                let location = verdict.location
                results.append(result(rule: verdict.rule, level: verdict.severity,
                                      message: "\(verdict.verdict.rawValue): \(verdict.reasons.first?.message ?? "")",
                                      uri: uri, line: location.line, column: location.column, endLine: location.endLine,
                                      endColumn: location.endColumn, fingerprint: verdict.fingerprint, properties: properties,
                                      suppression: verdict.suppression))
            }
            for diagnostic in report.diagnostics {
                results.append(result(rule: diagnostic.rule, level: diagnostic.severity, message: diagnostic.message, uri: uri,
                                      line: diagnostic.line, column: diagnostic.column, endLine: nil, endColumn: nil,
                                      fingerprint: nil, properties: [:], suppression: nil))
            }
        }
        let rules: [[String: Any]] = catalog.entries.map { entry in
            var rule: [String: Any] = [
                "id": entry.id,
                "shortDescription": ["text": entry.summary],
                "fullDescription": ["text": entry.description],
                "help": ["text": entry.help],
                "defaultConfiguration": ["level": Self.level(entry.level ?? .warning)],
            ]
            if let uri = entry.helpURI { rule["helpUri"] = uri }
            return rule
        }
        let log: [String: Any] = [
            "$schema": "https://json.schemastore.org/sarif-2.1.0.json",
            "version": "2.1.0",
            "runs": [[
                "tool": ["driver": ["name": "ClaimCheck", "semanticVersion": version, "version": version, "rules": rules]],
                "columnKind": "unicodeCodePoints",
                "results": results,
            ] as [String: Any]],
        ]
        let data = (try? JSONSerialization.data(withJSONObject: log, options: [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes])) ?? Data()
        return String(decoding: data, as: UTF8.self) + "\n"
    }

    private func result(rule: String, level: Severity, message: String, uri: String, line: Int, column: Int, endLine: Int?,
                        endColumn: Int?, fingerprint: String?, properties: [String: Any], suppression: Suppression?) -> [String: Any] {
        var region: [String: Any] = ["startLine": max(1, line), "startColumn": max(1, column)]
        if let endLine { region["endLine"] = max(endLine, line) }
        if let endColumn { region["endColumn"] = max(1, endColumn) }
        var result: [String: Any] = [
            "ruleId": rule,
            "level": Self.level(level),
            "message": ["text": message],
            "locations": [["physicalLocation": ["artifactLocation": ["uri": uri], "region": region]]],
        ]
        if let index = catalog.index(of: rule) { result["ruleIndex"] = index }
        if let fingerprint { result["partialFingerprints"] = ["primaryLocationLineHash": fingerprint + ":1"] }
        if !properties.isEmpty { result["properties"] = properties }
        if let suppression {
            result["suppressions"] = [[
                "kind": suppression.kind == .inSource ? "inSource" : "external",
                "justification": suppression.justification,
            ]]
        }
        return result
    }

    static func level(_ severity: Severity) -> String {
        switch severity {
        case .error: return "error"
        case .warning: return "warning"
        case .info: return "note"
        }
    }

    /// A relative URI reference for a path: relative to the working directory,
    /// with `/` separators and percent-encoding where a URI needs it.
    static func uri(for path: String) -> String {
        if path == "<stdin>" || path == "-" { return "stdin" }
        var relative = path
        let cwd = FileManager.default.currentDirectoryPath + "/"
        if relative.hasPrefix(cwd) { relative = String(relative.dropFirst(cwd.count)) }
        if relative.hasPrefix("./") { relative = String(relative.dropFirst(2)) }
        var allowed = CharacterSet.urlPathAllowed
        allowed.remove(charactersIn: ":")
        let encoded = relative.addingPercentEncoding(withAllowedCharacters: allowed) ?? relative
        return relative.hasPrefix("/") ? "file://" + encoded : encoded
    }
}

public enum ClaimCheckVersion {
    public static let current = "0.1.0"
}
