import AsyncHTTPClient
import XCTest
@testable import DeadLetterKit

final class ReplayDryRunTests: XCTestCase {
    func testDryRunCountsWithoutSending() async throws {
        let http = HTTPClient(eventLoopGroupProvider: .singleton)
        // Nothing listens here: a dry run must not try.
        let target = MessagingTarget(kind: .eventHubs, entityURL: "http://127.0.0.1:9/h", credential: .sharedAccessKey(keyName: "p", key: "k", variable: "V"),
                                     settings: ReplayTargetSettings(maxBatchEvents: 4, eventHubsMaxBytes: 3000))
        var letters = ReplayTestEvents.twinUpdates(10)
        letters.append(ReplayTestEvents.letter(ReplayTestEvents.twinUpdateJSON(id: "big", twin: "t", padding: 4000), blob: "big.json"))
        letters.append(ReplayTestEvents.letter(#"{"hello":"world"}"#, blob: "odd.json"))
        let report = try await ReplayRunner(configuration: ReplayConfiguration(), target: target, journal: nil, httpClient: http)
            .dryRun(events: ReplayTestSource(letters: letters))
        try await http.shutdown()
        XCTAssertEqual(report.selected, 12)
        XCTAssertEqual(report.sendable, 10)
        XCTAssertEqual(report.batches, 3)
        XCTAssertEqual(report.byType, ["Microsoft.DigitalTwins.Twin.Update": 10])
        XCTAssertEqual(report.byReason, ["MaxDeliveryAttemptsExceeded": 10])
        XCTAssertEqual(report.unsendable, ["too large": 1, "cannot be expressed for the target": 1])
        let expectedBytes = try letters.prefix(10).reduce(0) { $0 + (try target.encode($1)).count } + 3 * 2 + (10 - 3)
        XCTAssertEqual(report.bytes, expectedBytes)
        XCTAssertTrue(report.text().contains("would send"))
    }
}
