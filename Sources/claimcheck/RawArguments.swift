import ClaimCheckKit
import Foundation

/// The command line as the system gave it: argument parsing sees text, in
/// which bytes that are not UTF-8 have been replaced, so a file named with them
/// is found again here by its raw bytes.
enum RawArguments {
    /// The path an argument names, with its original bytes.
    static func path(for argument: String) -> InputPath {
        guard argument.unicodeScalars.contains("\u{FFFD}") else { return InputPath(argument) }
        for index in 0..<Int(CommandLine.argc) {
            guard let pointer = CommandLine.unsafeArgv[index] else { continue }
            let bytes = Array(UnsafeBufferPointer(start: pointer, count: strlen(pointer))).map { UInt8(bitPattern: $0) }
            if String(decoding: bytes, as: UTF8.self) == argument { return InputPath(bytes: bytes) }
        }
        return InputPath(argument)
    }

    /// This executable, to start again as a worker.
    static let executablePath: String = {
        #if os(Linux)
        var buffer = [CChar](repeating: 0, count: 4096)
        let count = readlink("/proc/self/exe", &buffer, buffer.count - 1)
        if count > 0 { return String(decoding: buffer[0..<count].map { UInt8(bitPattern: $0) }, as: UTF8.self) }
        #endif
        return Bundle.main.executablePath ?? CommandLine.arguments[0]
    }()
}
