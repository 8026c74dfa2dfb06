import Foundation

/// schema.org `ClaimReview` JSON-LD, the format fact-checkers exchange, for every
/// claim that is not `supported` (suppressed findings are left out).
public struct ClaimReviewReporter: Reporter {
    public var identifier: String { "claimreview" }
    /// The organisation publishing the reviews (config `organisation`).
    public var organisation: String
    /// The review date (YYYY-MM-DD); today by default.
    public var date: String

    public init(organisation: String, date: Date = Date()) {
        self.organisation = organisation
        let formatter = DateFormatter()
        formatter.locale = Locale(identifier: "en_US_POSIX")
        formatter.timeZone = TimeZone(identifier: "UTC")
        formatter.dateFormat = "yyyy-MM-dd"
        self.date = formatter.string(from: date)
    }

    /// Rating on a 1 (worst) to 5 (best) scale, with the verdict as its name.
    static func rating(_ verdict: VerdictKind) -> Int {
        switch verdict {
        case .supported: return 5
        case .unverifiable: return 3
        case .unsupported, .overstated: return 2
        case .contradicted: return 1
        }
    }

    public func render(_ reports: [Report]) -> String {
        var reviews: [[String: Any]] = []
        for report in reports where report.error == nil {
            let appearance = report.url ?? report.source
            for verdict in report.verdicts where verdict.verdict != .supported && verdict.suppression == nil {
                var review: [String: Any] = [
                    "@context": "https://schema.org",
                    "@type": "ClaimReview",
                    "claimReviewed": verdict.claim,
                    "datePublished": date,
                    "url": appearance + "#claim-\(verdict.location.line)-\(verdict.location.column)",
                    "author": ["@type": "Organization", "name": organisation],
                    "reviewRating": [
                        "@type": "Rating",
                        "ratingValue": Self.rating(verdict.verdict),
                        "bestRating": 5,
                        "worstRating": 1,
                        "alternateName": verdict.verdict.rawValue,
                    ] as [String: Any],
                    "itemReviewed": [
                        "@type": "Claim",
                        "appearance": ["@type": "CreativeWork", "url": appearance],
                    ] as [String: Any],
                    "reviewBody": verdict.reasons.map(\.message).joined(separator: "; "),
                ]
                if let speaker = verdict.speaker {
                    var item = review["itemReviewed"] as! [String: Any]
                    item["author"] = ["@type": "Person", "name": speaker]
                    review["itemReviewed"] = item
                }
                reviews.append(review)
            }
        }
        let data = (try? JSONSerialization.data(withJSONObject: reviews, options: [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes])) ?? Data()
        return String(decoding: data, as: UTF8.self) + "\n"
    }
}
