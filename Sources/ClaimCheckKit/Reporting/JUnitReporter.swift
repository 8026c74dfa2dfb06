/// JUnit XML: one `testsuite` per document, one `testcase` per claim; a
/// `failure` for each finding that fails the gate, `skipped` for suppressed ones.
public struct JUnitReporter: Reporter {
    public var identifier: String { "junit" }
    public init() {}

    public func render(_ reports: [Report]) -> String {
        var suites = ""
        var totalTests = 0, totalFailures = 0, totalErrors = 0
        for report in reports {
            var cases = ""
            var tests = 0, failures = 0, errors = 0
            if let error = report.error {
                tests = 1; errors = 1
                cases += "    <testcase classname=\"\(Self.escape(report.source))\" name=\"read\">\n"
                cases += "      <error type=\"input-error\" message=\"\(Self.escape(error))\"/>\n    </testcase>\n"
            }
            for verdict in report.verdicts {
                tests += 1
                let location = verdict.location
                let name = "\(location.line):\(location.column) \(verdict.verdict.rawValue) \(verdict.rule)"
                cases += "    <testcase classname=\"\(Self.escape(report.source))\" name=\"\(Self.escape(name))\">\n"
                if let suppression = verdict.suppression {
                    cases += "      <skipped message=\"\(Self.escape("suppressed (\(suppression.kind.rawValue)): \(suppression.justification)"))\"/>\n"
                } else if report.gatePolicy.fails(verdict) {
                    failures += 1
                    let details = ([("claim", verdict.claim)] + verdict.reasons.map { ($0.rule, $0.message) }
                        + verdict.evidence.map { ("evidence", "\($0.name), \($0.condition): \($0.grade.rawValue). \($0.citation)") })
                        .map { "\($0.0): \($0.1)" }.joined(separator: "\n")
                    cases += "      <failure type=\"\(verdict.verdict.rawValue)\" message=\"\(Self.escape(verdict.reasons.first?.message ?? ""))\">\(Self.escape(details))</failure>\n"
                }
                cases += "    </testcase>\n"
            }
            for diagnostic in report.diagnostics {
                tests += 1
                let name = "\(diagnostic.line):\(diagnostic.column) \(diagnostic.rule)"
                cases += "    <testcase classname=\"\(Self.escape(report.source))\" name=\"\(Self.escape(name))\">\n"
                if let failOn = report.gatePolicy.failOn, diagnostic.severity >= failOn {
                    failures += 1
                    cases += "      <failure type=\"\(diagnostic.rule)\" message=\"\(Self.escape(diagnostic.message))\"/>\n"
                }
                cases += "    </testcase>\n"
            }
            suites += "  <testsuite name=\"\(Self.escape(report.source))\" tests=\"\(tests)\" failures=\"\(failures)\" errors=\"\(errors)\">\n"
            suites += cases + "  </testsuite>\n"
            totalTests += tests; totalFailures += failures; totalErrors += errors
        }
        return "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
            + "<testsuites name=\"claimcheck\" tests=\"\(totalTests)\" failures=\"\(totalFailures)\" errors=\"\(totalErrors)\">\n"
            + suites + "</testsuites>\n"
    }

    /// Escapes text for XML attributes and content; drops characters XML 1.0 forbids.
    static func escape(_ text: String) -> String {
        var out = ""
        out.reserveCapacity(text.utf8.count)
        for scalar in text.unicodeScalars {
            switch scalar {
            case "&": out += "&amp;"
            case "<": out += "&lt;"
            case ">": out += "&gt;"
            case "\"": out += "&quot;"
            case "'": out += "&apos;"
            case "\n": out += "&#10;"
            case "\t", "\r": out.unicodeScalars.append(scalar)
            default:
                if scalar.value < 0x20 || (0xFFFE...0xFFFF).contains(scalar.value) { continue }
                out.unicodeScalars.append(scalar)
            }
        }
        return out
    }
}
