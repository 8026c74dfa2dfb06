import Foundation

/// What a `POST /v2/check` asks, in LanguageTool's form fields: the text
/// (`text`, or `data` for annotated text), its `language`, and the filters
/// clients send (`disabledRules`, `enabledRules` with `enabledOnly`, `level`).
struct LanguageToolRequest: Sendable {
    var text: AnnotatedText
    var language: LanguageToolLanguage
    /// `language=auto`: the language was assumed, not named.
    var isAuto: Bool
    /// `level=picky` also lists supported claims, which are not problems.
    var picky: Bool
    var disabledRules: Set<String>
    /// With `enabledOnly=true`, only these.
    var enabledRules: Set<String>?

    init(_ fields: FormFields) throws(ServerError) {
        switch (fields["text"], fields["data"]) {
        case (let text?, nil): self.text = AnnotatedText(plain: text)
        case (nil, let data?): self.text = try AnnotatedText(json: data)
        case (nil, nil):
            throw .badRequest("the form has neither a text nor a data field",
                              fix: "send text=… (the plain text) or data={\"annotation\": […]} with language=en-US")
        case (_?, _?):
            throw .badRequest("the form has both text and data", fix: "send one of them")
        }
        guard let languageField = fields["language"], !languageField.isEmpty else {
            throw .badRequest("the form has no language field", fix: "add language=en-US (or en, auto)")
        }
        guard let resolved = LanguageToolLanguage.resolve(languageField, preferredVariants: fields["preferredVariants"]) else {
            throw .badRequest("ClaimCheck checks English only and cannot check language '\(languageField)'",
                              fix: "send language= one of \(LanguageToolLanguage.codes)")
        }
        language = resolved.language
        isAuto = resolved.auto
        picky = fields["level"]?.lowercased() == "picky"
        func ids(_ name: String) -> Set<String> {
            Set((fields[name] ?? "").split(separator: ",").map { $0.trimmingCharacters(in: .whitespaces) }.filter { !$0.isEmpty })
        }
        disabledRules = ids("disabledRules")
        enabledRules = fields["enabledOnly"]?.lowercased() == "true" ? ids("enabledRules") : nil
    }

    /// Whether a finding of `rule` is listed.
    func lists(rule: String) -> Bool {
        if disabledRules.contains(rule) { return false }
        if let enabledRules { return enabledRules.contains(rule) }
        return true
    }
}
