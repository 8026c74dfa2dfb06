import ClaimCheckKit

extension PositionEncoding {
    /// The encoding the server uses with a client, from the client's
    /// `capabilities.general.positionEncodings`: UTF-8 when it is offered (the
    /// kit's own unit, so positions need no conversion of code units), else
    /// UTF-16, which the protocol makes the default every client supports.
    public static func negotiate(offered: JSONValue) -> PositionEncoding {
        let names = offered.arrayValue?.compactMap(\.stringValue) ?? []
        return names.contains(PositionEncoding.utf8.rawValue) ? .utf8 : .utf16
    }
}
