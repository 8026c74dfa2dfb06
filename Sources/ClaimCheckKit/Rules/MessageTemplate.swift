/// Fills `{name}` placeholders of a rule's message. Unknown names stay as written,
/// so a typo in a rule file shows up in the output instead of vanishing.
enum MessageTemplate {
    static func fill(_ template: String, _ values: [String: String]) -> String {
        guard template.contains("{") else { return template }
        var result = ""
        var rest = Substring(template)
        while let open = rest.firstIndex(of: "{") {
            result += rest[..<open]
            guard let close = rest[open...].firstIndex(of: "}") else { break }
            let name = String(rest[rest.index(after: open)..<close])
            if let value = values[name] { result += value } else { result += rest[open...close] }
            rest = rest[rest.index(after: close)...]
        }
        result += rest
        return result
    }
}
