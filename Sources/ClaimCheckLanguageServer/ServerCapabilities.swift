import ClaimCheckKit

/// What the server tells the client it does, in its answer to `initialize`.
enum ServerCapabilities {
    /// Incremental text sync (changes arrive as ranges, in the negotiated
    /// encoding), open and close, and save without the text (the server has it);
    /// hovers; quick-fix code actions.
    static func initializeResult(encoding: PositionEncoding) -> JSONValue {
        [
            "capabilities": [
                "positionEncoding": .string(encoding.rawValue),
                "textDocumentSync": ["openClose": true, "change": 2, "save": ["includeText": false]],
                "hoverProvider": true,
                "codeActionProvider": ["codeActionKinds": ["quickfix"]],
            ],
            "serverInfo": ["name": "claimcheck"],
        ]
    }
}
