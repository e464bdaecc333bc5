import XCTest
@testable import DeadLetterKit

final class ReplayBlobTrackerTests: XCTestCase {
    private let a = ReplayBlobReference(source: "https://acct.blob.core.windows.net/dl", blobName: "a.json", etag: "\"0x1\"")
    private let b = ReplayBlobReference(source: "https://acct.blob.core.windows.net/dl", blobName: "b.json", etag: "\"0x2\"")

    func testNoVerdictBeforeTheBlobIsSealed() {
        var tracker = ReplayBlobTracker()
        XCTAssertEqual(tracker.selected(a), [])
        XCTAssertEqual(tracker.selected(a), [])
        XCTAssertNil(tracker.acknowledged(a))
        // Both acknowledged, but more events of `a` might still come from the source.
        XCTAssertNil(tracker.acknowledged(a))
        XCTAssertEqual(tracker.selected(b), [.complete(a, events: 2)])
    }

    func testNoVerdictWhileEventsAreOutstanding() {
        var tracker = ReplayBlobTracker()
        _ = tracker.selected(a)
        _ = tracker.selected(a)
        XCTAssertEqual(tracker.selected(b), [], "a is sealed but both its events are in flight")
        XCTAssertNil(tracker.acknowledged(a))
        XCTAssertEqual(tracker.acknowledged(a), .complete(a, events: 2))
        XCTAssertEqual(tracker.trackedBlobs, 1)
    }

    func testAFailedEventKeepsTheBlob() {
        var tracker = ReplayBlobTracker()
        _ = tracker.selected(a)
        _ = tracker.selected(a)
        _ = tracker.selected(a)
        XCTAssertNil(tracker.acknowledged(a))
        XCTAssertNil(tracker.failed(a))
        XCTAssertEqual(tracker.finish(), [])
        XCTAssertEqual(tracker.acknowledged(a), .keep(a, failed: 1, events: 3))
    }

    func testRunStoppedEarlyLeavesBlobsUnresolved() {
        var tracker = ReplayBlobTracker()
        _ = tracker.selected(a)
        _ = tracker.selected(b)
        XCTAssertEqual(tracker.unresolved.map(\.blobName).sorted(), ["a.json", "b.json"])
    }

    func testEventsOfAnUnknownBlobAreIgnored() {
        var tracker = ReplayBlobTracker()
        XCTAssertNil(tracker.acknowledged(a))
        XCTAssertNil(tracker.failed(b))
    }
}
