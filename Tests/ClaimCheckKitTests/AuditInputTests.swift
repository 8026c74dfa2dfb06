import Foundation
import Testing
@testable import ClaimCheckKit

/// Names, sizes and the files behind them.
struct AuditFileTests {
    @Test func namesAreShownEscapedOnlyWhenTheyMustBe() {
        #expect(InputPath("crawl/page-1.html").display == "crawl/page-1.html")
        #expect(InputPath("crawl/été 🌿.md").display == "crawl/été 🌿.md")
        #expect(InputPath(bytes: Array("a\nb.html".utf8)).display == "a\\nb.html")
        #expect(InputPath(bytes: Array("bad".utf8) + [0xFF, 0xC3] + Array(".html".utf8)).display == "bad\\xFF\\xC3.html")
        #expect(InputPath(bytes: Array("tab\there\u{1}".utf8)).display == "tab\\there\\x01")
        #expect(InputPath("pages/").appending(Array("a.html".utf8)).display == "pages/a.html")
        #expect(InputPath("/").appending(Array("tmp".utf8)).display == "/tmp")
    }

    @Test(arguments: [("64M", 64 << 20), ("512K", 512 << 10), ("2G", 2 << 30), ("1048576", 1 << 20), ("64MB", 64 << 20),
                      ("64mib", 64 << 20), ("1.5K", 1536), ("1k", 1024)])
    func sizesParse(_ text: String, _ bytes: Int) {
        #expect(ByteSize.parse(text) == bytes)
    }

    @Test(arguments: ["", "abc", "-1", "0", "12Q", "1..5M", "M", "0.1"])
    func badSizesDoNotParse(_ text: String) {
        #expect(ByteSize.parse(text) == nil)
    }

    @Test func sizesAreDescribedForPeople() {
        #expect(ByteSize.describe(900) == "900 bytes")
        #expect(ByteSize.describe(512 << 10) == "512 KB")
        #expect(ByteSize.describe(1536 << 10) == "1.5 MB")
        #expect(ByteSize.overLimit(path: "a", size: (1 << 20) + 1, limit: 1 << 20).message
                == "is 1 MB (1048577 bytes), over the --max-size limit of 1 MB (1048576 bytes); split it or raise --max-size")
    }

    func folder() throws -> String {
        let folder = NSTemporaryDirectory() + "audit-files-\(UUID().uuidString)"
        try FileManager.default.createDirectory(atPath: folder + "/sub", withIntermediateDirectories: true)
        return folder
    }

    @Test func aFolderIsWalkedByBytesAndInTheUsualOrder() throws {
        let root = try folder()
        for name in ["b.html", "a-c.html", "sub/z.html"] { try "<p>x</p>".write(toFile: root + "/" + name, atomically: true, encoding: .utf8) }
        let odd = InputPath(root).appending(Array("new\nline.html".utf8))
        let bad = InputPath(root).appending([0x62, 0xFF, 0x2E, 0x68, 0x74, 0x6D, 0x6C])   // b\xFF.html
        for path in [odd, bad] { #expect(path.withCString { creat($0, 0o644) } >= 0) }
        let entries = FolderWalker.walk(InputPath(root))
        #expect(entries.map { InputPath.escape($0.relative) } == ["a-c.html", "b.html", "b\\xFF.html", "new\\nline.html", "sub/z.html"])
        #expect(entries.allSatisfy { $0.error == nil })
        #expect(InputFileReader().read(bad) == .success([]))
    }

    @Test func theReaderSaysWhyAFileCannotBeRead() throws {
        let root = try folder()
        let reader = InputFileReader(maximumBytes: 10)
        #expect(throws: Never.self) { try "0123456789A".write(toFile: root + "/big.txt", atomically: true, encoding: .utf8) }
        #expect(reader.read(InputPath(root + "/big.txt")) == .failure(InputError(path: root + "/big.txt",
                message: "is 11 bytes, over the --max-size limit of 10 bytes; split it or raise --max-size")))
        #expect(reader.read(InputPath(root + "/none.txt")) == .failure(InputError(path: root + "/none.txt", message: "no such file or folder; check the path")))
        #expect(symlink("gone.txt", root + "/link.txt") == 0)
        #expect(reader.read(InputPath(root + "/link.txt")) == .failure(InputError(path: root + "/link.txt",
                message: "is a symbolic link to gone.txt, which does not exist; fix or remove the link")))
        #expect(mkfifo(root + "/pipe.txt", 0o644) == 0)
        guard case .failure(let fifo) = reader.read(InputPath(root + "/pipe.txt")) else { Issue.record("a FIFO was read"); return }
        #expect(fifo.message.hasPrefix("is a named pipe (FIFO), not a regular file, so it was not opened"))
    }
}
