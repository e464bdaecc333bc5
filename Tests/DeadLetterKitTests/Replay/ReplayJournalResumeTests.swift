import AzureEmulator
import XCTest
@testable import DeadLetterKit

/// A run stopped part-way, then run again with the same journal: everything delivered, nothing lost, and only the
/// batches that were in flight when it stopped may arrive twice.
final class ReplayJournalResumeTests: XCTestCase {
    private var harness: ReplayEmulatorHarness!
    private var directory: String!

    override func setUp() async throws {
        directory = try replayTemporaryDirectory()
        // 15 ms per request keeps the run going long enough to be interrupted in the middle.
        harness = try await ReplayEmulatorHarness.start { $0.faults[.eventHubs] = FaultPlan(latencyMilliseconds: 15) }
    }

    override func tearDown() async throws {
        try await harness.shutdown()
        try? FileManager.default.removeItem(atPath: directory)
    }

    private static let batchEvents = 20
    private static let concurrency = 4

    private func runner(_ journal: ReplayJournal, cancellation: ReplayCancellation? = nil) throws -> ReplayRunner {
        harness.runner(try harness.eventHubsTarget(settings: ReplayTargetSettings(maxBatchEvents: Self.batchEvents)),
                       configuration: ReplayConfiguration(concurrency: Self.concurrency), journal: journal, cancellation: cancellation)
    }

    private func waitUntilReceived(atLeast count: Int) async throws {
        while await harness.received("replay-hub").count < count { try await Task.sleep(for: .milliseconds(5)) }
    }

    func testCancelledTaskThenRerunDeliversEverything() async throws {
        let letters = ReplayTestEvents.twinUpdates(2000)
        let path = directory + "/replay.journal"
        let identity = ReplayJournal.identity(source: "test", target: "eventhubs")

        let firstJournal = try ReplayJournal.open(path: path, identity: identity)
        let firstRunner = try runner(firstJournal)
        let first = Task { try await firstRunner.run(events: ReplayTestSource(letters: letters)) }
        try await waitUntilReceived(atLeast: 500)
        first.cancel()
        let interrupted = try await first.value
        await firstJournal.close()
        XCTAssertEqual(interrupted.stop, .interrupted)
        XCTAssertEqual(interrupted.exitCode, 3)
        XCTAssertGreaterThan(interrupted.sent, 0)
        XCTAssertLessThan(interrupted.sent, 2000)
        XCTAssertEqual(interrupted.selected, interrupted.sent + interrupted.failed)
        XCTAssertEqual(interrupted.failureReasons.keys.sorted(), interrupted.failed > 0 ? ["interrupted"] : [])

        let secondJournal = try ReplayJournal.open(path: path, identity: identity)
        XCTAssertEqual(secondJournal.previouslyAcknowledged, interrupted.sent, "exactly the acknowledged batches were journaled")
        let rerun = try await runner(secondJournal).run(events: ReplayTestSource(letters: letters))
        await secondJournal.close()
        XCTAssertEqual(rerun.stop, .completed)
        XCTAssertEqual(rerun.skipped, interrupted.sent)
        XCTAssertEqual(rerun.sent + rerun.skipped, 2000)
        XCTAssertEqual(rerun.exitCode, 0)

        let received = await harness.received("replay-hub")
        let ids = received.compactMap { $0.userProperties["cloudEvents:id"]?.stringValue }
        XCTAssertEqual(Set(ids), Set(letters.map { $0.attributes.id! }), "none lost")
        let duplicates = ids.count - Set(ids).count
        XCTAssertLessThanOrEqual(duplicates, Self.concurrency * Self.batchEvents, "only the batches in flight at the interruption")
        print("resume: first run sent \(interrupted.sent), rerun skipped \(rerun.skipped) and sent \(rerun.sent); \(duplicates) duplicates")
    }

    func testGracefulStopFinishesInFlightBatchesThenRerunCompletes() async throws {
        let letters = ReplayTestEvents.twinUpdates(1500)
        let path = directory + "/graceful.journal"
        let identity = ReplayJournal.identity(source: "test", target: "eventhubs")
        let journal = try ReplayJournal.open(path: path, identity: identity)
        let stop = ReplayCancellation()
        let run = Task { [runner = try runner(journal, cancellation: stop)] in
            try await runner.run(events: ReplayTestSource(letters: letters))
        }
        try await waitUntilReceived(atLeast: 300)
        stop.requestStop()
        let summary = try await run.value
        await journal.close()
        XCTAssertEqual(summary.stop, .interrupted)
        // In-flight batches were allowed to finish: what the sink got is exactly what was acknowledged.
        let receivedCount = await harness.received("replay-hub").count
        XCTAssertEqual(receivedCount, summary.sent)

        let reopened = try ReplayJournal.open(path: path, identity: identity)
        let rerun = try await runner(reopened).run(events: ReplayTestSource(letters: letters))
        await reopened.close()
        XCTAssertEqual(rerun.skipped, summary.sent)
        let receivedAfterRerun = await harness.received("replay-hub").count
        XCTAssertEqual(receivedAfterRerun, 1500, "a graceful stop leaves no duplicates")
    }

    func testTornJournalRecordIsIgnoredOnRerun() async throws {
        let letters = ReplayTestEvents.twinUpdates(100)
        let path = directory + "/torn.journal"
        let identity = ReplayJournal.identity(source: "test", target: "eventhubs")
        let journal = try ReplayJournal.open(path: path, identity: identity)
        _ = try await runner(journal).run(events: ReplayTestSource(letters: Array(letters.prefix(40))))
        await journal.close()
        // A crash while the next batch record was being appended leaves half of it.
        let entries = letters[40..<60].enumerated().map { ReplayJournalEntry(ordinal: 40 + $0.offset, key: ReplayEventKey($0.element)) }
        let half = ReplayJournalFraming.frame(ReplayJournalRecord.batch(entries: entries).encoded())
        let handle = try XCTUnwrap(FileHandle(forWritingAtPath: path))
        handle.seekToEndOfFile()
        handle.write(Data(half.prefix(half.count - 3)))
        try handle.close()

        let reopened = try ReplayJournal.open(path: path, identity: identity)
        XCTAssertEqual(reopened.previouslyAcknowledged, 40)
        XCTAssertGreaterThan(reopened.discardedTailBytes, 0)
        let rerun = try await runner(reopened).run(events: ReplayTestSource(letters: letters))
        await reopened.close()
        XCTAssertEqual(rerun.skipped, 40)
        XCTAssertEqual(rerun.sent, 60)
        let receivedCount = await harness.received("replay-hub").count
        XCTAssertEqual(receivedCount, 100)
    }
}
