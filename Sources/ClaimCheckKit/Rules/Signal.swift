/// One signal a rule raised on a claim: the reason a verdict gives.
public struct Signal: Sendable, Codable, Equatable {
    public var rule: String
    public var message: String
    /// Byte range in the block's text of what the rule matched.
    public var range: Range<Int>
    /// Evidence this signal cites (evidence rule).
    public var evidence: [EvidenceReference]
    /// For the evidence rule, one per reference of `evidence`: the strength the
    /// sentence asserts and the registry's grade; the verdict stage turns them into a verdict.
    public var weighings: [EvidenceWeighing]

    enum CodingKeys: String, CodingKey { case rule, message }

    public init(rule: String, message: String, range: Range<Int>, evidence: [EvidenceReference] = [],
                weighings: [EvidenceWeighing] = []) {
        self.rule = rule
        self.message = message
        self.range = range
        self.evidence = evidence
        self.weighings = weighings
    }

    public init(from decoder: Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        self.init(rule: try container.decode(String.self, forKey: .rule), message: try container.decode(String.self, forKey: .message), range: 0..<0)
    }

    public func encode(to encoder: Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(rule, forKey: .rule)
        try container.encode(message, forKey: .message)
    }
}

/// What the evidence rule weighed for one reference: the strength the sentence
/// asserts of the treatment (or of the harm it says the treatment causes) and the
/// registry's grade of that claim.
public struct EvidenceWeighing: Sendable, Equatable {
    public var strength: AssertedStrength
    public var grade: EvidenceGrade
}

/// The registry evidence a verdict cites.
public struct EvidenceReference: Sendable, Codable, Equatable {
    /// Intervention id in the registry.
    public var id: String
    public var name: String
    public var condition: String
    public var grade: EvidenceGrade
    public var summary: String
    public var citation: String
    public var link: String?
}
