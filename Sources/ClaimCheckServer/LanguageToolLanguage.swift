import Foundation

/// The languages ClaimCheck checks, as LanguageTool's API names them: English,
/// in the variants LanguageTool lists. ClaimCheck's rules and registry are
/// English; a text in another language is refused rather than checked badly.
struct LanguageToolLanguage: Sendable, Equatable, Encodable {
    /// "English (US)"
    var name: String
    /// "en"
    var code: String
    /// "en-US"
    var longCode: String

    static let english = LanguageToolLanguage(name: "English", code: "en", longCode: "en")
    static let variants: [LanguageToolLanguage] = [
        english,
        LanguageToolLanguage(name: "English (US)", code: "en", longCode: "en-US"),
        LanguageToolLanguage(name: "English (GB)", code: "en", longCode: "en-GB"),
        LanguageToolLanguage(name: "English (Australian)", code: "en", longCode: "en-AU"),
        LanguageToolLanguage(name: "English (Canadian)", code: "en", longCode: "en-CA"),
        LanguageToolLanguage(name: "English (New Zealand)", code: "en", longCode: "en-NZ"),
        LanguageToolLanguage(name: "English (South African)", code: "en", longCode: "en-ZA"),
    ]
    /// What `auto` checks as when no English variant is preferred.
    static let assumed = variants[1]

    /// The language a request's `language` field names (`en-US`, `en_gb`, `EN`),
    /// or `auto` resolved by `preferredVariants`; nil for a language ClaimCheck cannot check.
    static func resolve(_ field: String, preferredVariants: String? = nil) -> (language: LanguageToolLanguage, auto: Bool)? {
        let code = field.trimmingCharacters(in: .whitespaces).replacingOccurrences(of: "_", with: "-").lowercased()
        if code == "auto" {
            let preferred = (preferredVariants ?? "").split(separator: ",").compactMap { variant(String($0)) }
            return (preferred.first ?? assumed, true)
        }
        return variant(code).map { ($0, false) }
    }

    private static func variant(_ code: String) -> LanguageToolLanguage? {
        let code = code.trimmingCharacters(in: .whitespaces).lowercased()
        return variants.first { $0.longCode.lowercased() == code }
    }

    /// The codes to name in an error.
    static var codes: String { (variants.map(\.longCode) + ["auto"]).joined(separator: ", ") }
}
