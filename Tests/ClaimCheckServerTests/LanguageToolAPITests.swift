import Foundation
import Testing
@testable import ClaimCheckServer

/// `/v2`: LanguageTool's API shape, with offsets in UTF-16 code units of the text
/// the client sent that land on the claims the JSON report finds.
@Suite struct LanguageToolAPITests {
    /// The findings a LanguageTool client is shown: the report's verdicts that are
    /// not suppressed and not `supported`, as (UTF-8 offset, length, rule).
    func reportFindings(_ text: String, port: Int) async throws -> [(offset: Int, length: Int, rule: String)] {
        let reply = try await http("POST", "/v1/check", port: port, contentType: "text/plain", text: text)
        let verdicts = try (try reply.json["verdicts"] as? [[String: Any]]).orThrow("no verdicts")
        return verdicts.compactMap { verdict in
            guard verdict["suppression"] == nil, verdict["verdict"] as? String != "supported",
                  let location = verdict["location"] as? [String: Any], let offset = location["offset"] as? Int,
                  let length = location["length"] as? Int, let rule = (verdict["reasons"] as? [[String: Any]])?.first?["rule"] as? String
            else { return nil }
            return (offset, length, rule)
        }
    }

    func matches(_ fields: [(String, String)], port: Int) async throws -> [[String: Any]] {
        let reply = try await http("POST", "/v2/check", port: port, contentType: "application/x-www-form-urlencoded", body: form(fields))
        #expect(reply.status == 200, "\(reply.text)")
        return try (try reply.json["matches"] as? [[String: Any]]).orThrow("no matches in \(reply.text)")
    }

    func utf16Slice(_ text: String, _ offset: Int, _ length: Int) -> String {
        let units = Array(text.utf16)
        return String(decoding: units[offset..<(offset + length)], as: UTF16.self)
    }

    func utf8Slice(_ text: String, _ offset: Int, _ length: Int) -> String {
        String(decoding: Array(text.utf8)[offset..<(offset + length)], as: UTF8.self)
    }

    @Test func plainTextMatchesLandOnTheClaims() async throws {
        let port = try await TestServers.standard.value
        let text = try fixture("overclaim.txt")
        let findings = try await reportFindings(text, port: port)
        let found = try await matches([("text", text), ("language", "en-US")], port: port)
        #expect(found.count == findings.count)
        #expect(found.count >= 3)
        for (match, finding) in zip(found, findings) {
            let offset = try (match["offset"] as? Int).orThrow("no offset"), length = try (match["length"] as? Int).orThrow("no length")
            #expect(utf16Slice(text, offset, length) == utf8Slice(text, finding.offset, finding.length))
            #expect((match["rule"] as? [String: Any])?["id"] as? String == finding.rule)
            let context = try (match["context"] as? [String: Any]).orThrow("no context")
            let contextText = try (context["text"] as? String).orThrow("no context text")
            let contextOffset = try (context["offset"] as? Int).orThrow("no context offset")
            // The context shows the start of the claim at its offset (line breaks as spaces).
            let claimStart = utf16Slice(text, offset, min(length, 20)).replacingOccurrences(of: "\n", with: " ")
            #expect(utf16Slice(contextText, contextOffset, min(length, 20)) == claimStart)
            #expect(context["length"] as? Int == length)
            #expect(match["replacements"] as? [Any] != nil)
            #expect((match["sentence"] as? String)?.isEmpty == false)
        }
        // The 'proven' claim, at the offset where it starts in the text sent.
        let provenOffset = try (text.range(of: "Cyclosporine has been proven")?.lowerBound).orThrow("fixture changed").utf16Offset(in: text)
        #expect(found.contains { $0["offset"] as? Int == provenOffset })
    }

    @Test func offsetsCountUTF16UnitsNotBytes() async throws {
        let port = try await TestServers.standard.value
        let plain = try fixture("overclaim.txt")
        // Two emoji (two UTF-16 units, four bytes each) and an accent (one unit, two bytes) before the article.
        let prefix = "Notes 🙂🙂 café\n\n"
        let text = prefix + plain
        let before = try await matches([("text", plain), ("language", "en")], port: port)
        let after = try await matches([("text", text), ("language", "en")], port: port)
        #expect(after.count == before.count)
        #expect(prefix.utf16.count == 17 && prefix.utf8.count == 22)
        for (shifted, original) in zip(after, before) {
            #expect(shifted["offset"] as? Int == (original["offset"] as? Int).map { $0 + 17 })
            #expect(shifted["length"] as? Int == original["length"] as? Int)
        }
    }

    @Test func annotatedDataCountsMarkupInOffsetsButDoesNotCheckIt() async throws {
        let port = try await TestServers.standard.value
        let plain = try fixture("overclaim.txt")
        // The same article as annotated text: each paragraph break is markup read as a
        // paragraph break, and "proven" is wrapped in <b>…</b>, read as nothing.
        var annotation: [[String: String]] = []
        var original = ""
        for (index, paragraph) in plain.components(separatedBy: "\n\n").enumerated() {
            if index > 0 {
                annotation.append(["markup": "\n\n<p class=\"x\">", "interpretAs": "\n\n"])
                original += "\n\n<p class=\"x\">"
            }
            let pieces = paragraph.components(separatedBy: "proven")
            for (position, piece) in pieces.enumerated() {
                if position > 0 {
                    annotation += [["markup": "<b>"], ["text": "proven"], ["markup": "</b>"]]
                    original += "<b>proven</b>"
                }
                annotation.append(["text": piece])
                original += piece
            }
        }
        let data = String(decoding: try JSONSerialization.data(withJSONObject: ["annotation": annotation]), as: UTF8.self)
        let fromData = try await matches([("data", data), ("language", "en-US")], port: port)
        let fromText = try await matches([("text", plain), ("language", "en-US")], port: port)
        #expect(fromData.count == fromText.count)
        #expect(fromData.count >= 3)
        func unmarked(_ text: String) -> String {
            text.replacingOccurrences(of: "<p class=\"x\">", with: "").replacingOccurrences(of: "<b>", with: "").replacingOccurrences(of: "</b>", with: "")
        }
        for (marked, unmarkedMatch) in zip(fromData, fromText) {
            let offset = marked["offset"] as? Int ?? -1, length = marked["length"] as? Int ?? -1
            #expect(unmarked(utf16Slice(original, offset, length)) ==
                    utf16Slice(plain, unmarkedMatch["offset"] as? Int ?? 0, unmarkedMatch["length"] as? Int ?? 0))
        }
        let provenOffset = try (original.range(of: "Cyclosporine has been <b>proven</b>")?.lowerBound).orThrow("no marked claim").utf16Offset(in: original)
        #expect(fromData.contains { $0["offset"] as? Int == provenOffset })
    }

    @Test func responseHasLanguageToolsSections() async throws {
        let port = try await TestServers.standard.value
        let reply = try await http("POST", "/v2/check", port: port, contentType: "application/x-www-form-urlencoded",
                                   body: form([("text", try fixture("overclaim.txt")), ("language", "auto"), ("preferredVariants", "en-GB,de-DE")]))
        let json = try reply.json
        let software = try (json["software"] as? [String: Any]).orThrow("no software")
        #expect(software["name"] as? String == "ClaimCheck")
        #expect(software["apiVersion"] as? Int == 1)
        let language = try (json["language"] as? [String: Any]).orThrow("no language")
        #expect(language["code"] as? String == "en-GB")
        let detected = try (language["detectedLanguage"] as? [String: Any]).orThrow("no detectedLanguage")
        #expect(detected["code"] as? String == "en-GB")
        #expect(detected["confidence"] as? Double == 0)
        let match = try ((json["matches"] as? [[String: Any]])?.first).orThrow("no match")
        let rule = try (match["rule"] as? [String: Any]).orThrow("no rule")
        #expect(rule["issueType"] as? String == "non-conformance")
        #expect(((rule["category"] as? [String: Any])?["id"] as? String)?.hasPrefix("CLAIMCHECK_") == true)
        #expect((rule["description"] as? String)?.isEmpty == false)
        #expect(match["shortMessage"] as? String == "Unsupported claim")
    }

    @Test func supportedClaimsOnlyWhenPickyAndRulesCanBeTurnedOff() async throws {
        let port = try await TestServers.standard.value
        let text = try fixture("overclaim.txt")
        func rules(_ found: [[String: Any]]) -> [String] { found.compactMap { ($0["rule"] as? [String: Any])?["id"] as? String } }
        func categories(_ found: [[String: Any]]) -> Set<String> {
            Set(found.compactMap { (($0["rule"] as? [String: Any])?["category"] as? [String: Any])?["id"] as? String })
        }
        let normal = try await matches([("text", text), ("language", "en-US")], port: port)
        let picky = try await matches([("text", text), ("language", "en-US"), ("level", "picky")], port: port)
        #expect(!categories(normal).contains("CLAIMCHECK_SUPPORTED"))
        #expect(categories(picky).contains("CLAIMCHECK_SUPPORTED"))
        #expect(picky.count > normal.count)
        let without = try await matches([("text", text), ("language", "en-US"), ("disabledRules", "source.researchers-discovered")], port: port)
        #expect(rules(without) == rules(normal).filter { $0 != "source.researchers-discovered" })
        let only = try await matches([("text", text), ("language", "en-US"), ("enabledRules", "source.researchers-discovered"), ("enabledOnly", "true")], port: port)
        #expect(rules(only) == ["source.researchers-discovered"])
    }

    @Test func languagesListEnglish() async throws {
        let port = try await TestServers.standard.value
        let reply = try await http("GET", "/v2/languages", port: port)
        let languages = try (JSONSerialization.jsonObject(with: Data(reply.body)) as? [[String: String]]).orThrow("not a list")
        #expect(languages.contains { $0 == ["name": "English (US)", "code": "en", "longCode": "en-US"] })
        #expect(languages.allSatisfy { $0["code"] == "en" })
    }

    @Test(arguments: [("de-DE", "ClaimCheck checks English only and cannot check language 'de-DE'"),
                      ("", "the form has no language field")])
    func aLanguageWeCannotCheckIs400(language: String, message: String) async throws {
        let port = try await TestServers.standard.value
        let reply = try await http("POST", "/v2/check", port: port, contentType: "application/x-www-form-urlencoded",
                                   body: form([("text", "Hello."), ("language", language)]))
        #expect(reply.status == 400)
        #expect(reply.errorMessage == message)
    }
}
