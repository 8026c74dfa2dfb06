import Foundation
import Testing

/// `claimcheck classify`: one label and the sentence per input line, as the built executable prints them.
@Suite struct ClassifyCommandTests {
    func classify(_ arguments: [String], stdin: String? = nil, in folder: String = NSTemporaryDirectory()) throws -> ToolRun {
        try runTool(["classify"] + arguments + ["--rules", repositoryRoot + "/Rules"], in: folder, stdin: stdin)
    }

    static let sentences = "The tonic may lower blood pressure.\nThe tonic lowers blood pressure.\r\n\nDoes it work?\n"
        + "Sleep is linked to mood.\nThe balm is clinically proven to soothe skin.\nThe patch did not reduce cravings."
    static let labelled = "conditional\tThe tonic may lower blood pressure.\ncausal\tThe tonic lowers blood pressure.\nnone\t\n"
        + "none\tDoes it work?\ncorrelational\tSleep is linked to mood.\nproven\tThe balm is clinically proven to soothe skin.\n"
        + "causal\tThe patch did not reduce cravings.\n"

    @Test(arguments: [[], ["-"]])
    func standardInputGivesOneLabelledLineForEachLine(_ arguments: [String]) throws {
        let run = try classify(arguments, stdin: Self.sentences)
        #expect(run.status == 0)
        #expect(run.output == Self.labelled)
        #expect(run.errors == "")
    }

    @Test func aFileGivesTheSameLines() throws {
        let folder = try TemporaryFolder("classify")
        try folder.write("sentences.txt", Self.sentences + "\n")
        let run = try classify(["sentences.txt"], in: folder.path)
        #expect(run.status == 0)
        #expect(run.output == Self.labelled)
    }

    @Test func cueAddsTheWordsThatDecidedEachLabel() throws {
        let run = try classify(["--cue"], stdin: "The tonic may lower blood pressure.\n\nThe patch did not reduce cravings.\nIt rained.\n")
        #expect(run.status == 0)
        #expect(run.output == "conditional\tmay lower\tThe tonic may lower blood pressure.\nnone\t\t\n"
            + "causal\tdid not reduce\tThe patch did not reduce cravings.\nnone\t\tIt rained.\n")
    }

    @Test func anEmptyInputPrintsNothing() throws {
        let run = try classify([], stdin: "")
        #expect(run.status == 0)
        #expect(run.output == "")
    }

    @Test func aMissingFileExitsTwoWithWhatToDo() throws {
        let folder = try TemporaryFolder("classify")
        let run = try classify(["absent.txt"], in: folder.path)
        #expect(run.status == 2)
        #expect(run.output == "")
        #expect(run.errors == "claimcheck: absent.txt: no such file; name a text file of sentences, one a line, or pass - to read standard input\n")
        let onFolder = try classify([folder.path], in: folder.path)
        #expect(onFolder.status == 2)
        #expect(onFolder.errors == "claimcheck: \(folder.path): is a folder; name a text file of sentences, one a line\n")
    }

    @Test func bytesThatAreNotUTF8ExitTwoNamingTheLine() throws {
        let folder = try TemporaryFolder("classify")
        try folder.write("latin1.txt", bytes: Array("The tonic works.\nCaf".utf8) + [0xE9, 0x0A])
        let run = try classify(["latin1.txt"], in: folder.path)
        #expect(run.status == 2)
        #expect(run.output == "")
        #expect(run.errors == "claimcheck: latin1.txt: line 2 is not UTF-8 text; save the file as UTF-8 (iconv -f latin1 -t utf-8 converts Latin-1)\n")
    }

    @Test func anUnknownOptionIsAUsageErrorExitingTwo() throws {
        let run = try classify(["--format", "json"], stdin: "x\n")
        #expect(run.status == 2)
        #expect(run.output == "")
    }
}
