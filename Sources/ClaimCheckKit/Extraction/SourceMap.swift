/// Maps byte offsets in an extracted text back to byte offsets in the original file.
///
/// Positions are carried from the parser, never re-found by searching the source:
/// every run of text is appended with the source offset it came from. A *direct*
/// segment has the same bytes in the text and the source (plain text); an *atomic*
/// segment stands for source bytes that were rewritten (an entity such as `&amp;`,
/// a run of whitespace collapsed to one space), so any offset inside it maps to the
/// start of its source span, and an end inside it maps to the end of that span.
public struct SourceMap: Sendable, Equatable {
    public struct Segment: Sendable, Equatable {
        public var textStart: Int
        public var textLength: Int
        public var sourceStart: Int
        public var sourceLength: Int
        public var isDirect: Bool { textLength == sourceLength }
        var textEnd: Int { textStart + textLength }
        var sourceEnd: Int { sourceStart + sourceLength }
    }

    public private(set) var segments: [Segment] = []

    public init() {}

    /// Appends a segment; adjacent direct segments that are contiguous in both the
    /// text and the source are merged, which keeps maps of plain prose tiny.
    public mutating func append(textStart: Int, textLength: Int, sourceStart: Int, sourceLength: Int) {
        guard textLength > 0 else { return }
        if textLength == sourceLength, let last = segments.last, last.isDirect,
           last.textEnd == textStart, last.sourceEnd == sourceStart {
            segments[segments.count - 1].textLength += textLength
            segments[segments.count - 1].sourceLength += sourceLength
            return
        }
        segments.append(Segment(textStart: textStart, textLength: textLength,
                                sourceStart: sourceStart, sourceLength: sourceLength))
    }

    /// Shifts every segment's text offsets (used when a text is appended to another).
    public func shifted(byText delta: Int) -> SourceMap {
        var copy = self
        for index in copy.segments.indices { copy.segments[index].textStart += delta }
        return copy
    }

    public mutating func append(contentsOf other: SourceMap) {
        for segment in other.segments {
            append(textStart: segment.textStart, textLength: segment.textLength,
                   sourceStart: segment.sourceStart, sourceLength: segment.sourceLength)
        }
    }

    /// The source offset of the text byte at `textOffset` (the start of a span).
    public func sourceOffset(ofTextStart textOffset: Int) -> Int {
        guard let index = segmentIndex(containing: textOffset) else { return segments.last?.sourceEnd ?? 0 }
        let segment = segments[index]
        return segment.isDirect ? segment.sourceStart + (textOffset - segment.textStart) : segment.sourceStart
    }

    /// The source offset just past the text byte before `textOffset` (the end of a span).
    public func sourceOffset(ofTextEnd textOffset: Int) -> Int {
        guard textOffset > 0, let index = segmentIndex(containing: textOffset - 1) else {
            return segments.first?.sourceStart ?? 0
        }
        let segment = segments[index]
        return segment.isDirect ? segment.sourceStart + (textOffset - segment.textStart) : segment.sourceEnd
    }

    private func segmentIndex(containing textOffset: Int) -> Int? {
        guard !segments.isEmpty else { return nil }
        var low = 0, high = segments.count - 1
        if textOffset < segments[0].textStart { return 0 }
        while low < high {
            let mid = (low + high + 1) / 2
            if segments[mid].textStart <= textOffset { low = mid } else { high = mid - 1 }
        }
        return low
    }
}
