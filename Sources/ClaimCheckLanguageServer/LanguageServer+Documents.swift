import ClaimCheckKit
import Foundation

/// Document sync: the server keeps each open document's text, checks it, and
/// publishes its diagnostics; a closed document's are cleared.
extension LanguageServer {
    func didOpen(_ params: JSONValue) throws(RPCError) {
        let item = params["textDocument"]
        guard let uri = item["uri"].stringValue, let text = item["text"].stringValue else {
            throw .invalidParams("didOpen needs textDocument.uri and textDocument.text")
        }
        let document = OpenDocument(uri: DocumentURI(uri), languageID: item["languageId"].stringValue ?? "",
                                    version: item["version"].intValue, text: text)
        documents[document.uri] = document
        markChanged(document.uri)
    }

    func didChange(_ params: JSONValue) throws(RPCError) {
        guard let uri = params["textDocument"]["uri"].stringValue.map(DocumentURI.init), var document = documents[uri] else {
            throw .invalidParams("didChange for a document that is not open")
        }
        guard let events = params["contentChanges"].arrayValue else { throw .invalidParams("didChange needs contentChanges") }
        var changes: [OpenDocument.Change] = []
        for event in events {
            guard let text = event["text"].stringValue else { throw .invalidParams("a content change needs text") }
            if event["range"].isNull {
                changes.append(OpenDocument.Change(range: nil, text: text))
            } else {
                changes.append(OpenDocument.Change(range: (try Self.position(event["range"]["start"]), try Self.position(event["range"]["end"])),
                                                   text: text))
            }
        }
        document.apply(changes, version: params["textDocument"]["version"].intValue, encoding: encoding)
        documents[uri] = document
        markChanged(uri)
    }

    func didSave(_ params: JSONValue) throws(RPCError) {
        guard let uri = params["textDocument"]["uri"].stringValue.map(DocumentURI.init), let document = documents[uri] else {
            throw .invalidParams("didSave for a document that is not open")
        }
        // Checked again on save even when unchanged, with the config read again if
        // it changed on disk (then every open document is checked again).
        if checker.reloadIfConfigChanged(for: document) {
            log.write("config changed; rules and configs read again")
            outcomes.removeAll()
            for open in documents.uris { markChanged(open) }
        }
        outcomes[uri] = nil
        markChanged(uri)
    }

    func didClose(_ params: JSONValue) throws(RPCError) {
        guard let uri = params["textDocument"]["uri"].stringValue.map(DocumentURI.init) else {
            throw .invalidParams("didClose needs textDocument.uri")
        }
        documents[uri] = nil
        outcomes[uri] = nil
        unpublished.remove(uri)
        unpublishedSince[uri] = nil
        notify("textDocument/publishDiagnostics", ["uri": .string(uri.text), "diagnostics": []])
    }

    func markChanged(_ uri: DocumentURI) {
        unpublished.insert(uri)
        if unpublishedSince[uri] == nil { unpublishedSince[uri] = Date() }
    }

    /// The document's check at its current version, checked now if it changed since.
    func outcome(for document: OpenDocument) -> CheckOutcome {
        if let cached = outcomes[document.uri], cached.version == document.version, document.version != nil { return cached.outcome }
        let started = Date()
        let outcome = checker.check(document)
        outcomes[document.uri] = (document.version, outcome)
        log.write(String(format: "checked %@ version %@ in %.1f ms", document.uri.text,
                         document.version.map(String.init) ?? "-", Date().timeIntervalSince(started) * 1000))
        return outcome
    }

    func publishPending() {
        for uri in unpublished.sorted(by: { $0.text < $1.text }) {
            guard let document = documents[uri] else { continue }
            publish(document)
            if let since = unpublishedSince[uri] {
                log.write(String(format: "published %@ %.1f ms after the change was read", uri.text, Date().timeIntervalSince(since) * 1000))
            }
        }
        unpublished.removeAll()
        unpublishedSince.removeAll()
    }

    func publish(_ document: OpenDocument) {
        let diagnostics: [JSONValue]
        switch outcome(for: document) {
        case .report(let report):
            diagnostics = DiagnosticMapper(uri: document.uri, offsets: document.offsets, encoding: encoding).diagnostics(for: report)
        case .configurationProblem(let problem):
            if shownProblems.insert(problem).inserted {
                notify("window/showMessage", ["type": 1, "message": .string("claimcheck cannot check \(document.uri.lastSegment): \(problem)")])
            }
            diagnostics = [DiagnosticMapper.documentProblem(code: "configuration-error", message: problem)]
        }
        var params: [String: JSONValue] = ["uri": .string(document.uri.text), "diagnostics": .array(diagnostics)]
        if let version = document.version { params["version"] = .int(version) }
        notify("textDocument/publishDiagnostics", .object(params))
    }

    /// A `Position` from its JSON, or an invalid-params error.
    static func position(_ value: JSONValue) throws(RPCError) -> TextOffsets.Position {
        guard let line = value["line"].intValue, let character = value["character"].intValue, line >= 0, character >= 0 else {
            throw .invalidParams("a position needs a line and a character, whole numbers from 0")
        }
        return TextOffsets.Position(line: line, character: character)
    }
}
