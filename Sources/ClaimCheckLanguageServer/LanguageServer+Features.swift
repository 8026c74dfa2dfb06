import ClaimCheckKit

/// Hover and code actions, answered from the document's current check.
extension LanguageServer {
    func openDocument(_ params: JSONValue) throws(RPCError) -> OpenDocument {
        guard let uri = params["textDocument"]["uri"].stringValue else { throw .invalidParams("textDocument.uri is missing") }
        guard let document = documents[DocumentURI(uri)] else { throw .invalidParams("\(uri) is not open; send didOpen first") }
        return document
    }

    func hover(_ params: JSONValue) throws(RPCError) -> JSONValue {
        let document = try openDocument(params)
        let position = try Self.position(params["position"])
        guard case .report(let report) = outcome(for: document) else { return .null }
        let byte = document.offsets.byteOffset(of: position, in: encoding)
        let content = HoverContent(report: report, byte: byte)
        guard let markdown = content.markdown, let first = content.verdicts.first else { return .null }
        let mapper = DiagnosticMapper(uri: document.uri, offsets: document.offsets, encoding: encoding)
        return ["contents": ["kind": "markdown", "value": .string(markdown)],
                "range": mapper.range(fromByte: first.location.offset, length: first.location.length)]
    }

    /// A suppression quick fix for each ClaimCheck finding the client names in
    /// `context.diagnostics` (by the rule and fingerprint in their `data`, found
    /// again in the current check so the line is today's), or, when it names
    /// none, for each unsuppressed finding overlapping the range.
    func codeActions(_ params: JSONValue) throws(RPCError) -> JSONValue {
        let document = try openDocument(params)
        if let only = params["context"]["only"].arrayValue?.compactMap(\.stringValue),
           !only.contains(where: { $0 == "quickfix" || $0.hasPrefix("quickfix.") }) {
            return []
        }
        guard case .report(let report) = outcome(for: document) else { return [] }
        let offsets = document.offsets
        var fixes: [(SuppressionCodeAction, [JSONValue])] = []
        func add(_ fix: SuppressionCodeAction, _ diagnostic: JSONValue?) {
            if let index = fixes.firstIndex(where: { $0.0.rule == fix.rule && $0.0.line == fix.line }) {
                if let diagnostic { fixes[index].1.append(diagnostic) }
            } else {
                fixes.append((fix, diagnostic.map { [$0] } ?? []))
            }
        }
        let named = (params["context"]["diagnostics"].arrayValue ?? []).filter {
            $0["source"].stringValue == DiagnosticMapper.source && $0["data"]["rule"].stringValue != nil && $0["data"]["suppressed"] != true
        }
        for diagnostic in named {
            let data = diagnostic["data"]
            let rule = data["rule"].stringValue!
            let current = report.verdicts.first { $0.fingerprint == data["fingerprint"].stringValue && $0.rule == rule }
            guard let line = current.map({ offsets.line(containingByte: $0.location.offset) }) ?? data["line"].intValue else { continue }
            add(SuppressionCodeAction(rule: rule, line: line), diagnostic)
        }
        if named.isEmpty {
            let start = offsets.byteOffset(of: try Self.position(params["range"]["start"]), in: encoding)
            let end = offsets.byteOffset(of: try Self.position(params["range"]["end"]), in: encoding)
            for verdict in report.verdicts where verdict.suppression == nil && !verdict.rule.isEmpty
                && verdict.location.offset <= end && start <= verdict.location.offset + verdict.location.length {
                add(SuppressionCodeAction(rule: verdict.rule, line: offsets.line(containingByte: verdict.location.offset)), nil)
            }
        }
        return .array(fixes.compactMap { $0.0.action(in: document, diagnostics: $0.1) })
    }
}
