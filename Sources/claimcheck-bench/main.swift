// claimcheck-bench: end-to-end throughput on a folder of pages, and the cost of
// phrase matching as the rule set grows from 100 to 10,000 phrases.
//
//   swift run -c release claimcheck-bench PAGES_FOLDER [--rules Rules] [--repeat 3] [--clock wall|cpu]
//                                      [--only all|end-to-end|phrases|registry]
//
// The rules are --rules, else $CLAIMCHECK_RULES, else ./Rules, else the checkout's, else the built-in ones.
//
// Prints MB/s for the whole pipeline (extract, analyse, rules, verdicts) on one
// thread, the time to match 100 versus 10,000 phrases over the same tokens, the
// time to load every domain pack, and end to end with 1,000 versus 10,000 more
// registry aliases.
import ClaimCheckDefaultRules
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
let explicitRules = option("--rules", default: "")
let rulesFolder = DefaultRules.resolve(explicit: explicitRules.isEmpty ? nil : explicitRules,
                                       checkouts: DefaultRules.foldersAboveExecutable)
let repeats = Int(option("--repeat", default: "3")) ?? 3
let only = option("--only", default: "all")   // all | end-to-end | phrases | registry
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
if only != "phrases" && only != "registry" {
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
let analyzer = ClaimAnalyzer(matching: checker.matching)
for _ in 0..<repeats {
    extractBest = min(extractBest, seconds { for page in pages { _ = try? checker.extractor.extract(page, path: nil, format: .html) } })
    analyzeBest = min(analyzeBest, seconds {
        for page in pages { if let document = try? checker.extractor.extract(page, path: nil, format: .html) { _ = analyzer.gather(document) } }
    })
}
// The analysis a check runs first for the whole document (sentences, phrase matches,
// the document model); claims, their sources, the rules and the verdicts follow.
print(String(format: "stages: extract %.3f s (%.1f MB/s); + analyse (sentences, matches, document model) %.3f s; + claims, rules and verdicts %.3f s",
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
if only == "all" || only == "phrases" {
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
}

/// Loading and compiling the rules folder with every domain pack, and the cost of a
/// registry of 1,000 against 10,000 aliases: a generated pack (made-up names built
/// from the corpus's words, so some of them occur in the pages) added to the
/// rules folder's own, and the pages checked end to end with each.
@MainActor func registryScale() {
    var loadBest = Double.infinity
    for _ in 0..<max(repeats, 5) { loadBest = min(loadBest, seconds { _ = try? ClaimChecker.load(rulesFolder: rulesFolder) }) }
    print(String(format: "registry: load and compile %@ (%d packs, %d interventions, %d aliases): best %.1f ms",
                 rulesFolder, checker.registry.domains.count, checker.registry.interventions.count,
                 checker.registry.interventions.reduce(0) { $0 + $1.aliases.count + 1 }, loadBest * 1000))
    var endToEnd: [Int: Double] = [:]
    for aliases in [1_000, 10_000] {
        let folder = NSTemporaryDirectory() + "claimcheck-bench-pack-\(aliases)-\(getpid())"
        defer { try? FileManager.default.removeItem(atPath: folder) }
        var generator = SeededGenerator(state: 2026)
        try? FileManager.default.createDirectory(atPath: folder + "/interventions", withIntermediateDirectories: true)
        try? "name: Generated\ndescription: Generated for the benchmark.\n".write(toFile: folder + "/domain.yml", atomically: true, encoding: .utf8)
        try? "conditions:\n  - {id: generated-condition, name: generated condition, general: true, aliases: [generated condition]}\n"
            .write(toFile: folder + "/conditions.yml", atomically: true, encoding: .utf8)
        var seen = Set<String>()
        let perFile = 10
        for file in 0..<(aliases / perFile) {
            var names: [String] = []
            while names.count < perFile {
                let name = (0..<Int.random(in: 2...3, using: &generator)).map { _ in words.randomElement(using: &generator)! }.joined(separator: " ")
                if seen.insert(name).inserted { names.append(name) }
            }
            let yaml = """
            id: generated-\(file)
            name: "\(names[0])"
            aliases: [\(names.dropFirst().map { "\"\($0)\"" }.joined(separator: ", "))]
            evidence:
              - {condition: generated-condition, grade: limited, summary: s, cites: [c]}
            citations:
              - {id: c, title: T, source: S, year: 2020}

            """
            try? yaml.write(toFile: folder + "/interventions/generated-\(file).yml", atomically: true, encoding: .utf8)
        }
        let loadStart = now()
        guard let scaled = try? ClaimChecker.load(rulesFolder: rulesFolder, extraRegistryFolders: [folder]) else {
            print("registry: the generated pack of \(aliases) aliases did not load"); exit(2)
        }
        let load = Double(now() - loadStart) / 1e9
        var best = Double.infinity
        for _ in 0..<repeats {
            best = min(best, seconds { for (index, page) in pages.enumerated() { _ = scaled.check(page, source: names[index], format: .html) } })
        }
        endToEnd[aliases] = best
        print(String(format: "registry: %6d more aliases: load %.1f ms; end to end %.3f s, %.1f MB/s", aliases, load * 1000, best, megabytes / best))
    }
    print(String(format: "registry: 10,000 aliases cost %.2f times 1,000 end to end", endToEnd[10_000]! / endToEnd[1_000]!))
}
if only == "all" || only == "registry" { registryScale() }
