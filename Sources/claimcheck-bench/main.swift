// claimcheck-bench: end-to-end throughput on a folder of pages, and the cost of
// phrase matching as the rule set grows from 100 to 10,000 phrases.
//
//   swift run -c release claimcheck-bench PAGES_FOLDER [--rules Rules] [--repeat 3] [--clock wall|cpu]
//
// Prints MB/s for the whole pipeline (extract, analyse, rules, verdicts) on one
// thread, and the time to match 100 versus 10,000 phrases over the same tokens.
import ClaimCheckKit
import Foundation

var arguments = Array(CommandLine.arguments.dropFirst())
@MainActor func option(_ name: String, default value: String) -> String {
    guard let index = arguments.firstIndex(of: name), index + 1 < arguments.count else { return value }
    defer { arguments.removeSubrange(index...(index + 1)) }
    return arguments[index + 1]
}

/// `--clock cpu` times this thread's CPU time instead of the wall clock: on a
/// machine shared with other work, time spent waiting for the core then does not
/// count, and repeated runs agree far better (the figures are otherwise the same).
let usesCPUClock = option("--clock", default: "wall") == "cpu"

@MainActor func now() -> UInt64 {
    guard usesCPUClock else { return DispatchTime.now().uptimeNanoseconds }
    var time = timespec()
    clock_gettime(CLOCK_THREAD_CPUTIME_ID, &time)
    return UInt64(time.tv_sec) * 1_000_000_000 + UInt64(time.tv_nsec)
}

@MainActor func seconds(_ body: () -> Void) -> Double {
    let start = now()
    body()
    return Double(now() - start) / 1e9
}
let rulesFolder = option("--rules", default: "Rules")
let repeats = Int(option("--repeat", default: "3")) ?? 3
let only = option("--only", default: "all")   // all | end-to-end | phrases
guard let folder = arguments.first else {
    FileHandle.standardError.write(Data("usage: claimcheck-bench PAGES_FOLDER [--rules Rules] [--repeat 3] [--clock wall|cpu]\n".utf8))
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
if only != "phrases" {
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
// Where the time goes: extraction alone, then extraction and analysis.
var extractBest = Double.infinity, analyzeBest = Double.infinity
let analyzer = ClaimAnalyzer(rules: checker.rules)
for _ in 0..<repeats {
    extractBest = min(extractBest, seconds { for page in pages { _ = try? checker.extractor.extract(page, path: nil, format: .html) } })
    analyzeBest = min(analyzeBest, seconds {
        for page in pages { if let document = try? checker.extractor.extract(page, path: nil, format: .html) { _ = analyzer.analyze(document) } }
    })
}
print(String(format: "stages: extract %.3f s (%.1f MB/s); + analyse %.3f s; + rules and verdicts %.3f s",
             extractBest, megabytes / extractBest, analyzeBest - extractBest, best - analyzeBest))
}
if only == "end-to-end" { exit(0) }

// Phrase matching: the same tokens against 100 and 10,000 phrases.
let documents = pages.prefix(400).compactMap { try? DocumentExtractor().extract($0, path: nil, format: .html) }
let texts = documents.flatMap { $0.blocks.map(\.text) }
let words = Array(Set(texts.flatMap { String(decoding: $0, as: UTF8.self).lowercased().split(separator: " ").map(String.init) }
    .filter { $0.count > 3 && $0.allSatisfy(\.isLetter) })).sorted()
/// A seeded generator (SplitMix64), so every run draws the same phrases.
struct SeededGenerator: RandomNumberGenerator {
    var state: UInt64
    mutating func next() -> UInt64 {
        state &+= 0x9E3779B97F4A7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58476D1CE4E5B9
        z = (z ^ (z >> 27)) &* 0x94D049BB133111EB
        return z ^ (z >> 31)
    }
}

func phraseSet(_ count: Int) -> (Tokenizer, PhraseAutomaton) {
    var generator = SeededGenerator(state: 2026)
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
var matchTimes: [Int: Double] = [:], totalTimes: [Int: Double] = [:]
let textMB = Double(texts.reduce(0) { $0 + $1.count }) / 1_000_000
for count in [100, 10_000] {
    let (tokenizer, automaton) = phraseSet(count)
    let tokenized = texts.map { tokenizer.tokenize($0) }
    var bestMatch = Double.infinity, bestTotal = Double.infinity
    var found = 0
    for _ in 0..<max(repeats, 7) {
        var total = 0
        bestMatch = min(bestMatch, seconds { for tokens in tokenized { total += automaton.matches(in: tokens).count } })
        bestTotal = min(bestTotal, seconds { for text in texts { total += automaton.matches(in: tokenizer.tokenize(text)).count } })
        found = total / 2
    }
    matchTimes[count] = bestMatch
    totalTimes[count] = bestTotal
    let tokenCount = tokenized.reduce(0) { $0 + $1.count }
    print(String(format: "phrases: %6d phrases over %.2f MB of text (%d tokens): tokenise + match %.4f s (%.1f MB/s); match alone %.4f s (%.1f ns a token); %d matches",
                 count, textMB, tokenCount, bestTotal, textMB / bestTotal, bestMatch, bestMatch * 1e9 / Double(tokenCount), found))
}
print(String(format: "phrases: 10,000 phrases cost %.2f times 100 (tokenise + match, as the pipeline runs); match alone %.2f times",
             totalTimes[10_000]! / totalTimes[100]!, matchTimes[10_000]! / matchTimes[100]!))
