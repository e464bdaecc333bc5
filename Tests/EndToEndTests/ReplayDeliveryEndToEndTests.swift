import AzureEmulator
import Foundation
import XCTest

/// Delivery under pressure through the executable: 20% injected faults (503, 429, dropped connections) lose
/// nothing, and events that together exceed Event Grid's 1 MB request limit go in several requests, none refused.
final class ReplayDeliveryEndToEndTests: XCTestCase {
    static let emulator = EndToEndEmulator()

    override class func tearDown() {
        emulator.stopAndWait()
        super.tearDown()
    }

    typealias Sinks = ReplaySinkAddresses

    func testTwentyPercentFaultsLoseNothingAndDuplicatesStayWithinThosePossible() async throws {
        let context = try await Self.emulator.start()
        await context.resetSinks()
        let directory = try context.scratchDirectory()
        let source = directory.appendingPathComponent("outage.jsonl")
        let events = 1000
        try ReplayGeneratedExport.write(count: events, to: source)
        let expectedIDs = Set(try ReplayGeneratedExport.eventIDs(source))
        await context.server.setFaults(FaultPlan(serverBusyRate: 0.07, throttleRate: 0.07, dropRate: 0.06, retryAfterSeconds: 0), for: .eventHubs)
        let result = try await context.replay(
            ["replay", source.path, "--to", "eventhubs", "--max-batch-events", "25", "--concurrency", "4",
             "--journal", directory.appendingPathComponent("j").path, "--format", "json", "-q"],
            target: Sinks.connectionStringVariable(context.sinkAddresses.connectionString(entity: Sinks.eventHub)), home: directory)
        XCTAssertEqual(result.exitCode, 0, result.transcript)
        let summary = ReplayReportReading.replayObject(result)
        XCTAssertEqual(summary["sent"] as? Int, events, result.transcript)
        let retries = summary["retries"] as? Int ?? 0
        XCTAssertGreaterThan(retries, 0, "faults were injected and retried\n\(result.transcript)")
        XCTAssertGreaterThan(summary["throttled"] as? Int ?? 0, 0, result.transcript)

        let arrivals = await context.received(Sinks.eventHub).eventIDs
        XCTAssertEqual(Set(arrivals), expectedIDs, "every event arrived at least once")
        let possible = summary["possibleDuplicates"] as? Int ?? 0
        XCTAssertLessThanOrEqual(arrivals.count - expectedIDs.count, possible, "each duplicate was announced as possible")
    }

    func testEventsOverOneMegabyteTogetherAreSplitAcrossRequestsWithinTheLimit() async throws {
        let context = try await Self.emulator.start()
        await context.resetSinks()
        let directory = try context.scratchDirectory()
        // Eight events of about 300 KB each: 2.4 MB in all, at most three per 1 MB request.
        let blobs = (1...8).map { number -> (name: String, bytes: String) in
            let event = EndToEndEvent.cloudEvent(id: "wide-\(number)", type: "Microsoft.DigitalTwins.Twin.Update", subject: "room-\(number)",
                                                 time: "2026-01-10T03:30:00Z", data: "{\"blob\":\"" + String(repeating: "z", count: 300_000) + "\"}")
            return ("ep-alpha/2026/1/10/3/wide-\(number).json", event.stored)
        }
        let container = try await ReplayContainerSeeding.seed(context, prefix: "wide", blobs: blobs)
        let result = try await context.replay(
            ["replay", context.url(container), "--to", context.sinkAddresses.eventGrid(), "--no-journal", "--format", "json", "-q"],
            target: Sinks.eventGridKey(), home: directory)
        XCTAssertEqual(result.exitCode, 0, result.transcript)
        let summary = ReplayReportReading.replayObject(result)
        XCTAssertEqual(summary["sent"] as? Int, 8, result.transcript)
        XCTAssertGreaterThanOrEqual(summary["batches"] as? Int ?? 0, 3, result.transcript)
        XCTAssertEqual(summary["splits"] as? Int, 0, "batches were cut to the limit before sending, not after a 413\n\(result.transcript)")
        let counters = await context.server.sinks.counters(Sinks.eventGridTopic)
        XCTAssertEqual(counters.rejectedTotal, 0, counters.json)
        XCTAssertEqual(counters.requests, summary["batches"] as? Int)
        let received = await context.received(Sinks.eventGridTopic)
        XCTAssertEqual(Set(received.eventIDs), Set((1...8).map { "wide-\($0)" }))
    }
}
