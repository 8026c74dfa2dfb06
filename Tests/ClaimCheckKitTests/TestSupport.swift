import Foundation
@testable import ClaimCheckKit

/// The repository root, found from this file's path.
let repositoryRoot: String = {
    var url = URL(fileURLWithPath: #filePath)
    for _ in 0..<3 { url.deleteLastPathComponent() }
    return url.path
}()

/// The project's rules and registry, loaded once for all tests.
let sharedChecker: ClaimChecker = {
    do { return try ClaimChecker.load(rulesFolder: repositoryRoot + "/Rules") } catch { fatalError("rules do not load: \(error)") }
}()

func check(_ text: String, format: InputFormat, name: String = "test") -> Report {
    sharedChecker.check(Array(text.utf8), source: name, format: format)
}

func fixturePath(_ name: String) -> String { repositoryRoot + "/Fixtures/" + name }
