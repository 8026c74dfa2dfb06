import CLibXML2

/// libxml2's process-wide set-up, done once.
enum LibXML2 {
    private static let initialized: Bool = {
        xmlInitParser()
        claimcheck_xml_silence_errors()
        return true
    }()

    static func initialize() {
        _ = initialized
        claimcheck_xml_silence_errors()
    }
}
