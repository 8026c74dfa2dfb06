import ArgumentParser
import ClaimCheckKit
import Foundation

/// `claimcheck classify`: the claim strength of each line of a file, one
/// sentence a line, as the evidence weighing and the study rules read it.
struct ClassifyCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "classify",
        abstract: "Print the claim strength of each sentence, one sentence a line.",
        discussion: """
        Reads FILE (or standard input, for - or no FILE), one sentence a line, and
        prints one line for each: LABEL, a tab, and the sentence as given. LABEL is
        one of:
          none           no relationship claimed (also questions and recommendations)
          correlational  an association: "associated with", "linked to", "predicts"
          conditional    a hedged causal claim: "may reduce", "appears to protect"
          causal         a direct causal claim: "reduces", "prevents", "is effective"
          proven         certainty: "proven", "definitively", "guarantees"
        A denial keeps the kind of claim it denies: "did not reduce" is causal.
        An empty line prints as "none" and a tab, so output line N is input line N.
        The cues are the lists of strength.yml in the rules folder; --cue adds a
        column between label and sentence with the words that decided the label
        (with their hedge or negation: "may lower", "did not reduce"), empty for none.

        Examples:
          $ printf 'Tea may lower it.\\nTea lowers it.\\n' | claimcheck classify
          conditional\tTea may lower it.
          causal\tTea lowers it.
          claimcheck classify sentences.txt | cut -f1 | sort | uniq -c
          claimcheck classify --cue sentences.txt | grep '^causal'

        Exit codes: 0 every line was classified; 2 bad usage, rules that cannot be
        loaded, or an input that cannot be read or is not UTF-8 (nothing is printed).
        """
    )

    @Argument(help: ArgumentHelp("A file of sentences, one a line, or - for standard input (the default).", valueName: "file"))
    var file: String = "-"

    @Flag(help: "Print the words that decided each label between label and sentence.")
    var cue = false

    @OptionGroup var location: RulesLocation

    func run() throws {
        let bytes = try readInput()
        let lines = try Self.lines(of: bytes, name: file == "-" ? "standard input" : file)
        let classifier = ClaimStrengthClassifier(matching: try location.loadChecker().matching)
        var output = ""
        output.reserveCapacity(bytes.count + lines.count * 12)
        for line in lines {
            let reading = line.allSatisfy(\.isWhitespace) ? StrengthReading.none : classifier.strength(of: line)
            output += reading.strength.rawValue + "\t"
            if cue { output += Self.text(of: reading.phrase, in: line, classifier) + "\t" }
            output += line + "\n"
        }
        FileHandle.standardOutput.write(Data(output.utf8))
    }

    /// The text of a token range of a line, tokenised as the classifier tokenised it.
    static func text(of range: Range<Int>?, in line: String, _ classifier: ClaimStrengthClassifier) -> String {
        guard let range, !range.isEmpty else { return "" }
        let bytes = Array(line.utf8)
        let tokens = classifier.matching.tokenizer.tokenize(bytes)
        return String(decoding: bytes[Int(tokens[range.lowerBound].start)..<Int(tokens[range.upperBound - 1].end)], as: UTF8.self)
    }

    /// The input's bytes: standard input, or a file (a pipe such as `<(…)` too).
    private func readInput() throws -> [UInt8] {
        if file == "-" { return Array(FileHandle.standardInput.readDataToEndOfFile()) }
        var isFolder: ObjCBool = false
        guard FileManager.default.fileExists(atPath: file, isDirectory: &isFolder) else {
            throw Self.failure("\(file): no such file; name a text file of sentences, one a line, or pass - to read standard input")
        }
        if isFolder.boolValue {
            throw Self.failure("\(file): is a folder; name a text file of sentences, one a line")
        }
        guard let handle = FileHandle(forReadingAtPath: file) else {
            throw Self.failure("\(file): cannot be read; check its permissions (chmod a+r)")
        }
        defer { try? handle.close() }
        return Array(handle.readDataToEndOfFile())
    }

    /// The input's lines (without "\n" or "\r\n"), or an error naming the first
    /// line that is not UTF-8.
    static func lines(of bytes: [UInt8], name: String) throws -> [String] {
        var body = bytes[...]
        if body.starts(with: [0xEF, 0xBB, 0xBF]) { body = body.dropFirst(3) }
        var lines: [String] = []
        var number = 0
        for var line in body.split(separator: 0x0A, omittingEmptySubsequences: false) {
            number += 1
            if line.last == 0x0D { line = line.dropLast() }
            guard let text = String(validating: line, as: UTF8.self) else {
                throw failure("\(name): line \(number) is not UTF-8 text; save the file as UTF-8 (iconv -f latin1 -t utf-8 converts Latin-1)")
            }
            lines.append(text)
        }
        if lines.last == "" { lines.removeLast() }   // the newline that ends the last line
        return lines
    }

    static func failure(_ message: String) -> ExitCode {
        FileHandle.standardError.write(Data("claimcheck: \(message)\n".utf8))
        return ExitCode(2)
    }
}
