import XCTest
@testable import DeadLetterKit

final class BlobLayoutParserTests: XCTestCase {
    private func location(_ name: String, layout: BlobLayoutKind? = nil, file: StaticString = #filePath,
                          line: UInt = #line) throws -> BlobLocation {
        switch BlobLayoutParser.parse(name, layout: layout) {
        case .success(let location): return location
        case .failure(let mismatch):
            XCTFail("'\(name)' did not parse: \(mismatch)", file: file, line: line)
            throw mismatch
        }
    }

    private func mismatch(_ name: String, layout: BlobLayoutKind? = nil) -> BlobLayoutMismatch? {
        if case .failure(let mismatch) = BlobLayoutParser.parse(name, layout: layout) { return mismatch }
        return nil
    }

    func testADTPathUnpaddedAndPadded() throws {
        let unpadded = try location("ep1/2024/1/5/3/7f3c1b2e-event.json")
        XCTAssertEqual(unpadded.kind, .adt)
        XCTAssertEqual(unpadded.group, "ep1")
        XCTAssertEqual(unpadded.endpointOrSubscription, "ep1")
        XCTAssertEqual([unpadded.year, unpadded.month, unpadded.day, unpadded.hour], [2024, 1, 5, 3])
        XCTAssertEqual(unpadded.fileStem, "7f3c1b2e-event")
        XCTAssertEqual(unpadded.folderHour, DeadLetterTree.utc(2024, 1, 5, 3))

        let padded = try location("ep1/2024/01/05/03/7f3c1b2e-event.json")
        XCTAssertEqual(padded.folderHour, unpadded.folderHour)
        XCTAssertEqual(padded.normalizedHourKey, "ep1/2024/01/05/03")
        XCTAssertEqual(unpadded.normalizedHourKey, padded.normalizedHourKey)
    }

    func testEventGridDocumentedPaths() throws {
        // /work/shared/fixtures/events/eventgrid/paths.txt, line by line.
        let withLeadingSegment = try location("eventgridtoasb/ASB-SUB-2-STORAGE/2019/6/13/5/e3b13e86-a4b8-429d-a6c2-74ba646f1c5e.json")
        XCTAssertEqual(withLeadingSegment.kind, .eventGrid)
        XCTAssertEqual(withLeadingSegment.groupSegments, ["eventgridtoasb", "ASB-SUB-2-STORAGE"])
        XCTAssertEqual(withLeadingSegment.endpointOrSubscription, "ASB-SUB-2-STORAGE")
        XCTAssertEqual(withLeadingSegment.folderHour, DeadLetterTree.utc(2019, 6, 13, 5))

        // The docs' GUID has a 9-digit first group; it must still count as Event Grid.
        let docExample = try location("myblobcontainer/MY-BLOB-SUBSCRIPTION/2019/8/8/5/111111111-1111-1111-1111-111111111111.json")
        XCTAssertEqual(docExample.kind, .eventGrid)
        XCTAssertEqual(docExample.group, "myblobcontainer/MY-BLOB-SUBSCRIPTION")

        let namespace = try location("/<mycontainer/mynamespace/mytopic/myeventsubscription/2023/9/23/2/480b2295-0c38-40d0-b25a-f34b30aac1a9.json")
        XCTAssertEqual(namespace.kind, .eventGridNamespace)
        XCTAssertEqual(namespace.namespaceTopicSubscription?.namespace, "mynamespace")
        XCTAssertEqual(namespace.namespaceTopicSubscription?.topic, "mytopic")
        XCTAssertEqual(namespace.namespaceTopicSubscription?.subscription, "myeventsubscription")
        XCTAssertEqual(namespace.folderHour, DeadLetterTree.utc(2023, 9, 23, 2))
    }

    func testSingleUpperCaseSegmentWithGUIDIsEventGrid() throws {
        let eventGrid = try location("MY-BLOB-SUBSCRIPTION/2019/8/8/5/e3b13e86-a4b8-429d-a6c2-74ba646f1c5e.json")
        XCTAssertEqual(eventGrid.kind, .eventGrid)
        XCTAssertEqual(eventGrid.group, "MY-BLOB-SUBSCRIPTION")
        XCTAssertNil(eventGrid.namespaceTopicSubscription)
    }

    func testDetectionFallsBackToADT() throws {
        // Lower-case endpoint with GUID event ids (ADT's usual shape).
        XCTAssertEqual(try location("twins-ep/2024/1/5/13/e3b13e86-a4b8-429d-a6c2-74ba646f1c5e.json").kind, .adt)
        // Upper-case endpoint whose file names are not GUIDs.
        XCTAssertEqual(try location("TWINS/2024/1/5/13/twin-42-update.json").kind, .adt)
        // Digits only is no evidence of upper case.
        XCTAssertEqual(try location("2-3/2024/1/5/13/e3b13e86-a4b8-429d-a6c2-74ba646f1c5e.json").kind, .adt)
    }

    func testForcedLayoutOverridesDetection() throws {
        let forced = try location("MY-SUB/2019/8/8/5/e3b13e86-a4b8-429d-a6c2-74ba646f1c5e.json", layout: .adt)
        XCTAssertEqual(forced.kind, .adt)
        XCTAssertEqual(try location("ns/topic/SUB/2024/1/1/0/x.json", layout: .eventGrid).kind, .eventGrid)
        XCTAssertEqual(mismatch("ep1/2024/1/1/0/x.json", layout: .eventGridNamespace),
                       .tooFewGroupSegments(layout: .eventGridNamespace, found: 1))
    }

    func testBadNumbersAreRejectedWithTheFolderNamed() {
        XCTAssertEqual(mismatch("ep1/24/1/5/3/x.json"), .invalidYear("24"))
        XCTAssertEqual(mismatch("ep1/02024/1/5/3/x.json"), .invalidYear("02024"))
        XCTAssertEqual(mismatch("ep1/2024/13/5/3/x.json"), .invalidMonth("13"))
        XCTAssertEqual(mismatch("ep1/2024/0/5/3/x.json"), .invalidMonth("0"))
        XCTAssertEqual(mismatch("ep1/2024/007/5/3/x.json"), .invalidMonth("007"))
        XCTAssertEqual(mismatch("ep1/2024/4/31/3/x.json"), .invalidDay("31", year: 2024, month: 4))
        XCTAssertEqual(mismatch("ep1/2023/2/29/3/x.json"), .invalidDay("29", year: 2023, month: 2))
        XCTAssertEqual(mismatch("ep1/2024/1/0/3/x.json"), .invalidDay("0", year: 2024, month: 1))
        XCTAssertEqual(mismatch("ep1/2024/1/5/24/x.json"), .invalidHour("24"))
        XCTAssertEqual(mismatch("ep1/2024/1/5/+3/x.json"), .invalidHour("+3"))
        XCTAssertEqual(mismatch("ep1/2024/1/5/٣/x.json"), .invalidHour("٣"))
        // Leap day is fine in a leap year, and hour 0 / 23 are the bounds.
        XCTAssertNotNil(try? BlobLayoutParser.parse("ep1/2024/2/29/0/x.json").get())
        XCTAssertNotNil(try? BlobLayoutParser.parse("ep1/2024/12/31/23/x.json").get())
        XCTAssertTrue(BlobLayoutMismatch.invalidDay("31", year: 2024, month: 4).description.contains("2024-04"))
    }

    func testTooFewSegmentsNonJSONAndEmptyGroup() {
        XCTAssertEqual(mismatch("2024/1/5/3/x.json"), .tooFewSegments(found: 5))
        XCTAssertEqual(mismatch("ep1/2024/1/5/x.json"), .tooFewSegments(found: 5))
        XCTAssertEqual(mismatch("x.json"), .tooFewSegments(found: 1))
        XCTAssertEqual(mismatch("ep1/2024/1/5/3/x.txt"), .notJSON(fileName: "x.txt"))
        XCTAssertEqual(mismatch("ep1/2024/1/5/3/.json"), .notJSON(fileName: ".json"))
        XCTAssertEqual(mismatch("ep1/2024/1/5/3/"), .notJSON(fileName: ""))
        XCTAssertEqual(mismatch(".DS_Store"), .notJSON(fileName: ".DS_Store"))
        XCTAssertEqual(mismatch("/2024/1/5/3/x.json"), .emptyGroupName)
        XCTAssertEqual(try BlobLayoutParser.parse("ep1/2024/1/5/3/X.JSON").get().fileStem, "X")
    }

    func testNamespaceAndLayoutNames() throws {
        let namespace = try location("ns1/orders/audit-sub/2024/02/03/04/480b2295-0c38-40d0-b25a-f34b30aac1a9.json")
        XCTAssertEqual(namespace.kind, .eventGridNamespace)
        XCTAssertEqual(namespace.group, "ns1/orders/audit-sub")
        XCTAssertEqual(BlobLayoutKind(userText: "event-grid"), .eventGrid)
        XCTAssertEqual(BlobLayoutKind(userText: "Namespace"), .eventGridNamespace)
        XCTAssertEqual(BlobLayoutKind(userText: "ADT"), .adt)
        XCTAssertNil(BlobLayoutKind(userText: "servicebus"))
    }

    func testNormalizedHourKeyIgnoresCaseAndPadding() throws {
        let upper = try location("MY-SUB/2019/8/8/5/e3b13e86-a4b8-429d-a6c2-74ba646f1c5e.json")
        let lower = try location("my-sub/2019/08/08/05/other.json")
        XCTAssertEqual(upper.normalizedHourKey, lower.normalizedHourKey)
        XCTAssertEqual(upper.normalizedHourKey, "my-sub/2019/08/08/05")
    }
}
