/// Reads `Rules/strength.yml`: the cue lists the claim-strength classifier reads
/// sentences by, and the labelled sentences that test them.
///
/// ```yaml
/// cues:
///   causal: [reduces, "is effective", …]
///   hedges: [may, might, …]
/// examples:
///   causal: ["The new dressing shortens healing time."]
///   none: ["Should every clinic offer it?"]
/// ```
public struct StrengthCueLoader: Sendable {
    public init() {}

    public func load(path: String) throws(ConfigurationError) -> StrengthCues {
        try load(text: try FileLoader.readText(path), file: path)
    }

    public func load(text: String, file: String) throws(ConfigurationError) -> StrengthCues {
        guard let root = try YAMLNode.parse(text, file: file) else {
            throw ConfigurationError(file: file, message: "the strength cues are empty",
                                     fix: "restore Rules/strength.yml from the ClaimCheck checkout")
        }
        let top = try root.mapping(allowed: ["cues", "examples"], context: "strength.yml")
        guard let cuesNode = top["cues"] else {
            throw (top.keys["cues"] ?? root).error("strength.yml has no `cues:`", fix: "put the cue lists under `cues:`")
        }
        var cues = StrengthCues(file: file)
        var owner: [[UInt8]: (StrengthCue, YAMLNode)] = [:]
        let known = Set(StrengthCue.allCases.map(\.rawValue))
        for (name, key, value) in try cuesNode.keyedEntries(context: "cues") {
            guard let cue = StrengthCue(rawValue: name) else {
                throw key.error("unknown cue list `\(name)`",
                                fix: YAMLNode.suggestion(name, in: known) + "known lists: " + known.sorted().joined(separator: ", "))
            }
            var phrases: [String] = []
            for (phrase, node) in try value.locatedStrings(context: "cues.\(name)") {
                let forms = Tokenizer.normalizedForms(of: phrase)
                if forms.isEmpty {
                    throw node.error("an empty cue in `\(name)`", fix: "remove it, or write the word it should match")
                }
                if StrengthCue.singleTokens.contains(cue), forms.count > 1 {
                    throw node.error("`\(name)` cues are single words, and “\(phrase)” is \(forms.count) tokens",
                                     fix: "write one word or mark, or move the phrase to another list")
                }
                if StrengthCue.relations.contains(cue) {
                    let form = Array(forms.joined(separator: [0x20]))
                    if let (other, first) = owner[form] {
                        throw node.error("“\(phrase)” is already a `\(other.rawValue)` cue at \(first.location.lineAndColumn)",
                                         fix: "keep it in one list: a phrase claims one kind of relationship")
                    }
                    owner[form] = (cue, node)
                }
                phrases.append(phrase)
            }
            cues.phrases[cue] = phrases
        }
        for cue in StrengthCue.allCases where cues.phrases[cue] == nil {
            throw cuesNode.error("strength.yml has no cue list `\(cue.rawValue)`", fix: "add `\(cue.rawValue): [...]` under `cues:`")
        }
        let labels = Set(ClaimStrength.allCases.map(\.rawValue))
        for (name, key, value) in try (top["examples"]?.keyedEntries(context: "examples") ?? []) {
            guard let strength = ClaimStrength(rawValue: name) else {
                throw key.error("unknown strength `\(name)` in `examples`",
                                fix: YAMLNode.suggestion(name, in: labels) + "use: " + ClaimStrength.allCases.map(\.rawValue).joined(separator: ", "))
            }
            for (sentence, node) in try value.locatedStrings(context: "examples.\(name)") {
                cues.examples.append(StrengthExample(sentence: sentence, strength: strength, location: node.location))
            }
        }
        let covered = Set(cues.examples.map(\.strength))
        if let missing = ClaimStrength.allCases.first(where: { !covered.contains($0) }) {
            throw (top.keys["examples"] ?? root).error("strength.yml has no example of `\(missing.rawValue)`",
                fix: "add `\(missing.rawValue): [\"…\"]` under `examples:`, a sentence of your own that reads as \(missing.rawValue)")
        }
        return cues
    }
}
