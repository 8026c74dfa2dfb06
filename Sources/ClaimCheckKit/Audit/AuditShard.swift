/// One of N disjoint parts of a sweep (`--shard I/N`): a document belongs to the
/// part its id hashes to, so N machines can split one crawl with no coordination
/// and together cover every document once.
public struct AuditShard: Sendable, Equatable {
    /// 1-based.
    public let index: Int
    public let count: Int

    /// Reads "I/N" with 1 <= I <= N; nil for anything else.
    public init?(_ text: String) {
        let parts = text.split(separator: "/", omittingEmptySubsequences: false)
        guard parts.count == 2, let index = Int(parts[0]), let count = Int(parts[1]), count >= 1, (1...count).contains(index) else {
            return nil
        }
        self.index = index
        self.count = count
    }

    /// Whether a document (by id) is this part's.
    public func contains(_ id: String) -> Bool { AuditRunner.shard(of: id, count: count) == index }

    /// How to write it, for an error about a value that is not one.
    public static func usage(got text: String) -> String { "--shard takes I/N with 1 <= I <= N, e.g. 2/8 (got '\(text)')" }
}
