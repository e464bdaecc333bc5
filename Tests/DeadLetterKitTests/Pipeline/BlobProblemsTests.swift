import XCTest
@testable import DeadLetterKit

/// A blob's problems: all counted, the first 20 described, the blob's own name not repeated in its reason.
final class BlobProblemsTests: XCTestCase {
    func testEveryProblemIsCountedButOnlyTheFirst20AreDescribedOrEvenBuilt() {
        var problems = BlobProblems()
        XCTAssertTrue(problems.isEmpty)
        var built = 0
        func describe(_ index: Int) -> String {
            built += 1
            return "value \(index) is not a dead letter"
        }
        for index in 0..<100_000 { problems.record(describe(index)) }
        XCTAssertEqual(problems.count, 100_000)
        XCTAssertEqual(problems.described.count, BlobProblems.describedLimit)
        XCTAssertEqual(built, BlobProblems.describedLimit, "descriptions past the limit are never built")
        let reason = problems.reason()
        XCTAssertTrue(reason.hasPrefix("value 0 is not a dead letter; value 1 is not"), reason)
        XCTAssertTrue(reason.hasSuffix("value 19 is not a dead letter; … and 99980 more"), reason)
    }

    func testTheReasonDropsTheBlobsOwnNameAndHasNoCountWhenAllAreShown() {
        var problems = BlobProblems()
        problems.record("blob a/b.json: truncated at offset 12")
        problems.record("blob a/b.json, value 3: not an object")
        problems.record("blob other.json: kept as is")
        XCTAssertEqual(problems.reason(blobName: "a/b.json"),
                       "truncated at offset 12; value 3: not an object; blob other.json: kept as is")
    }

    func testTheClassifierCountsEveryNonEventButDescribesOnlyTheFirst() throws {
        let classifier = EventClassifier(filter: .all)
        var decoder = DeadLetterDecoder(origin: DeadLetterOrigin(source: "test", blobName: "b.json"), input: .blob,
                                        options: JSONDecodingOptions())
        var tally = ScanTally()
        var problems = BlobProblems()
        let text = "[" + (0..<500).map { #"{"n":\#($0)}"# }.joined(separator: ",") + "]"
        var passedOn = 0
        try decoder.feed(Array(text.utf8)) { item in
            if classifier.take(item, into: &tally, problems: &problems) != nil { passedOn += 1 }
        }
        try decoder.finish { item in
            if classifier.take(item, into: &tally, problems: &problems) != nil { passedOn += 1 }
        }
        XCTAssertEqual(passedOn, 0)
        XCTAssertEqual(tally.eventsRead, 500)
        XCTAssertEqual(tally.skipped[SkipReason.notADeadLetter], 500)
        XCTAssertEqual(problems.count, 500)
        XCTAssertEqual(problems.described.count, 20)
        XCTAssertTrue(problems.reason().hasSuffix("; … and 480 more"), problems.reason())
    }
}
