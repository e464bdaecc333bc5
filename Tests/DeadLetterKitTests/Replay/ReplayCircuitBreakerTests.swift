import AzureEmulator
import Foundation
import XCTest
@testable import DeadLetterKit

/// The circuit breaker: a target that keeps timing out (a slow-loris sink) or refusing connections stops the run
/// after `maxConsecutiveFailures` batches in a row, and every event not sent is recorded with the reason.
final class ReplayCircuitBreakerTests: XCTestCase {
    func testTheBreakerOpensAfterTheThresholdInARowAndAnAnswerResetsTheCount() {
        let breaker = ReplayCircuitBreaker(threshold: 3, attemptsPerBatch: 10)
        breaker.batchFailedInTransport(last: "read timed out")
        breaker.batchFailedInTransport(last: "read timed out")
        breaker.targetAnswered()
        breaker.batchFailedInTransport(last: "read timed out")
        breaker.batchFailedInTransport(last: "read timed out")
        XCTAssertFalse(breaker.isOpen, "an answer in between starts the count again")
        breaker.batchFailedInTransport(last: "connection refused")
        XCTAssertEqual(breaker.reason, "3 batches in a row failed with timeouts or connection failures (last: connection refused); "
                       + "stopped sending (--max-consecutive-failures 3)")
        breaker.targetAnswered()
        XCTAssertTrue(breaker.isOpen, "once open it stays open")

        let never = ReplayCircuitBreaker(threshold: 0, attemptsPerBatch: 10)
        for _ in 0..<100 {
            never.batchFailedInTransport(last: "read timed out")
            never.attemptEnded(with: .connection(.readTimeout), last: "read timed out")
        }
        XCTAssertFalse(never.isOpen)
    }

    func testUnansweredAttemptsAcrossBatchesOpenTheBreakerAtThresholdTimesAttempts() {
        let breaker = ReplayCircuitBreaker(threshold: 2, attemptsPerBatch: 3)
        for _ in 0..<5 { breaker.attemptEnded(with: .connection(.readTimeout), last: "read timed out") }
        breaker.attemptEnded(with: .status(503, retryAfter: nil), last: "HTTP 503")
        for _ in 0..<5 { breaker.attemptEnded(with: .connection(.connectFailed), last: "could not connect") }
        XCTAssertFalse(breaker.isOpen, "any answer, a 503 included, starts the count again")
        breaker.attemptEnded(with: .connection(.readTimeout), last: "read timed out")
        XCTAssertEqual(breaker.reason, "6 attempts in a row, across the batches in flight, got no answer (timeouts or "
                       + "connection failures; last: read timed out), as many as 2 batches' retries; stopped sending "
                       + "(--max-consecutive-failures 2)")
    }

    /// Two quick attempts per batch and a 300 ms deadline, so a hung request costs little.
    private static func configuration(maxConsecutiveFailures: Int, failed: String?) -> ReplayConfiguration {
        ReplayConfiguration(concurrency: 2, retry: RetryPolicy(maxAttempts: 2, baseDelay: .milliseconds(10), maxDelay: .milliseconds(20)),
                            requestTimeout: .milliseconds(300), maxConsecutiveFailures: maxConsecutiveFailures, failedEventsPath: failed)
    }

    private static func failedLines(_ path: String) throws -> [String] {
        try String(contentsOfFile: path, encoding: .utf8).split(separator: "\n").map(String.init)
    }

    func testAHungSinkStopsTheRunAfterKBatchesAndEveryEventIsRecordedAsNotSent() async throws {
        let harness = try await ReplayEmulatorHarness.start { $0.faults = [.eventGrid: FaultPlan(hangRate: 1)] }
        defer { Task { try? await harness.shutdown() } }
        let failed = try replayTemporaryDirectory() + "/failed.jsonl"
        let target = try harness.eventGridTarget(settings: ReplayTargetSettings(maxBatchEvents: 50))
        let summary = try await harness.runner(target, configuration: Self.configuration(maxConsecutiveFailures: 3, failed: failed))
            .run(events: ReplayTestSource(letters: ReplayTestEvents.twinUpdates(1000)))

        guard case .targetUnreachable(let reason) = summary.stop else { return XCTFail("stop: \(summary.stop)") }
        // Two batches retry side by side, so either count may open the breaker first: 3 batches or 3 × 2 attempts.
        XCTAssertTrue(reason.contains(" in a row") && reason.contains("--max-consecutive-failures 3"), reason)
        XCTAssertEqual(summary.exitCode, 2, "everything is accounted for: sent or in --failed")
        XCTAssertEqual(summary.selected, 1000)
        XCTAssertEqual(summary.sent, 0)
        XCTAssertEqual(summary.failed, 1000)
        // At most the threshold plus the batches in flight when it opened were tried, two attempts each.
        XCTAssertLessThanOrEqual(summary.requests, (3 + 2) * 2, "\(summary.requests) requests")
        let notSent = summary.failureReasons[ReplayFailure.notSent("").category] ?? 0
        XCTAssertGreaterThanOrEqual(notSent, 1000 - 5 * 50, "\(summary.failureReasons)")
        XCTAssertEqual(notSent + (summary.failureReasons[ReplayFailure.retriesExhausted(attempts: 0, last: "", mayHaveBeenDelivered: false).category] ?? 0),
                       1000, "\(summary.failureReasons)")
        XCTAssertTrue(summary.text().contains("not sent: the target stopped answering"), summary.text())

        let lines = try Self.failedLines(failed)
        XCTAssertEqual(lines.count, 1000, "every event is in --failed")
        let ids = lines.compactMap { line in line.range(of: #""id":"e\d+""#, options: .regularExpression).map { String(line[$0]) } }
        XCTAssertEqual(Set(ids).count, 1000, "each event once")
        XCTAssertEqual(lines.filter { $0.contains(#""replayError":"not sent: "#) && $0.contains(" in a row") }.count, notSent)
        let received = await harness.received("replay-topic").count
        XCTAssertEqual(received, 0, "a hung request is never processed")
    }

    /// All batches in flight at once against a sink that never answers: none gives up before its tenth attempt, so
    /// the batch count alone would wait for 8 × 10 timed-out attempts; the attempt count stops after 2 × 10.
    func testAHungSinkStopsAFirstWaveOfBatchesAllInFlight() async throws {
        let harness = try await ReplayEmulatorHarness.start { $0.faults = [.eventGrid: FaultPlan(hangRate: 1)] }
        defer { Task { try? await harness.shutdown() } }
        let target = try harness.eventGridTarget(settings: ReplayTargetSettings(maxBatchEvents: 50))
        let configuration = ReplayConfiguration(
            concurrency: 8, retry: RetryPolicy(maxAttempts: 10, baseDelay: .milliseconds(10), maxDelay: .milliseconds(20)),
            requestTimeout: .milliseconds(300), maxConsecutiveFailures: 2)
        let summary = try await harness.runner(target, configuration: configuration)
            .run(events: ReplayTestSource(letters: ReplayTestEvents.twinUpdates(400)))
        guard case .targetUnreachable(let reason) = summary.stop else { return XCTFail("stop: \(summary.stop)") }
        XCTAssertTrue(reason.hasPrefix("20 attempts in a row, across the batches in flight, got no answer"), reason)
        XCTAssertEqual(summary.failed, 400)
        XCTAssertEqual(summary.exitCode, 2)
        // The 20 unanswered attempts, plus at most one more per batch already sent when the breaker opened.
        XCTAssertLessThanOrEqual(summary.requests, 20 + 8, "\(summary.requests) requests")
        XCTAssertGreaterThanOrEqual(summary.requests, 20)
    }

    func testWithZeroTheRunTriesEveryBatch() async throws {
        let harness = try await ReplayEmulatorHarness.start { $0.faults = [.eventGrid: FaultPlan(hangRate: 1)] }
        defer { Task { try? await harness.shutdown() } }
        let target = try harness.eventGridTarget(settings: ReplayTargetSettings(maxBatchEvents: 50))
        let summary = try await harness.runner(target, configuration: Self.configuration(maxConsecutiveFailures: 0, failed: nil))
            .run(events: ReplayTestSource(letters: ReplayTestEvents.twinUpdates(400)))
        XCTAssertEqual(summary.stop, .completed)
        XCTAssertEqual(summary.exitCode, 2)
        XCTAssertEqual(summary.failed, 400)
        XCTAssertEqual(summary.requests, 8 * 2, "every batch was tried, twice")
        XCTAssertNil(summary.failureReasons[ReplayFailure.notSent("").category])
    }

    func testRefusedConnectionsOpenTheCircuitToo() async throws {
        let harness = try await ReplayEmulatorHarness.start()
        defer { Task { try? await harness.shutdown() } }
        // A port nothing listens on: every connection is refused.
        let target = try harness.target("eventgrid:http://127.0.0.1:1/replay-topic/api/events",
                                        environment: ["DEADLETTER_TARGET_KEY": SinkConfiguration.defaultEventGridKey],
                                        settings: ReplayTargetSettings(maxBatchEvents: 50))
        let summary = try await harness.runner(target, configuration: Self.configuration(maxConsecutiveFailures: 2, failed: nil))
            .run(events: ReplayTestSource(letters: ReplayTestEvents.twinUpdates(500)))
        guard case .targetUnreachable(let reason) = summary.stop else { return XCTFail("stop: \(summary.stop)") }
        XCTAssertTrue(reason.contains("2 batches in a row") || reason.contains("4 attempts in a row"), reason)
        XCTAssertEqual(summary.failed, 500)
        XCTAssertEqual(summary.sent, 0)
        XCTAssertEqual(summary.exitCode, 2)
    }

    func testAnsweringBatchesBetweenTimeoutsKeepTheCircuitClosed() async throws {
        // About a third of the requests hang: batches get through on a later attempt, none gives up, the run completes.
        let harness = try await ReplayEmulatorHarness.start { $0.faults = [.eventGrid: FaultPlan(hangRate: 0.3)]; $0.seed = 11 }
        defer { Task { try? await harness.shutdown() } }
        let target = try harness.eventGridTarget(settings: ReplayTargetSettings(maxBatchEvents: 50))
        var configuration = Self.configuration(maxConsecutiveFailures: 2, failed: nil)
        configuration.retry = RetryPolicy(maxAttempts: 8, baseDelay: .milliseconds(10), maxDelay: .milliseconds(20))
        let summary = try await harness.runner(target, configuration: configuration)
            .run(events: ReplayTestSource(letters: ReplayTestEvents.twinUpdates(500)))
        XCTAssertEqual(summary.stop, .completed, "\(summary.failureReasons)")
        XCTAssertEqual(summary.sent, 500)
        XCTAssertGreaterThan(summary.retries, 0, "some requests hung and were retried")
    }
}
