/// Runs the examples of `Rules/documents.yml`: each text is read as a one-paragraph
/// document, and its main study must have exactly the designs, at least the naming
/// kinds, and the size the example gives.
public struct DocumentExampleRunner: Sendable {
    public let checker: ClaimChecker

    public init(checker: ClaimChecker) { self.checker = checker }

    public struct Failure: Sendable, CustomStringConvertible {
        public var example: DocumentExample
        public var problem: String

        public var description: String { "\(example.location): error: documents.yml example: \(problem)\n  example: \(example.text)" }
    }

    public func run() -> (passed: Int, failures: [Failure]) {
        var passed = 0
        var failures: [Failure] = []
        for example in checker.documentExamples {
            if let problem = problem(with: example) { failures.append(Failure(example: example, problem: problem)) } else { passed += 1 }
        }
        return (passed, failures)
    }

    /// The document model of a text read as a plain-text document.
    public func model(of text: String) -> DocumentModel {
        guard let document = try? checker.extractor.extract(Array(text.utf8), path: nil, format: .text) else { return DocumentModel() }
        return ClaimAnalyzer(matching: checker.matching).analyze(document).facts.model
    }

    func problem(with example: DocumentExample) -> String? {
        guard let study = model(of: example.text).mainStudy else { return "no study named in the text" }
        if study.designs != example.designs.sorted() {
            return "designs \(study.designs.map(\.rawValue)), expected \(example.designs.sorted().map(\.rawValue))"
        }
        let kinds = Set(study.naming.map(\.kind))
        let missing = example.namedBy.filter { !kinds.contains($0) }
        if !missing.isEmpty {
            return "not named by \(missing.map(\.rawValue).joined(separator: ", ")) (named by \(study.naming.map { "\($0.kind.rawValue): “\($0.text)”" }.joined(separator: ", ")))"
        }
        if let size = example.size, study.size?.count != size {
            return "size \(study.size.map { "\($0.count) (“\($0.text)”)" } ?? "none"), expected \(size)"
        }
        return nil
    }
}
