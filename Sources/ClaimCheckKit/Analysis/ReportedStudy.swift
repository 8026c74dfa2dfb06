/// One way the article names a study, where it says it.
public struct StudyNaming: Sendable, Equatable {
    public var kind: StudyNamingKind
    /// The naming words as written ("published in the Journal of Sleep Medicine").
    public var text: String
    public var blockIndex: Int
    /// UTF-8 byte offset in the original file, for its line and column.
    public var sourceOffset: Int
}

/// A study's size as the article gives it: "n = 120", "1,200 participants", "in 40 mice".
public struct StudySize: Sendable, Equatable {
    public var count: Int
    /// The text it was read from ("120 children", "n=162").
    public var text: String
}

/// A study (or report) the article reports on: how it is named, its design, its
/// size and the paragraphs that speak of it.
public struct ReportedStudy: Sendable, Equatable {
    public var naming: [StudyNaming] = []
    /// Designs in `StudyDesign` order, each once.
    public var designs: [StudyDesign] = []
    public var size: StudySize?
    /// Blocks (paragraphs) that mention the study, in order.
    public var blocks: [Int] = []
    /// The article introduces it as another study than its own ("a previous trial").
    public var isOther = false

    public init() {}

    /// A reader can find the study: the article names it at least once.
    public var isNamed: Bool { !naming.isEmpty }

    /// The document is the study itself (a paper or an abstract).
    public var isDocumentItself: Bool { naming.contains { $0.kind == .document } }

    /// How the study is named, in one line for a report: its first naming of each kind.
    public var namingSummary: String {
        var seen = Set<StudyNamingKind>()
        return naming.filter { seen.insert($0.kind).inserted }.map(\.text).joined(separator: "; ")
    }

    mutating func add(_ design: StudyDesign) {
        guard !designs.contains(design) else { return }
        designs.append(design)
        designs.sort()
    }

    mutating func add(block: Int) {
        if blocks.last != block && !blocks.contains(block) { blocks.append(block) }
    }
}
