import ClaimCheckKit
import Foundation
#if canImport(Glibc)
import Glibc
#endif

/// Options of `claimcheck-fuzz run`.
struct RunOptions {
    var settings = RunSettings()
    var seconds: Double? = 60
    var count: UInt64?
    var startIndex: UInt64 = 0
    var jobs = 1
    var timeLimit = 2.0
    var hangLimit: Double?
    var findings = ".fuzz-findings"
    var progressEvery = 10.0
    var maximumSaved = 25
    var batch: UInt64 = 16
    /// Invariant violations fail the run too (crashes, hangs and slow inputs always do).
    var strict = false
}
