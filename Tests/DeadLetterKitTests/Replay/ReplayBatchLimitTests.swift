import AzureEmulator
import XCTest
@testable import DeadLetterKit

/// Size limits through the emulator: 413 splits, an oversized event failing alone, 400 bisection.
final class ReplayBatchLimitTests: XCTestCase {
    private var harness: ReplayEmulatorHarness!
    private var directory: String!

    override func setUp() async throws {
        directory = try replayTemporaryDirectory()
        harness = try await ReplayEmulatorHarness.start { configuration in
            // A topic whose requests may be 4 KB at most, and a queue whose messages may be 2 KB at most, while the
            // client believes the documented limits: the service's own answers must make it adapt.
            configuration.sinks.eventGridTopics["small-topic"] = EventGridTopicConfig(keys: [SinkConfiguration.defaultEventGridKey], maxRequestBytes: 4000)
            configuration.sinks.messagingEntities["small-queue"] = MessagingEntityConfig(kind: .serviceBusQueue, maxMessageBytes: 2000)
        }
    }

    override func tearDown() async throws {
        try await harness.shutdown()
        try? FileManager.default.removeItem(atPath: directory)
    }

    func testRequestTooLargeIsSplitUntilItFits() async throws {
        let letters = ReplayTestEvents.twinUpdates(50)
        let summary = try await harness.runner(try harness.eventGridTarget(topic: "small-topic")).run(events: ReplayTestSource(letters: letters))
        XCTAssertEqual(summary.sent, 50)
        XCTAssertEqual(summary.failed, 0)
        XCTAssertGreaterThan(summary.splits, 0)
        let ids = await harness.received("small-topic").map { ReplayTestEvents.id(ofCloudEvent: $0.body) }
        XCTAssertEqual(ids, letters.map(\.attributes.id), "every event once, in source order")
        let tooLargeRefusals = await harness.server.sinks.counters("small-topic").rejected["requestTooLarge"] ?? 0
        XCTAssertGreaterThan(tooLargeRefusals, 0)
    }

    func testEventOverThePerEventLimitFailsAloneAndIsNotSent() async throws {
        var letters = ReplayTestEvents.twinUpdates(10)
        letters[4] = ReplayTestEvents.letter(ReplayTestEvents.twinUpdateJSON(id: "big", twin: "t", padding: 5000), blob: "ep/big.json")
        let failedPath = directory + "/failed.jsonl"
        let target = try harness.eventHubsTarget(settings: ReplayTargetSettings(eventHubsMaxBytes: 3000))
        let summary = try await harness.runner(target, configuration: ReplayConfiguration(failedEventsPath: failedPath))
            .run(events: ReplayTestSource(letters: letters))
        XCTAssertEqual(summary.sent, 9)
        XCTAssertEqual(summary.failed, 1)
        XCTAssertEqual(summary.failureReasons, ["too large": 1])
        XCTAssertEqual(summary.exitCode, 2)
        let bigWasSent = await harness.received("replay-hub").contains { $0.userProperties["cloudEvents:id"] == .string("big") }
        XCTAssertFalse(bigWasSent)
        let lines = try String(contentsOfFile: failedPath, encoding: .utf8).split(separator: "\n")
        XCTAssertEqual(lines.count, 1)
        let record = try ExportRecord.decode(line: Array(lines[0].utf8), source: failedPath)
        XCTAssertEqual(record.attributes.id, "big")
        XCTAssertEqual(record.origin.blobName, "ep/big.json", "ready to replay: the record keeps its origin")
        XCTAssertTrue(lines[0].contains(#""replayError":"the event is "#), String(lines[0]))
    }

    func testBadRequestIsBisectedToTheOffendingEvent() async throws {
        var letters = ReplayTestEvents.twinUpdates(40)
        let bad = ReplayTestEvents.twinUpdateJSON(id: "bad", twin: "t").replacingOccurrences(of: "2024-01-05T13:00:00.1234567Z", with: "yesterday")
        letters[17] = ReplayTestEvents.letter(bad, blob: "ep/bad.json")
        let failedPath = directory + "/failed.jsonl"
        let summary = try await harness.runner(try harness.eventGridTarget(), configuration: ReplayConfiguration(failedEventsPath: failedPath))
            .run(events: ReplayTestSource(letters: letters))
        XCTAssertEqual(summary.sent, 39)
        XCTAssertEqual(summary.failed, 1)
        XCTAssertEqual(summary.failureReasons, ["rejected by the destination (HTTP 400)": 1])
        XCTAssertLessThanOrEqual(summary.requests, 1 + 2 * 6, "bisection costs about two requests per level")
        let ids = await harness.received("replay-topic").compactMap { ReplayTestEvents.id(ofCloudEvent: $0.body) }
        XCTAssertEqual(ids, letters.map(\.attributes.id!).filter { $0 != "bad" })
        let line = try String(contentsOfFile: failedPath, encoding: .utf8)
        XCTAssertTrue(line.contains("time"), "the reason quotes what the service said: \(line)")
        XCTAssertEqual(try ExportRecord.decode(line: Array(line.utf8.dropLast()), source: failedPath).attributes.id, "bad")
    }

    func testServiceBusMessageSizeRefusalIsSplitToTheEvent() async throws {
        var letters = ReplayTestEvents.twinUpdates(6)
        letters[2] = ReplayTestEvents.letter(ReplayTestEvents.twinUpdateJSON(id: "wide", twin: "t", padding: 2500), blob: "ep/wide.json")
        let target = try harness.target("servicebus", environment: ["DEADLETTER_TARGET_CONNECTION_STRING": harness.connectionString(entity: "small-queue")])
        let summary = try await harness.runner(target).run(events: ReplayTestSource(letters: letters))
        XCTAssertEqual(summary.sent, 5)
        XCTAssertEqual(summary.failureReasons, ["refused as too large (HTTP 403)": 1], "403 MessageSizeExceeded is a size answer, not an auth failure")
        XCTAssertEqual(summary.stop, .completed)
    }
}
