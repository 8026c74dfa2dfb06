import ClaimCheckKit

/// Turns a report into the protocol's diagnostics for one document, with
/// ranges in the negotiated position encoding.
///
/// - Severity: error 1, warning 2, info 3. A finding a `claimcheck-disable`
///   comment or the baseline suppresses is a hint (4) whose message starts with
///   the reason it was let through: the editor still sees what the comment
///   covers (and can remove a stale one), without a warning that the gate
///   does not count.
/// - `code` is the deciding rule, `source` is `claimcheck`, the message is the
///   verdict and its first reason; each evidence citation is related
///   information at the claim itself, and where the article names the claim's
///   support, that line is related information too.
/// - `data` carries the rule, the finding's fingerprint and its line, which the
///   suppression code action reads back.
public struct DiagnosticMapper: Sendable {
    public let uri: DocumentURI
    public let offsets: TextOffsets
    public let encoding: PositionEncoding

    public init(uri: DocumentURI, offsets: TextOffsets, encoding: PositionEncoding) {
        self.uri = uri
        self.offsets = offsets
        self.encoding = encoding
    }

    public static let source = "claimcheck"

    public func diagnostics(for report: Report) -> [JSONValue] {
        if let error = report.error {
            return [Self.documentProblem(code: "input-error", message: "claimcheck could not read this document: \(error)")]
        }
        return report.verdicts.map(diagnostic(for:)) + report.diagnostics.map(diagnostic(for:))
    }

    /// A problem with the document as a whole (it cannot be read, its config or
    /// the rules do not load), shown at the start of its first line.
    public static func documentProblem(code: String, message: String) -> JSONValue {
        let start: JSONValue = ["line": 0, "character": 0]
        return ["range": ["start": start, "end": start], "severity": 1, "code": .string(code),
                "source": .string(source), "message": .string(message)]
    }

    public func diagnostic(for verdict: Verdict) -> JSONValue {
        let range = self.range(fromByte: verdict.location.offset, length: verdict.location.length)
        let region = verdict.region == .body ? "" : " [\(verdict.region.rawValue)]"
        var message = "\(verdict.verdict.rawValue)\(region): \(verdict.reasons.first?.message ?? verdict.claim)"
        var severity = Self.severity(verdict.severity)
        if let suppression = verdict.suppression {
            severity = 4
            let how = suppression.kind == .inSource ? "suppressed in the source" : "suppressed by the baseline"
            message = "\(how) (\(suppression.justification)): \(message)"
        }
        var related: [JSONValue] = verdict.evidence.map { evidence in
            ["location": ["uri": .string(uri.text), "range": range],
             "message": .string(Self.citation(evidence))]
        }
        if let attribution = verdict.attribution, attribution.basis != "none", let named = attribution.source {
            let line = attribution.line.map { max($0 - 1, 0) }
            let place = line.map(lineRange) ?? range
            related.append(["location": ["uri": .string(uri.text), "range": place],
                            "message": .string("attributed (\(attribution.basis)): \(named)")])
        }
        var diagnostic: [String: JSONValue] = [
            "range": range,
            "severity": .int(severity),
            "code": .string(verdict.rule),
            "source": .string(Self.source),
            "message": .string(message),
            "data": ["rule": .string(verdict.rule), "fingerprint": .string(verdict.fingerprint),
                     "line": .int(offsets.line(containingByte: verdict.location.offset)),
                     "suppressed": .bool(verdict.suppression != nil)],
        ]
        if !related.isEmpty { diagnostic["relatedInformation"] = .array(related) }
        return .object(diagnostic)
    }

    /// A finding about the check itself (a suppression without a reason, one
    /// that matches nothing), at its comment, to the end of that line.
    public func diagnostic(for finding: ClaimCheckKit.Diagnostic) -> JSONValue {
        let start = offsets.byteOffset(of: TextOffsets.Position(line: max(finding.line - 1, 0), character: max(finding.column - 1, 0)),
                                       in: .utf32)
        let end = offsets.lineContentEnd(offsets.line(containingByte: start))
        return ["range": range(fromByte: start, length: max(end - start, 0)), "severity": .int(Self.severity(finding.severity)),
                "code": .string(finding.rule), "source": .string(Self.source), "message": .string(finding.message)]
    }

    public static func severity(_ severity: Severity) -> Int {
        switch severity {
        case .error: 1
        case .warning: 2
        case .info: 3
        }
    }

    /// "evidence: NAME, CONDITION: GRADE. CITATION" (and the link, where the registry has one).
    public static func citation(_ evidence: EvidenceReference) -> String {
        "evidence: \(evidence.name), \(evidence.condition): \(evidence.grade.rawValue). \(evidence.citation)"
            + (evidence.link.map { " \($0)" } ?? "")
    }

    public func position(ofByte offset: Int) -> JSONValue {
        let position = offsets.position(ofByte: offset, in: encoding)
        return ["line": .int(position.line), "character": .int(position.character)]
    }

    public func range(fromByte offset: Int, length: Int) -> JSONValue {
        ["start": position(ofByte: offset), "end": position(ofByte: offset + max(length, 0))]
    }

    func lineRange(_ line: Int) -> JSONValue {
        let line = min(line, offsets.lineStarts.count - 1)
        let start = offsets.lineStarts[line]
        return range(fromByte: start, length: offsets.lineContentEnd(line) - start)
    }
}
