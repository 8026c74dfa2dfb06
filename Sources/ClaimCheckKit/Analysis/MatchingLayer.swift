/// What a phrase match in the automaton stands for.
public enum MatchTag: Sendable, Hashable {
    case rulePhrase(rule: Int)
    /// A phrase of a rule's `unless.sentence` list.
    case ruleException(rule: Int)
    /// A cue of `strength.yml` (the claim-strength classifier's words).
    case strengthCue(StrengthCue)
    case list(String)
    case intervention(Int)
    case condition(Int)
    case organisation(Int)
    case expert(Int)
    /// A topic word of a domain pack (`topic.words` of its domain.yml), by pack index.
    case domainTopic(Int)
}

/// A `MatchTag` as two integers: what kind of tag, and its rule, registry entry,
/// list id or cue (by index in `StrengthCue.allCases`). Hot loops read these:
/// copying a `MatchTag` out of the table retains and releases a list's name.
struct TagCode: Hashable, Sendable {
    enum Kind: UInt8, Sendable { case rulePhrase, ruleException, strengthCue, list, intervention, condition, organisation, expert, domainTopic }
    var kind: Kind
    var value: Int32

    static func rulePhrase(_ rule: Int) -> TagCode { TagCode(kind: .rulePhrase, value: Int32(rule)) }
    static func ruleException(_ rule: Int) -> TagCode { TagCode(kind: .ruleException, value: Int32(rule)) }
    static func strengthCue(_ cue: StrengthCue) -> TagCode { TagCode(kind: .strengthCue, value: Int32(cue.position)) }
}

extension StrengthCue {
    /// Index in `allCases`, worked out once per case.
    static let positions: [StrengthCue: Int] = Dictionary(uniqueKeysWithValues: allCases.enumerated().map { ($1, $0) })
    var position: Int { Self.positions[self]! }
}

/// What Analysis matches a document with, compiled once from the rules' phrases,
/// the word lists, the strength cues and the registry's names: one vocabulary,
/// one phrase automaton and what each match stands for (its tag), shared
/// read-only by every document and thread. A class, so the stages pass one
/// reference instead of copying (and retaining) every table. The rule book
/// (`RuleBook`), the registry and the verdict policy are not here: each stage
/// is handed its own part by `ClaimChecker`.
public final class MatchingLayer: Sendable {
    public let lists: [String: [String]]
    /// The claim-strength cues and their examples (`strength.yml`).
    public let strength: StrengthCues
    public let tokenizer: Tokenizer
    public let automaton: PhraseAutomaton
    public let tags: [MatchTag]
    /// Each tag as integers (see `TagCode`), by tag index.
    let tagCodes: [TagCode]
    /// By tag, the spellings of case-sensitive phrases (acronyms such as NICE, WHO):
    /// the matched text must equal one of them; nil for a tag that ignores case.
    /// An array, not a dictionary, since every match of every block is looked up.
    let caseSensitive: [[String]?]
    /// Vocabulary ids of the function words the recognisers test token by token.
    public let words: HelperWords
    /// Ids of the lexicon lists the recognisers use, by `LexiconList` case.
    let knownLists: [Int32]
    /// List id of each tag (or -1), and each list's id by name, for integer tests on hot paths.
    let tagList: [Int32]
    let listIDs: [String: Int32]
    /// Vocabulary ids of the single-word lists read token by token (`wordListNames`).
    let wordLists: [String: Set<Int32>]

    /// Lists of function words ("and", "in", "which") that the scope and attribution
    /// grammar tests token by token: matched by the automaton they would add a match
    /// for a large share of all tokens. Each entry must be a single word.
    static let wordListNames: Set<String> = Set(AssertionScope.wordLists + RuleEngine.organisationFindingLists + [LexiconList.healthWords.rawValue])
    /// Per vocabulary id, whether the word is one of `health-words`: the topic test
    /// reads every body word, and a flag per id costs less than a match per word.
    let isHealthWord: [Bool]
    /// The strength cue of each tag (an index into `StrengthCue.allCases`, or -1).
    let tagCue: [Int8]
    /// Vocabulary ids of the single-word strength cues, by cue; tested token by
    /// token, never matched by the automaton ("the", "with" would match everywhere).
    let strengthWords: [StrengthCue: Set<Int32>]

    /// List ids of `Rules/documents.yml` (designs, namings, the document model's lists).
    let documentCues: DocumentCueIDs
    /// The document cue of each tag (nil for a tag of no `documents.yml` list): the
    /// study recogniser reads it for every match of a sentence, in one array read.
    let tagDocumentCue: [DocumentCue?]
    /// The domain packs of each registry condition (by condition index), for the topic gate.
    let conditionDomains: [[Int]]
    /// A `study` rule is on: headings and sentences that speak of a study can carry signals.
    let hasStudyRules: Bool
    /// A pattern rule with no prefilter is on: it can fire on any block, so every block is kept.
    let keepsEveryBlock: Bool

    public init(rules: [Rule], lists: [String: [String]], registry: EvidenceRegistry, strength: StrengthCues) {
        let phrases = Self.phrases(rules: rules, lists: lists, registry: registry, strength: strength)

        var vocabulary = Vocabulary(capacity: phrases.count * 2)
        let words = HelperWords(&vocabulary)
        var forms: [[[UInt8]]] = []
        for (phrase, _, _) in phrases {
            let tokens = Tokenizer.normalizedForms(of: phrase)
            for token in tokens { _ = vocabulary.intern(token) }
            forms.append(tokens)
        }
        var automaton = PhraseAutomaton()
        var tags: [MatchTag] = []
        // By tag and whether its case must match: describing the tag as text to key it cost a fifth of the load.
        struct TagKey: Hashable { var tag: MatchTag; var exactCase: Bool }
        var tagIndex: [TagKey: Int32] = [:]
        var caseSensitive: [[String]?] = []
        for (index, (phrase, tag, exactCase)) in phrases.enumerated() {
            let key = TagKey(tag: tag, exactCase: exactCase)
            let id: Int32
            if let existing = tagIndex[key] { id = existing } else {
                id = Int32(tags.count); tags.append(tag); tagIndex[key] = id
                caseSensitive.append(nil)
            }
            if exactCase { caseSensitive[Int(id)] = (caseSensitive[Int(id)] ?? []) + [phrase] }
            if case .strengthCue(let cue) = tag, StrengthCue.singleTokens.contains(cue) { continue }
            automaton.add(forms[index].map { vocabulary.id(of: $0) ?? -1 }, tag: id)
        }
        var wordLists: [String: Set<Int32>] = [:]
        for name in Self.wordListNames {
            for word in lists[name] ?? [] {
                let forms = Tokenizer.normalizedForms(of: word)
                if forms.count == 1 { wordLists[name, default: []].insert(vocabulary.intern(forms[0])) }
            }
        }
        self.wordLists = wordLists
        var healthFlags = [Bool](repeating: false, count: vocabulary.count)
        for id in wordLists[LexiconList.healthWords.rawValue] ?? [] where id >= 0 { healthFlags[Int(id)] = true }
        self.isHealthWord = healthFlags
        self.lists = lists
        self.strength = strength
        self.tokenizer = Tokenizer(vocabulary: vocabulary.compacted())
        self.automaton = automaton
        self.tags = tags
        self.caseSensitive = caseSensitive
        self.words = words
        var listIDs: [String: Int32] = [:]
        for name in lists.keys.sorted() { listIDs[name] = Int32(listIDs.count) }
        self.listIDs = listIDs
        let tagList = tags.map { tag in if case .list(let name) = tag { return listIDs[name] ?? -1 }; return Int32(-1) }
        self.tagList = tagList
        self.tagCodes = tags.map { tag in
            switch tag {
            case .rulePhrase(let rule): return TagCode(kind: .rulePhrase, value: Int32(rule))
            case .ruleException(let rule): return TagCode(kind: .ruleException, value: Int32(rule))
            case .strengthCue(let cue): return TagCode(kind: .strengthCue, value: Int32(StrengthCue.allCases.firstIndex(of: cue)!))
            case .list(let name): return TagCode(kind: .list, value: listIDs[name] ?? -1)
            case .intervention(let index): return TagCode(kind: .intervention, value: Int32(index))
            case .condition(let index): return TagCode(kind: .condition, value: Int32(index))
            case .organisation(let index): return TagCode(kind: .organisation, value: Int32(index))
            case .expert(let index): return TagCode(kind: .expert, value: Int32(index))
            case .domainTopic(let index): return TagCode(kind: .domainTopic, value: Int32(index))
            }
        }
        self.knownLists = LexiconList.allCases.map { listIDs[$0.rawValue] ?? -3 }
        let documentCues = DocumentCueIDs(listIDs: listIDs)
        self.documentCues = documentCues
        self.tagDocumentCue = tagList.map { documentCues.cue(ofList: $0) }
        self.conditionDomains = registry.conditionDomains
        self.hasStudyRules = rules.contains { $0.enabled && $0.kind == .study }
        self.keepsEveryBlock = rules.contains { $0.enabled && $0.kind == .pattern && $0.prefilter.isEmpty }
        self.tagCue = tags.map { tag in
            if case .strengthCue(let cue) = tag { return Int8(StrengthCue.allCases.firstIndex(of: cue)!) }
            return -1
        }
        var strengthWords: [StrengthCue: Set<Int32>] = [:]
        for cue in StrengthCue.singleTokens {
            strengthWords[cue] = Set((strength.phrases[cue] ?? []).compactMap { phrase in
                Tokenizer.normalizedForms(of: phrase).first.flatMap { vocabulary.id(of: $0) }
            })
        }
        self.strengthWords = strengthWords
    }

    /// The document cue a match stands for, if any.
    @inline(__always) func documentCue(ofTag tag: Int32) -> DocumentCue? { tagDocumentCue[Int(tag)] }

    /// The strength cue a match stands for, if any.
    @inline(__always) func strengthCue(of tag: Int32) -> StrengthCue? {
        let cue = tagCue[Int(tag)]
        return cue < 0 ? nil : StrengthCue.allCases[Int(cue)]
    }

    /// Whether a token (by vocabulary id) is one of a single-word cue list.
    @inline(__always) func isStrengthWord(_ id: Int32, _ cue: StrengthCue) -> Bool {
        id >= 0 && strengthWords[cue]?.contains(id) == true
    }

    /// Every phrase the automaton matches, with its tag and whether its case must match exactly.
    static func phrases(rules: [Rule], lists: [String: [String]], registry: EvidenceRegistry,
                        strength: StrengthCues) -> [(String, MatchTag, Bool)] {
        var phrases: [(String, MatchTag, Bool)] = []
        for (index, rule) in rules.enumerated() where rule.enabled {
            for phrase in type(of: rule.handler).matchedPhrases(of: rule) { phrases.append((phrase, .rulePhrase(rule: index), false)) }
            for entry in rule.unless.sentence {
                if entry.hasPrefix("@") { continue }
                phrases.append((entry, .ruleException(rule: index), false))
            }
        }
        for cue in StrengthCue.allCases {
            for phrase in strength.phrases[cue] ?? [] { phrases.append((phrase, .strengthCue(cue), false)) }
        }
        for (name, list) in lists where !wordListNames.contains(name) { for phrase in list { phrases.append((phrase, .list(name), false)) } }
        for (index, intervention) in registry.interventions.enumerated() {
            for alias in Set(intervention.aliases + [intervention.name]) { phrases.append((alias, .intervention(index), false)) }
        }
        for (index, condition) in registry.conditions.enumerated() {
            for alias in Set(condition.aliases + [condition.name]) { phrases.append((alias, .condition(index), false)) }
        }
        for (index, organisation) in registry.organisations.enumerated() {
            for alias in Set(organisation.aliases + [organisation.name]) { phrases.append((alias, .organisation(index), false)) }
            for alias in organisation.caseSensitiveAliases { phrases.append((alias, .organisation(index), true)) }
        }
        for (index, expert) in registry.experts.enumerated() {
            for alias in Set(expert.aliases + [expert.name]) { phrases.append((alias, .expert(index), false)) }
        }
        for (index, domain) in registry.domains.enumerated() {
            for word in Set(domain.topicWords) { phrases.append((word, .domainTopic(index), false)) }
        }
        return phrases
    }

    /// Two different words of the phrases whose 64-bit hashes are equal: the
    /// vocabulary looks words up by hash alone, so it refuses (traps on) such a
    /// pair; `ClaimChecker.load` reports it as a rule error instead.
    struct HashCollision {
        var words: (String, String)
        /// The phrases the words come from, and what each phrase belongs to (nil for the recognisers' own words).
        var phrases: (String, String)
        var tags: (MatchTag?, MatchTag?)
    }

    /// The error for a collision, at the rule, list or registry entry of the second word.
    static func error(for collision: HashCollision, rules: [Rule], registry: EvidenceRegistry, lexicon: String,
                      strengthFile: String = "strength.yml") -> ConfigurationError {
        func owner(_ tag: MatchTag?) -> (name: String, at: FilePosition) {
            switch tag {
            case .rulePhrase(let index)?, .ruleException(let index)?:
                return ("rule `\(rules[index].id)`", rules[index].location)
            case .strengthCue(let cue)?:
                return ("strength cue list `\(cue.rawValue)`", FilePosition(file: strengthFile))
            case .list(let name)?:
                return ("list `\(name)`", FilePosition(file: lexicon))
            case .intervention(let index)?:
                return ("intervention `\(registry.interventions[index].id)`", FilePosition(file: registry.interventions[index].file))
            case .condition(let index)?:
                return ("condition `\(registry.conditions[index].id)`", registry.locations.conditions[index].entry)
            case .organisation(let index)?:
                return ("organisation `\(registry.organisations[index].id)`", registry.locations.organisations[index].entry)
            case .expert(let index)?:
                return ("expert `\(registry.experts[index].name)`", registry.locations.experts[index].entry)
            case .domainTopic(let index)?:
                return ("the topic words of pack `\(registry.domains[index].id)`",
                        registry.locations.domains.indices.contains(index) ? registry.locations.domains[index] : FilePosition(file: registry.domains[index].folder))
            case nil:
                return ("ClaimCheck's own words", FilePosition(file: lexicon))
            }
        }
        let first = owner(collision.tags.0), second = owner(collision.tags.1)
        return ConfigurationError(at: second.at,
            message: "the word `\(collision.words.1)` (in “\(collision.phrases.1)” of \(second.name)) has the same 64-bit hash as `\(collision.words.0)` (in “\(collision.phrases.0)” of \(first.name)); the phrase matcher cannot tell them apart",
            fix: "rephrase one of the two phrases (a different spelling or word order is enough)")
    }

    static func hashCollision(rules: [Rule], lists: [String: [String]], registry: EvidenceRegistry, strength: StrengthCues = StrengthCues(),
                              hash: ([UInt8]) -> UInt64 = { Vocabulary.hash($0) }) -> HashCollision? {
        var seen: [UInt64: (form: [UInt8], phrase: String, tag: MatchTag?)] = [:]
        var helpers = Vocabulary(capacity: 32)
        _ = HelperWords(&helpers)
        for id in 0..<helpers.count {
            let form = Array(helpers.form(Int32(id)).utf8)
            seen[hash(form)] = (form, helpers.form(Int32(id)), nil)
        }
        let words = wordListNames.flatMap { lists[$0] ?? [] }.map { ($0, MatchTag?.none) }
        for (phrase, tag) in phrases(rules: rules, lists: lists, registry: registry, strength: strength).map({ ($0.0, Optional($0.1)) }) + words {
            for form in Tokenizer.normalizedForms(of: phrase) {
                let key = hash(form)
                if let previous = seen[key] {
                    if previous.form != form {
                        return HashCollision(words: (String(decoding: previous.form, as: UTF8.self), String(decoding: form, as: UTF8.self)),
                                             phrases: (previous.phrase, phrase), tags: (previous.tag, tag))
                    }
                } else {
                    seen[key] = (form, phrase, tag)
                }
            }
        }
        return nil
    }

    @inline(__always) func listID(_ list: LexiconList) -> Int32 { knownLists[list.position] }

    /// Whether a token is a word of a single-word list (`wordListNames`).
    @inline(__always) func isWord(_ token: Token, inList name: String) -> Bool {
        token.id >= 0 && wordLists[name]?.contains(token.id) == true
    }

    /// Phrase matches for a block's tokens, with case-sensitive aliases checked.
    func matches(in tokens: [Token], text: [UInt8]) -> [PhraseAutomaton.Match] {
        let found = automaton.matches(in: tokens)
        // Most blocks match no case-sensitive phrase: their matches are kept as they are.
        guard found.contains(where: { caseSensitive[Int($0.tag)] != nil }) else { return found }
        return found.filter { match in
            guard let spellings = caseSensitive[Int(match.tag)] else { return true }
            let matched = String(decoding: text[Int(tokens[match.start].start)..<Int(tokens[match.end - 1].end)], as: UTF8.self)
            return spellings.contains(matched)
        }
    }
}

/// Function words the recognisers compare tokens with, interned once so that a
/// test is an integer compare.
public struct HelperWords: Sendable {
    public let according, to, `in`, out, of, aptly, the, a, an, new, recent, and, or, plus, published, by: Int32

    init(_ vocabulary: inout Vocabulary) {
        func id(_ word: String) -> Int32 { vocabulary.intern(Array(word.utf8)) }
        according = id("according"); to = id("to"); `in` = id("in"); out = id("out"); of = id("of"); aptly = id("aptly")
        the = id("the"); a = id("a"); an = id("an"); new = id("new"); recent = id("recent"); and = id("and"); or = id("or")
        plus = id("plus"); published = id("published"); by = id("by")
    }
}
