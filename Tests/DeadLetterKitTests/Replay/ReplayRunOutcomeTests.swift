import AzureEmulator
import XCTest
@testable import DeadLetterKit

/// How a run reports itself: progress snapshots while it runs, and a source that breaks part-way.
final class ReplayRunOutcomeTests: XCTestCase {
    private var harness: ReplayEmulatorHarness!

    override func setUp() async throws { harness = try await ReplayEmulatorHarness.start() }
    override func tearDown() async throws { try await harness.shutdown() }

    func testProgressIsReportedUntilTheEnd() async throws {
        let log = ReplayProgressLog()
        let configuration = ReplayConfiguration(expectedEvents: 3000)
        let summary = try await harness.runner(try harness.eventHubsTarget(settings: ReplayTargetSettings(maxBatchEvents: 100)),
                                               configuration: configuration)
            .run(events: ReplayTestSource(letters: ReplayTestEvents.twinUpdates(3000))) { log.record($0) }
        XCTAssertEqual(summary.sent, 3000)
        let snapshots = log.all
        XCTAssertGreaterThanOrEqual(snapshots.count, 30, "at least one per batch")
        XCTAssertEqual(snapshots.last?.acknowledged, 3000)
        XCTAssertEqual(snapshots.last?.selected, 3000)
        XCTAssertEqual(snapshots.last?.sent, 3000)
        XCTAssertTrue(snapshots.contains { $0.estimatedRemaining != nil && $0.eventsPerSecond > 0 }, "an ETA once a rate is known")
        XCTAssertEqual(snapshots.map(\.acknowledged), snapshots.map(\.acknowledged).sorted(), "never goes backwards")
    }

    func testSourceFailureStopsAfterDeliveringWhatWasRead() async throws {
        var source = ReplayTestSource(letters: ReplayTestEvents.twinUpdates(100))
        source.failAfter = 30
        let summary = try await harness.runner(try harness.eventHubsTarget()).run(events: source)
        guard case .sourceFailed(let message) = summary.stop else { return XCTFail("\(summary.stop)") }
        XCTAssertTrue(message.contains("after 30 events") && message.contains("the test source broke"), message)
        XCTAssertEqual(summary.sent, 30, "what was read before the failure is still delivered")
        XCTAssertEqual(summary.exitCode, 3)
        let received = await harness.received("replay-hub").count
        XCTAssertEqual(received, 30)
    }

    func testSummaryJSONIsComplete() async throws {
        let summary = try await harness.runner(try harness.eventGridTarget()).run(events: ReplayTestSource(letters: ReplayTestEvents.twinUpdates(5)))
        let json = summary.json.rendered(pretty: false)
        for member in [#""selected":5"#, #""sent":5"#, #""skipped":0"#, #""failed":0"#, #""stop":"completed""#, #""exitCode":0"#, #""batches":1"#] {
            XCTAssertTrue(json.contains(member), "\(member) in \(json)")
        }
        XCTAssertTrue(summary.text().contains("selected"))
    }
}
