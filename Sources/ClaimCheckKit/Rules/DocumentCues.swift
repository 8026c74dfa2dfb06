/// The word lists of `Rules/documents.yml` the document model reads by name.
public enum DocumentList: String, CaseIterable, Sendable {
    case studyWords = "study-words"
    case researcherWords = "researcher-words"
    case otherStudyWords = "other-study-words"
    case unnamedStudies = "unnamed-studies"
    case trialNameWords = "trial-name-words"
    case ownWorkWords = "own-work-words"
    case backgroundWords = "background-words"
    case sizeNouns = "size-nouns"
    case sizeVerbs = "size-verbs"
    case paperSections = "paper-sections"
    case reportVerbs = "report-verbs"
    case researchVerbs = "research-verbs"
    case colleagueWords = "colleague-words"
    case participantWords = "participant-words"
    case resultVerbs = "result-verbs"
    case reportFrames = "report-frames"
}

/// One example of `Rules/documents.yml`: a paragraph and what its main study must be.
public struct DocumentExample: Sendable {
    public var text: String
    public var designs: [StudyDesign]
    public var namedBy: [StudyNamingKind]
    public var size: Int?
    public var location: FilePosition
}

/// `Rules/documents.yml` read: cue words of study designs and namings, the
/// document model's word lists, and the examples that test them.
public struct DocumentCues: Sendable {
    /// Lists for the phrase automaton: `design.<design>`, `naming.<kind>` and the `DocumentList` names.
    public var lists: [String: [String]] = [:]
    public var examples: [DocumentExample] = []

    public init() {}

    static func listName(_ design: StudyDesign) -> String { "design." + design.rawValue }
    static func listName(_ kind: StudyNamingKind) -> String { "naming." + kind.rawValue }
}

/// Reads `Rules/documents.yml`, checking every design, naming kind and list is known and present.
public struct DocumentCueLoader: Sendable {
    public init() {}

    public func load(path: String) throws(ConfigurationError) -> DocumentCues {
        guard let root = try YAMLNode.load(path: path) else {
            throw ConfigurationError(file: path, message: "documents.yml is empty", fix: "restore Rules/documents.yml")
        }
        let top = try root.mapping(allowed: ["designs", "naming", "lists", "examples"], context: "documents.yml")
        var cues = DocumentCues()
        let designs = try section("designs", of: top, root: root, known: StudyDesign.allCases.map(\.rawValue))
        for (name, words) in designs { cues.lists["design." + name] = words }
        let naming = try section("naming", of: top, root: root, known: StudyNamingKind.fromData.map(\.rawValue))
        for (name, words) in naming { cues.lists["naming." + name] = words }
        let lists = try section("lists", of: top, root: root, known: DocumentList.allCases.map(\.rawValue))
        for (name, words) in lists { cues.lists[name] = words }
        for item in try top["examples"]?.sequence(context: "examples") ?? [] {
            cues.examples.append(try example(item))
        }
        return cues
    }

    /// A mapping of known names to word lists, every known name present.
    private func section(_ key: String, of top: YAMLFields, root: YAMLNode, known: [String]) throws(ConfigurationError) -> [(String, [String])] {
        guard let node = top[key] else {
            throw (top.keys[key] ?? root).error("documents.yml has no `\(key):`", fix: "restore the `\(key):` section from Rules/documents.yml")
        }
        var result: [(String, [String])] = []
        for (name, keyNode, value) in try node.keyedEntries(context: key) {
            guard known.contains(name) else {
                throw keyNode.error("unknown name `\(name)` under `\(key):`",
                                    fix: YAMLNode.suggestion(name, in: Set(known)) + "known names: " + known.joined(separator: ", "))
            }
            result.append((name, try value.strings(context: "\(key).\(name)")))
        }
        for name in known where !result.contains(where: { $0.0 == name }) {
            throw node.error("documents.yml has no `\(name)` under `\(key):`", fix: "add `\(name): [...]` under `\(key):`")
        }
        return result
    }

    private func example(_ node: YAMLNode) throws(ConfigurationError) -> DocumentExample {
        let fields = try node.mapping(allowed: ["text", "designs", "named-by", "size"], context: "an example")
        let designs = try values(fields["designs"], context: "designs", as: StudyDesign.self)
        let naming = try values(fields["named-by"], context: "named-by", as: StudyNamingKind.self)
        return DocumentExample(text: try fields.required("text", in: node), designs: designs, namedBy: naming,
                               size: try fields["size"]?.int(context: "size"), location: node.location)
    }

    private func values<T: RawRepresentable & CaseIterable>(_ node: YAMLNode?, context: String, as: T.Type) throws(ConfigurationError) -> [T]
        where T.RawValue == String {
        var result: [T] = []
        for (word, item) in try node?.locatedStrings(context: context) ?? [] {
            guard let value = T(rawValue: word) else {
                let known = T.allCases.map(\.rawValue)
                throw item.error("unknown value `\(word)` in `\(context)`",
                                 fix: YAMLNode.suggestion(word, in: Set(known)) + "known values: " + known.joined(separator: ", "))
            }
            result.append(value)
        }
        return result
    }
}

/// What a list of `Rules/documents.yml` stands for.
enum DocumentCue: Sendable, Equatable {
    case design(StudyDesign)
    case naming(StudyNamingKind)
    case list(DocumentList)
}

/// List ids of the document cues in a compiled `MatchingLayer`, for integer tests, and
/// each list id's cue, so a sentence's matches are read in one pass.
struct DocumentCueIDs: Sendable {
    let designs: [(StudyDesign, Int32)]
    let naming: [(StudyNamingKind, Int32)]
    private let lists: [Int32]
    /// The cue of each list id (nil for the lexicon's lists).
    let cueOfList: [DocumentCue?]
    /// The ids of the lists that have a cue, to tell at once whether a block has any.
    let cueListIDs: [Int32]

    init(listIDs: [String: Int32]) {
        designs = StudyDesign.allCases.map { ($0, listIDs[DocumentCues.listName($0)] ?? -3) }
        naming = StudyNamingKind.fromData.map { ($0, listIDs[DocumentCues.listName($0)] ?? -3) }
        lists = DocumentList.allCases.map { listIDs[$0.rawValue] ?? -3 }
        var cues = [DocumentCue?](repeating: nil, count: listIDs.count)
        for (design, id) in designs where id >= 0 { cues[Int(id)] = .design(design) }
        for (kind, id) in naming where id >= 0 { cues[Int(id)] = .naming(kind) }
        for (list, id) in zip(DocumentList.allCases, lists) where id >= 0 { cues[Int(id)] = .list(list) }
        cueOfList = cues
        cueListIDs = cues.indices.filter { cues[$0] != nil }.map(Int32.init)
    }

    func id(_ list: DocumentList) -> Int32 { lists[DocumentList.allCases.firstIndex(of: list)!] }

    @inline(__always) func cue(ofList list: Int32) -> DocumentCue? {
        list >= 0 && Int(list) < cueOfList.count ? cueOfList[Int(list)] : nil
    }
}
