// claimcheck-bench: end-to-end throughput on a folder of pages, and the cost of
// phrase matching as the rule set grows from 100 to 10,000 phrases.
//
//   swift run -c release claimcheck-bench PAGES_FOLDER [--rules Rules] [--repeat 3]
//
// Prints MB/s for the whole pipeline (extract, analyse, rules, verdicts) on one
// thread, and the time to match 100 versus 10,000 phrases over the same tokens.
import ClaimCheckKit
import Foundation

func seconds(_ body: () -> Void) -> Double {
    let start = DispatchTime.now().uptimeNanoseconds
    body()
    return Double(DispatchTime.now().uptimeNanoseconds - start) / 1e9
}

var arguments = Array(CommandLine.arguments.dropFirst())
@MainActor func option(_ name: String, default value: String) -> String {
    guard let index = arguments.firstIndex(of: name), index + 1 < arguments.count else { return value }
    defer { arguments.removeSubrange(index...(index + 1)) }
    return arguments[index + 1]
}
let rulesFolder = option("--rules", default: "Rules")
let repeats = Int(option("--repeat", default: "3")) ?? 3
guard let folder = arguments.first else {
    FileHandle.standardError.write(Data("usage: claimcheck-bench PAGES_FOLDER [--rules Rules] [--repeat 3]\n".utf8))
    exit(2)
}

let checker: ClaimChecker
do { checker = try ClaimChecker.load(rulesFolder: rulesFolder) } catch {
    FileHandle.standardError.write(Data("\(error)\n".utf8)); exit(2)
}
let names = ((try? FileManager.default.contentsOfDirectory(atPath: folder)) ?? []).filter { $0.hasSuffix(".html") }.sorted()
let pages = names.compactMap { FileManager.default.contents(atPath: folder + "/" + $0).map { [UInt8]($0) } }
let totalBytes = pages.reduce(0) { $0 + $1.count }
guard totalBytes > 0 else { print("no .html pages in \(folder)"); exit(2) }
let megabytes = Double(totalBytes) / 1_000_000

// End to end, one thread.
var best = Double.infinity
var verdicts = 0
for _ in 0..<repeats {
    var count = 0
    let time = seconds {
        for (index, page) in pages.enumerated() { count += checker.check(page, source: names[index], format: .html).verdicts.count }
    }
    best = min(best, time)
    verdicts = count
}
print(String(format: "end to end: %d pages, %.2f MB, best of %d: %.3f s, %.1f MB/s, %d verdicts",
             pages.count, megabytes, repeats, best, megabytes / best, verdicts))

// Phrase matching: the same tokens against 100 and 10,000 phrases.
let documents = pages.prefix(400).compactMap { try? DocumentExtractor().extract($0, path: nil, format: .html) }
let texts = documents.flatMap { $0.blocks.map(\.text) }
let words = Array(Set(texts.flatMap { String(decoding: $0, as: UTF8.self).lowercased().split(separator: " ").map(String.init) }
    .filter { $0.count > 3 && $0.allSatisfy(\.isLetter) })).sorted()
func phraseSet(_ count: Int) -> (Tokenizer, PhraseAutomaton) {
    var generator = SystemRandomNumberGenerator()
    var vocabulary = Vocabulary(capacity: count * 3)
    var phrases: [[[UInt8]]] = []
    for _ in 0..<count {
        let length = Int.random(in: 2...4, using: &generator)
        phrases.append((0..<length).map { _ in Array(words.randomElement(using: &generator)!.utf8) })
    }
    for phrase in phrases { for token in phrase { _ = vocabulary.intern(token) } }
    var automaton = PhraseAutomaton()
    for (index, phrase) in phrases.enumerated() { automaton.add(phrase.map { vocabulary.id(of: $0)! }, tag: Int32(index)) }
    return (Tokenizer(vocabulary: vocabulary), automaton)
}
var timings: [Int: Double] = [:]
for count in [100, 10_000] {
    let (tokenizer, automaton) = phraseSet(count)
    var bestMatch = Double.infinity
    var found = 0
    for _ in 0..<repeats {
        var total = 0
        let time = seconds { for text in texts { total += automaton.matches(in: tokenizer.tokenize(text)).count } }
        bestMatch = min(bestMatch, time)
        found = total
    }
    timings[count] = bestMatch
    let textMB = Double(texts.reduce(0) { $0 + $1.count }) / 1_000_000
    print(String(format: "phrases: %6d rules, tokenise + match %.2f MB of text: %.3f s (%.1f MB/s), %d matches",
                 count, textMB, bestMatch, textMB / bestMatch, found))
}
print(String(format: "phrases: 10,000 cost %.2f times 100", timings[10_000]! / timings[100]!))
