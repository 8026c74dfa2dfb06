import ClaimCheckKit
import Foundation
#if canImport(Glibc)
import Glibc
#endif

/// A finding the run saved (or counted): a crash, a hang, a slow input or a broken invariant.
struct Finding {
    enum Kind: String { case crash, hang, slow, violation }
    var kind: Kind
    var index: UInt64
    var family: Family
    var size: Int
    var detail: String
    var site: String?
    var file: String?
}
