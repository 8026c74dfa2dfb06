/// Decides when finished results may be written: in input order, or (unordered)
/// as they finish, except that documents with the same id always come out in
/// input order. So the reports written for an id are always its first
/// occurrences, and `--resume` can skip by (id, occurrence) exactly, duplicates
/// included, even after a run killed mid-way.
struct AuditOutputOrder {
    let ordered: Bool
    private var results: [Int: AuditResult] = [:]
    private var nextOrdinal = 0
    /// Unordered: the ordinals not yet written, per id, in input order.
    private var waiting: [String: [Int]] = [:]
    private var ids: [Int: String] = [:]

    init(ordered: Bool) { self.ordered = ordered }

    /// Results finished but not yet taken.
    var heldCount: Int { results.count }

    mutating func submit(_ ordinal: Int, id: String) {
        guard !ordered else { return }
        waiting[id, default: []].append(ordinal)
        ids[ordinal] = id
    }

    mutating func complete(_ ordinal: Int, _ result: AuditResult) {
        results[ordinal] = result
    }

    /// The results that may be written now, in the order to write them.
    mutating func takeReady() -> [AuditResult] {
        var ready: [AuditResult] = []
        if ordered {
            while let result = results.removeValue(forKey: nextOrdinal) {
                ready.append(result)
                nextOrdinal += 1
            }
            return ready
        }
        var progressed = true
        while progressed && !results.isEmpty {
            progressed = false
            for ordinal in results.keys.sorted() {
                guard let id = ids[ordinal], waiting[id]?.first == ordinal else { continue }
                ready.append(results.removeValue(forKey: ordinal)!)
                ids[ordinal] = nil
                waiting[id]!.removeFirst()
                if waiting[id]!.isEmpty { waiting[id] = nil }
                progressed = true
            }
        }
        return ready
    }
}
