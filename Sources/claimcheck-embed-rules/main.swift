// claimcheck-embed-rules: writes the Swift file that carries the rules folder in
// the binary. Run by the EmbedRules build plugin, not by hand:
//
//   claimcheck-embed-rules OUTPUT.swift RULES_FOLDER
//
// Every `.yml`, `.yaml` and `.md` file under RULES_FOLDER is embedded, at any
// depth, hidden files and folders aside. Each file becomes a string literal. Every character that could end or change
// the literal is escaped (backslash, quote, controls, anything outside printable
// ASCII), so any text round-trips byte for byte; the output depends only on the
// files' paths and bytes, and is written only when it changes.
import Foundation

/// Swift string-literal text for `text`: a multi-line literal body with one
/// source line per line of the file, escaped so that nothing in it is read as a
/// delimiter, an interpolation or an escape, and carriage returns survive (a
/// multi-line literal would otherwise normalise them).
func literalBody(_ text: String) -> String {
    var body = ""
    body.reserveCapacity(text.utf8.count + text.utf8.count / 8)
    for scalar in text.unicodeScalars {
        switch scalar {
        case "\\": body += "\\\\"
        case "\"": body += "\\\""
        case "\n": body += "\n"
        case "\r": body += "\\r"
        case "\t": body += "\\t"
        case " "..."~": body.unicodeScalars.append(scalar)
        default: body += "\\u{" + String(scalar.value, radix: 16, uppercase: true) + "}"
        }
    }
    return body
}

func fail(_ message: String) -> Never {
    FileHandle.standardError.write(Data("claimcheck-embed-rules: error: \(message)\n".utf8))
    exit(1)
}

/// The paths under `folder` (relative to it) of the files to embed, sorted.
func embeddedFiles(under folder: String) -> [String] {
    let root = URL(fileURLWithPath: folder).standardizedFileURL.resolvingSymlinksInPath()
    guard let walker = FileManager.default.enumerator(at: root, includingPropertiesForKeys: [.isRegularFileKey],
                                                       options: [.skipsHiddenFiles]) else { fail("cannot read \(folder)") }
    let prefix = root.path + "/"
    var paths: [String] = []
    for case let url as URL in walker where ["yml", "yaml", "md"].contains(url.pathExtension) {
        guard (try? url.resourceValues(forKeys: [.isRegularFileKey]).isRegularFile) == true else { continue }
        let path = url.standardizedFileURL.resolvingSymlinksInPath().path
        guard path.hasPrefix(prefix) else { fail("\(url.path) lies outside \(folder)") }
        paths.append(String(path.dropFirst(prefix.count)))
    }
    if paths.isEmpty { fail("\(folder) holds no rule files to embed") }
    return paths.sorted()
}

let arguments = CommandLine.arguments
guard arguments.count == 3 else { fail("usage: claimcheck-embed-rules OUTPUT.swift RULES_FOLDER") }
let output = arguments[1]
let folder = arguments[2]
let paths = embeddedFiles(under: folder)
let folderName = (folder as NSString).lastPathComponent

var source = """
// Generated at build time by claimcheck-embed-rules from the package's \(folderName)/ folder
// (\(paths.count) files). Do not edit: edit the rule files; the build regenerates this.

/// Each embedded file's path from the package root and its text, sorted by path.
let embeddedRuleFiles: [(path: String, text: String)] = [

"""
for path in paths {
    let file = (folder as NSString).appendingPathComponent(path)
    guard let data = FileManager.default.contents(atPath: file) else { fail("cannot read \(file)") }
    // Decoding replaces a byte that is not UTF-8, so the text then differs from the bytes.
    let text = String(decoding: data, as: UTF8.self)
    guard Array(text.utf8) == Array(data) else {
        fail("\(file) is not UTF-8 text; save it as UTF-8 (ClaimCheck reads rule files as UTF-8 only)")
    }
    let relative = "\(folderName)/\(path)"
    source += "    (path: \"\(literalBody(relative))\", text: \"\"\"\n\(literalBody(text))\n\"\"\"),\n"
}
source += "]\n"

let bytes = Data(source.utf8)
if FileManager.default.contents(atPath: output) != bytes {
    guard FileManager.default.createFile(atPath: output, contents: bytes) else { fail("cannot write \(output)") }
}
