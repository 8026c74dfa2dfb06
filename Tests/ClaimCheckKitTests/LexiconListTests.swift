import Testing
@testable import ClaimCheckKit

/// `LexiconList.position` is written out case by case, so `MatchingLayer.listID` reads
/// an array instead of searching `allCases`: it must follow the declaration order.
struct LexiconListTests {
    @Test func positionIsTheIndexInAllCases() {
        #expect(LexiconList.allCases.map(\.position) == Array(LexiconList.allCases.indices))
    }

    @Test func listIDNamesTheListOfTheCase() {
        let matching = sharedChecker.matching
        for list in LexiconList.allCases {
            #expect(matching.listID(list) == (matching.listIDs[list.rawValue] ?? -3), "\(list)")
        }
    }
}
