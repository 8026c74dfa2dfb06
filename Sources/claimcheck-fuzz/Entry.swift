#if CLAIMCHECK_LIBFUZZER
import ClaimCheckKit
import Foundation

// Built with `-sanitize=fuzzer -DCLAIMCHECK_LIBFUZZER` (scripts/fuzz.sh --libfuzzer):
// libFuzzer drives the kit with coverage feedback. SwiftPM links an executable with
// `main` defined as `claimcheck_fuzz_main`, so that is where libFuzzer is started.
// The first byte of an input picks its format; the rest is the document. A crash
// or a time-out is a finding; a broken invariant is one too with CLAIMCHECK_FUZZ_STRICT=1.

@_silgen_name("LLVMFuzzerRunDriver")
func LLVMFuzzerRunDriver(_ argc: UnsafeMutablePointer<CInt>,
                         _ argv: UnsafeMutablePointer<UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>?>,
                         _ callback: @convention(c) (UnsafePointer<UInt8>?, Int) -> CInt) -> CInt

nonisolated(unsafe) private var fuzzChecker: InvariantChecker?
private let strictInvariants = ProcessInfo.processInfo.environment["CLAIMCHECK_FUZZ_STRICT"] == "1"

private func loadChecker() -> InvariantChecker {
    if let fuzzChecker { return fuzzChecker }
    var settings = RunSettings()
    settings.rulesFolder = Checkout.rulesFolder(nil)
    settings.seedFolders = [Checkout.fixturesFolder()]
    do {
        let (_, _, checker) = try settings.load()
        fuzzChecker = checker
        return checker
    } catch {
        FileHandle.standardError.write(Data("claimcheck-fuzz: \(error)\n".utf8))
        exit(2)
    }
}

@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzOneInput(_ data: UnsafePointer<UInt8>?, _ size: Int) -> CInt {
    guard let data, size > 0 else { return 0 }
    let checker = loadChecker()
    let format = InputFormat.allCases[Int(data[0]) % InputFormat.allCases.count]
    let bytes = Array(UnsafeBufferPointer(start: data + 1, count: size - 1))
    let outcome = checker.check(bytes, format: format, source: "libfuzzer.\(format.fileExtension)", deep: false)
    if strictInvariants, let violation = outcome.violations.first { fatalError("invariant violated: \(violation)") }
    return 0
}

@_cdecl("claimcheck_fuzz_main")
public func libFuzzerMain(_ argc: CInt, _ argv: UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>?) -> CInt {
    var count = argc
    var vector = argv
    _ = loadChecker()
    return LLVMFuzzerRunDriver(&count, &vector, fuzzOneInput)
}
#else
@main
enum Entry {
    static func main() { FuzzMain.main() }
}
#endif
