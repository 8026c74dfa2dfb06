import ClaimCheckKit
import Dispatch
import Foundation
@testable import ClaimCheckServer
#if canImport(Glibc)
import Glibc
#endif

/// The repository root, found from this file's path.
let repositoryRoot: String = {
    var url = URL(fileURLWithPath: #filePath)
    for _ in 0..<3 { url.deleteLastPathComponent() }
    return url.path
}()

func fixture(_ name: String) throws -> String {
    try String(contentsOfFile: repositoryRoot + "/Fixtures/" + name, encoding: .utf8)
}

/// Runs blocking work (sockets, processes) on a thread of its own, so that the
/// server's tasks, which share the cooperative pool with the tests, keep running
/// (and no shared Dispatch pool fills up with waiting clients).
func offPool<Value: Sendable>(_ work: @escaping @Sendable () throws -> Value) async throws -> Value {
    try await withCheckedThrowingContinuation { continuation in
        Thread { continuation.resume(with: Result { try work() }) }.start()
    }
}

/// A server of the project's rules on a free loopback port, started once per settings.
enum TestServers {
    /// The defaults, except a smaller body limit (so 413 is cheap to reach).
    static let standard = Task { try await start(ServerSettings(port: 0, maximumBodyBytes: 256 * 1024, timeout: .seconds(120))) }
    /// Pages of any origin may read its answers.
    static let anyOrigin = Task { try await start(ServerSettings(port: 0, timeout: .seconds(120), maximumConcurrentChecks: 1, allowedOrigin: "*")) }

    static func start(_ settings: ServerSettings) async throws -> Int {
        let session = CheckSession(CheckOptions(rulesFolder: repositoryRoot + "/Rules"))
        let server = try ClaimCheckServer(session: session, configPath: nil, settings: settings)
        return try await withCheckedThrowingContinuation { continuation in
            let once = ResumeOnce(continuation)
            Task {
                do { try await server.run { _, port in once.resume(.success(port)) } } catch { once.resume(.failure(error)) }
            }
        }
    }
}

private final class ResumeOnce: @unchecked Sendable {
    private let lock = NSLock()
    private var continuation: CheckedContinuation<Int, any Error>?
    init(_ continuation: CheckedContinuation<Int, any Error>) { self.continuation = continuation }
    func resume(_ result: Result<Int, any Error>) {
        lock.lock(); let continuation = self.continuation; self.continuation = nil; lock.unlock()
        continuation?.resume(with: result)
    }
}

/// What the server answered.
struct HTTPReply: Sendable {
    var status: Int
    /// Header names lower-cased.
    var headers: [String: String]
    var body: [UInt8]
    var text: String { String(decoding: body, as: UTF8.self) }

    /// Where the body first differs from `expected` ("" when they are the same), to keep a failure readable.
    func difference(from expected: [UInt8]) -> String {
        guard body != expected else { return "" }
        let index = (0..<min(body.count, expected.count)).first { body[$0] != expected[$0] } ?? min(body.count, expected.count)
        func around(_ bytes: [UInt8]) -> String { String(decoding: bytes[max(0, index - 80)..<min(bytes.count, index + 80)], as: UTF8.self) }
        return "bodies differ at byte \(index) of \(body.count) (expected \(expected.count)):\n got: \(around(body))\n expected: \(around(expected))"
    }

    /// The JSON body as an object.
    var json: [String: Any] {
        get throws { try (JSONSerialization.jsonObject(with: Data(body)) as? [String: Any]).orThrow("not a JSON object: \(text)") }
    }
    /// `error.message` of a JSON error.
    var errorMessage: String? { (try? json)?["error"].flatMap { ($0 as? [String: Any])?["message"] as? String } }
    var errorFix: String? { (try? json)?["error"].flatMap { ($0 as? [String: Any])?["fix"] as? String } }
}

struct TestFailure: Error, CustomStringConvertible { var description: String }

extension Optional {
    func orThrow(_ message: String) throws -> Wrapped {
        guard let self else { throw TestFailure(description: message) }
        return self
    }
}

/// One HTTP/1.1 request over a plain socket, `Connection: close`, read to the end:
/// a client that sends exactly the bytes a test names (malformed ones included).
func http(_ method: String, _ path: String, port: Int, contentType: String? = nil, body: [UInt8] = [],
          headers: [String] = []) async throws -> HTTPReply {
    var head = "\(method) \(path) HTTP/1.1\r\nHost: 127.0.0.1:\(port)\r\nConnection: close\r\n"
    if let contentType { head += "Content-Type: \(contentType)\r\n" }
    if method != "GET" && method != "HEAD" || !body.isEmpty { head += "Content-Length: \(body.count)\r\n" }
    for header in headers { head += header + "\r\n" }
    let request = Array((head + "\r\n").utf8) + body
    return try await offPool { try exchange(request, port: port) }
}

func http(_ method: String, _ path: String, port: Int, contentType: String? = nil, text: String) async throws -> HTTPReply {
    try await http(method, path, port: port, contentType: contentType, body: Array(text.utf8))
}

/// A form body as `application/x-www-form-urlencoded`.
func form(_ fields: [(String, String)]) -> [UInt8] {
    var allowed = CharacterSet.alphanumerics
    allowed.insert(charactersIn: "-._~")
    return Array(fields.map { "\($0)=\($1.addingPercentEncoding(withAllowedCharacters: allowed)!)" }.joined(separator: "&").utf8)
}

private func exchange(_ request: [UInt8], port: Int) throws -> HTTPReply {
    let socket = Glibc.socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
    guard socket >= 0 else { throw TestFailure(description: "socket() failed") }
    defer { close(socket) }
    var timeout = timeval(tv_sec: 30, tv_usec: 0)
    setsockopt(socket, SOL_SOCKET, SO_RCVTIMEO, &timeout, socklen_t(MemoryLayout<timeval>.size))
    var address = sockaddr_in()
    address.sin_family = sa_family_t(AF_INET)
    address.sin_port = in_port_t(UInt16(port).bigEndian)
    address.sin_addr.s_addr = inet_addr("127.0.0.1")
    let connected = withUnsafePointer(to: &address) {
        $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { connect(socket, $0, socklen_t(MemoryLayout<sockaddr_in>.size)) }
    }
    guard connected == 0 else { throw TestFailure(description: "cannot connect to port \(port)") }
    var sent = 0
    while sent < request.count {
        let count = request[sent...].withUnsafeBytes { send(socket, $0.baseAddress, $0.count, Int32(MSG_NOSIGNAL)) }
        if count <= 0 { break }  // the server answered early (413) and closed: read what it said
        sent += count
    }
    var reply: [UInt8] = []
    var buffer = [UInt8](repeating: 0, count: 65536)
    while true {
        let count = recv(socket, &buffer, buffer.count, 0)
        if count <= 0 { break }
        reply += buffer[0..<count]
    }
    return try parse(reply)
}

private func parse(_ reply: [UInt8]) throws -> HTTPReply {
    let separator = Array("\r\n\r\n".utf8)
    guard let split = (0...(max(0, reply.count - 4))).first(where: { Array(reply[$0..<min(reply.count, $0 + 4)]) == separator }) else {
        throw TestFailure(description: "no HTTP reply (\(reply.count) bytes)")
    }
    let lines = String(decoding: reply[..<split], as: UTF8.self).components(separatedBy: "\r\n")
    let status = Int(lines[0].split(separator: " ")[1]) ?? 0
    var headers: [String: String] = [:]
    for line in lines.dropFirst() {
        guard let colon = line.firstIndex(of: ":") else { continue }
        headers[line[..<colon].lowercased()] = line[line.index(after: colon)...].trimmingCharacters(in: .whitespaces)
    }
    var body = Array(reply[(split + 4)...])
    if let length = headers["content-length"].flatMap(Int.init), length <= body.count { body = Array(body[..<length]) }
    return HTTPReply(status: status, headers: headers, body: body)
}

/// The built `claimcheck`, beside the test runner.
let builtTool: String? = {
    var candidates: [String] = []
    if let runner = try? FileManager.default.destinationOfSymbolicLink(atPath: "/proc/self/exe") {
        candidates.append((runner as NSString).deletingLastPathComponent + "/claimcheck")
    }
    if let bundle = Bundle.allBundles.first(where: { $0.bundlePath.hasSuffix(".xctest") }) {
        candidates.append((bundle.bundlePath as NSString).deletingLastPathComponent + "/claimcheck")
    }
    return candidates.first { FileManager.default.isExecutableFile(atPath: $0) }
}()

struct ToolRun: Sendable { var status: Int32; var output: [UInt8]; var errors: String }

/// Runs the built tool in the repository root.
func runTool(_ arguments: [String]) async throws -> ToolRun {
    let tool = try builtTool.orThrow("build claimcheck first (swift build)")
    return try await offPool {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: tool)
        process.arguments = arguments
        process.currentDirectoryURL = URL(fileURLWithPath: repositoryRoot)
        let out = Pipe(), err = Pipe()
        process.standardOutput = out
        process.standardError = err
        process.standardInput = FileHandle.nullDevice
        try process.run()
        let output = out.fileHandleForReading.readDataToEndOfFile()
        let errors = err.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        return ToolRun(status: process.terminationStatus, output: Array(output), errors: String(decoding: errors, as: UTF8.self))
    }
}
