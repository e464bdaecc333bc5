import AzureEmulator
import XCTest
@testable import DeadLetterKit

/// Rate holding and fault tolerance through the emulator.
final class ReplayFlowTests: XCTestCase {
    /// The one slow test: 2000 events at 200 events/s must take 10 s ± 5 %.
    func testRateHoldsOverTenSeconds() async throws {
        let harness = try await ReplayEmulatorHarness.start()
        let letters = ReplayTestEvents.twinUpdates(2000)
        let started = ContinuousClock.now
        let summary = try await harness.runner(try harness.eventHubsTarget(), configuration: ReplayConfiguration(concurrency: 4, eventsPerSecond: 200))
            .run(events: ReplayTestSource(letters: letters))
        let elapsed = (ContinuousClock.now - started).replaySeconds
        let received = await harness.received("replay-hub")
        try await harness.shutdown()
        XCTAssertEqual(summary.sent, 2000)
        XCTAssertEqual(received.count, 2000)
        // Measured on the sink's side, from the first event's arrival to the last one's: 1980 events after the first batch.
        let span = received.last!.receivedAt.timeIntervalSince(received.first!.receivedAt)
        let rate = Double(received.count - 20) / span
        XCTAssertEqual(rate, 200, accuracy: 10, "received at \(rate) events/s over \(span) s")
        XCTAssertEqual(elapsed, 10, accuracy: 0.5)
    }

    func testTwentyPercentFaultsLoseNothing() async throws {
        let plan = FaultPlan(serverBusyRate: 0.07, throttleRate: 0.07, dropRate: 0.06, retryAfterSeconds: 0)
        let harness = try await ReplayEmulatorHarness.start { $0.faults[.eventHubs] = plan; $0.seed = 42 }
        let letters = ReplayTestEvents.twinUpdates(3000)
        let target = try harness.eventHubsTarget(settings: ReplayTargetSettings(maxBatchEvents: 25))
        var configuration = ReplayConfiguration(concurrency: 8)
        configuration.retry = RetryPolicy(maxAttempts: 12, maxTotalTime: .seconds(60), baseDelay: .milliseconds(5), maxDelay: .milliseconds(100))
        let summary = try await harness.runner(target, configuration: configuration).run(events: ReplayTestSource(letters: letters))
        let received = await harness.received("replay-hub")
        try await harness.shutdown()

        XCTAssertEqual(summary.sent, 3000)
        XCTAssertEqual(summary.failed, 0)
        XCTAssertEqual(summary.exitCode, 0)
        XCTAssertGreaterThan(summary.throttled, 0)
        XCTAssertGreaterThan(summary.retries, 0)
        var copies: [String: Int] = [:]
        for message in received { copies[message.userProperties["cloudEvents:id"]?.stringValue ?? "?", default: 0] += 1 }
        XCTAssertEqual(Set(copies.keys), Set(letters.map { $0.attributes.id! }), "every event received at least once")
        let duplicates = received.count - copies.count
        XCTAssertLessThanOrEqual(duplicates, summary.possibleDuplicates, "every actual duplicate was counted as possible")
        print("faults: \(summary.requests) requests, \(summary.retries) retries, \(summary.throttled) throttled, "
              + "\(duplicates) duplicates received, \(summary.possibleDuplicates) counted as possible")
    }

    /// A quick throughput figure (debug build, emulator in the same process): 20,000 events into each sink.
    func testThroughputIntoTheSinks() async throws {
        let harness = try await ReplayEmulatorHarness.start()
        let letters = ReplayTestEvents.twinUpdates(20_000)
        let targets = [("Event Hubs", try harness.eventHubsTarget()), ("Event Grid", try harness.eventGridTarget())]
        for (name, target) in targets {
            let summary = try await harness.runner(target, configuration: ReplayConfiguration(concurrency: 8))
                .run(events: ReplayTestSource(letters: letters))
            XCTAssertEqual(summary.sent, 20_000)
            print("throughput: \(Int(summary.eventsPerSecond)) events/s into the \(name) sink (\(summary.batches) batches, \(summary.bytes) bytes)")
        }
        try await harness.shutdown()
    }
}
