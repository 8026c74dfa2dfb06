import Foundation
@testable import ClaimCheckKit

/// A temporary folder for generated config, rule and registry files.
struct TemporaryFolder {
    let path: String

    init(_ name: String = "claimcheck") throws {
        path = NSTemporaryDirectory() + "\(name)-\(UUID().uuidString)"
        try FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: true)
    }

    /// Writes text (or bytes) to a path inside the folder, creating its folders; returns the full path.
    @discardableResult
    func write(_ relative: String, _ text: String) throws -> String {
        try write(relative, bytes: Array(text.utf8))
    }

    @discardableResult
    func write(_ relative: String, bytes: [UInt8]) throws -> String {
        let full = path + "/" + relative
        try FileManager.default.createDirectory(atPath: (full as NSString).deletingLastPathComponent, withIntermediateDirectories: true)
        try Data(bytes).write(to: URL(fileURLWithPath: full))
        return full
    }

    func remove(_ relative: String) throws {
        try FileManager.default.removeItem(atPath: path + "/" + relative)
    }

    func read(_ relative: String) throws -> String {
        try String(contentsOfFile: path + "/" + relative, encoding: .utf8)
    }

    /// A copy of the repository's `Rules/` folder at `Rules/` inside this folder; returns its path.
    func copyOfTheRules() throws -> String {
        let rules = path + "/Rules"
        try FileManager.default.copyItem(atPath: repositoryRoot + "/Rules", toPath: rules)
        return rules
    }
}

/// The errors `ClaimChecker.load` reports for a rules folder (and config), or none.
func loadErrors(rulesFolder: String, configuration: Configuration = Configuration()) -> [ConfigurationError] {
    do {
        _ = try ClaimChecker.load(rulesFolder: rulesFolder, configuration: configuration, gate: GatePolicy())
        return []
    } catch {
        return error.errors
    }
}

/// The error a throwing load reports, or nil.
func loadError<T>(_ body: () throws(ConfigurationError) -> T) -> ConfigurationError? {
    do { _ = try body(); return nil } catch { return error }
}
