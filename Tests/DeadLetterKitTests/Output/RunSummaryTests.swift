import XCTest
@testable import DeadLetterKit

final class RunSummaryTests: XCTestCase {
    static let summary = RunSummary(
        blobsListed: 1000, blobsRead: 998, eventsRead: 12_345, matched: 1234,
        skipped: ["unparseable": 3, "outside the window": 115, "not a dead letter": 3],
        failedBlobs: [
            RunSummary.FailedBlob(name: "ep1/2024/01/05/13/a.json", reason: "HTTP 403 from https://acct.blob.core.windows.net/dl/a.json?sv=2022&sig=SECRET123"),
            RunSummary.FailedBlob(name: "ep1/2024/01/05/13/b.json", reason: "download interrupted\nafter 120 bytes"),
        ],
        elapsed: .milliseconds(12_345)
    )

    func testTextExactly() {
        let expected = """
        blobs listed           1000
        blobs read              998
        events read           12345
        matched                1234
        skipped                 121
          outside the window    115
          not a dead letter       3
          unparseable             3
        blobs not read            2
        elapsed               12.3s
        2 blobs could not be read:
          ep1/2024/01/05/13/a.json: HTTP 403 from https://acct.blob.core.windows.net/dl/a.json?sv=2022&sig=REDACTED
          ep1/2024/01/05/13/b.json: download interrupted after 120 bytes

        """
        XCTAssertEqual(RunSummaryRenderer.text(Self.summary), expected)
        XCTAssertFalse(Self.summary.allBlobsRead)
        XCTAssertTrue(RunSummary(blobsListed: 1, blobsRead: 1).allBlobsRead)
    }

    func testLongFailureListsAreCutInText() {
        var summary = RunSummary(blobsListed: 30)
        summary.failedBlobs = (0..<30).map { RunSummary.FailedBlob(name: "b\($0)", reason: "not found") }
        let text = RunSummaryRenderer.text(summary, maxFailedListed: 2)
        XCTAssertTrue(text.hasSuffix("30 blobs could not be read:\n  b0: not found\n  b1: not found\n  … and 28 more (`deadletter stats` with the same source and filters and `--format json` lists them all)\n"), text)
    }

    func testJSONExactly() {
        let expected = #"{"blobsListed":1000,"blobsRead":998,"eventsRead":12345,"matched":1234,"skippedTotal":121,"#
            + #""skipped":{"outside the window":115,"not a dead letter":3,"unparseable":3},"failedBlobs":["#
            + #"{"blob":"ep1/2024/01/05/13/a.json","reason":"HTTP 403 from https://acct.blob.core.windows.net/dl/a.json?sv=2022&sig=REDACTED"},"#
            + #"{"blob":"ep1/2024/01/05/13/b.json","reason":"download interrupted\nafter 120 bytes"}],"skippedBlobs":[],"failedFolders":[],"elapsedSeconds":12.345}"#
        XCTAssertEqual(RunSummaryRenderer.json(Self.summary).rendered(pretty: false), expected)
    }

    func testShortDurations() {
        XCTAssertEqual(RunSummaryRenderer.formatSeconds(.milliseconds(45)), "0.045s")
        XCTAssertEqual(RunSummaryRenderer.formatSeconds(.milliseconds(1_950)), "2.0s")
    }
}

extension RunSummaryTests {
    func testFailedFoldersAreNamedApartFromBlobsAndMakeTheRunIncomplete() {
        var summary = RunSummary(blobsListed: 4, blobsRead: 4, eventsRead: 4, matched: 4)
        XCTAssertTrue(summary.allBlobsRead)
        summary.failedFolders = [.init(name: "ep1/2024/01/05/13/", reason: "the hour folder could not be listed: HTTP 503 from https://a/dl?sig=SECRET")]
        XCTAssertFalse(summary.allBlobsRead, "a folder's blobs are missing: exit 2")
        let text = RunSummaryRenderer.text(summary)
        XCTAssertTrue(text.contains("folders not listed"), text)
        XCTAssertTrue(text.hasSuffix("1 folder could not be listed:\n  ep1/2024/01/05/13/: the hour folder could not be listed: HTTP 503 from https://a/dl?sig=REDACTED\n"), text)
        let json = RunSummaryRenderer.json(summary).rendered(pretty: false)
        XCTAssertTrue(json.contains(#""failedFolders":[{"folder":"ep1/2024/01/05/13/","reason":"the hour folder could not be listed: HTTP 503 from https://a/dl?sig=REDACTED"}]"#), json)
    }
}
