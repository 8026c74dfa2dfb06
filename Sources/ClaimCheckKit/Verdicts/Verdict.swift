/// The judgement on one claim.
public enum VerdictKind: String, Codable, Sendable, CaseIterable {
    case supported, overstated, contradicted, unsupported, unverifiable
}

public enum Severity: String, Codable, Sendable, CaseIterable, Comparable {
    case info, warning, error

    public static func < (lhs: Severity, rhs: Severity) -> Bool {
        allCases.firstIndex(of: lhs)! < allCases.firstIndex(of: rhs)!
    }
}

/// A verdict and severity from the policy table, or `nil` (a note: a reason that
/// does not make a verdict by itself).
public struct PolicyCell: Sendable, Equatable {
    public var verdict: VerdictKind
    public var severity: Severity
}

extension PolicyCell: Codable {}

/// Where a claim is in the original file: 1-based lines and columns (columns
/// count characters), plus UTF-8 byte offset and length.
public struct SourceLocation: Sendable, Codable, Equatable {
    public var line: Int
    public var column: Int
    public var endLine: Int
    /// Exclusive: the column just after the claim's last character.
    public var endColumn: Int
    public var offset: Int
    public var length: Int
}

/// Why a finding does not count against the gate.
public struct Suppression: Sendable, Codable, Equatable {
    public enum Kind: String, Sendable, Codable { case inSource, baseline }
    public var kind: Kind
    public var justification: String
}

/// The attribution a claim received from the document model, as reports show it.
public struct VerdictAttribution: Sendable, Codable, Equatable {
    /// `sentence`, `speaker`, `paragraph-study`, `document-study`, `source-note` or `none` (see `ClaimSource`).
    public var basis: String
    /// What names the support: the citation mark, the speaker as introduced, or how the study is named.
    public var source: String?
    /// The 1-based line where the source is named.
    public var line: Int?
    /// For a study: its designs (`StudyDesign` raw values) and size, when the article gives them.
    public var design: [String]?
    public var size: Int?

    public init(basis: String, source: String? = nil, line: Int? = nil, design: [String]? = nil, size: Int? = nil) {
        self.basis = basis
        self.source = source
        self.line = line
        self.design = design
        self.size = size
    }
}

/// A verdict on a claim, ready for a reporter.
public struct Verdict: Sendable, Codable, Equatable {
    public var claim: String
    public var kind: ClaimKind
    public var verdict: VerdictKind
    public var severity: Severity
    public var region: Region
    public var location: SourceLocation
    public var reasons: [Signal]
    public var evidence: [EvidenceReference]
    public var speaker: String?
    public var organisation: String?
    /// Where the claim's support is named (nil only in reports written before it existed).
    public var attribution: VerdictAttribution?
    /// Set when a `claimcheck-disable` comment or the baseline covers this finding.
    public var suppression: Suppression?
    /// Stable identity of the finding: its deciding rule and normalised claim text
    /// (not its line), for baselines and SARIF fingerprints.
    public var fingerprint: String
    /// Block and byte range of the claim in the extracted text (for the HTML report).
    public var blockIndex: Int = 0
    public var range: Range<Int> = 0..<0

    enum CodingKeys: String, CodingKey {
        case claim, kind, verdict, severity, region, location, reasons, evidence, speaker, organisation, attribution, suppression, fingerprint
    }

    /// The rule that decided the verdict.
    public var rule: String { reasons.first?.rule ?? "" }

    /// "rule + normalised claim" hashed: lower-cased letters and digits, one space between words.
    public static func fingerprint(rule: String, claim: String) -> String {
        // Bytes, not characters: ASCII letters lower-cased, ASCII digits kept, any
        // other ASCII a word break; non-ASCII bytes (letters of other scripts) kept.
        var normalized: [UInt8] = Array(rule.utf8) + [0x1F]
        normalized.reserveCapacity(claim.utf8.count + rule.utf8.count + 1)
        var pendingSpace = false
        var wroteWord = false
        let bytes = Array(claim.utf8)
        var index = 0
        while index < bytes.count {
            let byte = bytes[index]
            index += 1
            // General punctuation (curly quotes, dashes, ellipsis: E2 80 xx) breaks words too.
            if byte == 0xE2, index + 1 < bytes.count, bytes[index] == 0x80 { index += 2; pendingSpace = true; continue }
            let keep = byte >= 0x80 || Tokenizer.isAlnum(byte)
            if keep {
                if pendingSpace && wroteWord { normalized.append(0x20) }
                pendingSpace = false
                wroteWord = true
                normalized.append(byte < 0x80 ? Tokenizer.lower(byte) : byte)
            } else {
                pendingSpace = true
            }
        }
        let hex = String(Vocabulary.hash(normalized), radix: 16)
        return String(repeating: "0", count: 16 - hex.count) + hex
    }
}

/// A finding about the check itself rather than a claim: a suppression with no
/// reason or one that suppresses nothing, a baseline that can shrink.
public struct Diagnostic: Sendable, Codable, Equatable {
    public var rule: String
    public var severity: Severity
    public var message: String
    public var line: Int
    public var column: Int
}
