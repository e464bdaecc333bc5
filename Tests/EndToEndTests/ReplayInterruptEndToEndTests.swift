import AzureEmulator
import Foundation
import XCTest
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Ctrl-C through the executable: SIGINT mid-run stops the replay gracefully — no new batches, the ones in flight
/// finish and are journaled, the summary prints, the exit code says it did not complete — and a rerun with the same
/// journal sends exactly the rest, without a single duplicate.
final class ReplayInterruptEndToEndTests: XCTestCase {
    static let emulator = EndToEndEmulator()

    override class func tearDown() {
        emulator.stopAndWait()
        super.tearDown()
    }

    typealias Sinks = ReplaySinkAddresses

    func testSIGINTStopsGracefullyAndTheRerunSendsOnlyTheRest() async throws {
        let context = try await Self.emulator.start()
        await context.resetSinks()
        let directory = try context.scratchDirectory()
        let source = directory.appendingPathComponent("outage.jsonl"), journal = directory.appendingPathComponent("hub.journal")
        let events = 3000
        try ReplayGeneratedExport.write(count: events, to: source)
        let expectedIDs = Set(try ReplayGeneratedExport.eventIDs(source))
        await context.server.setFaults(FaultPlan(latencyMilliseconds: 60, latencyJitterMilliseconds: 40), for: .eventHubs)
        let environment = context.replayEnvironment(
            target: Sinks.connectionStringVariable(context.sinkAddresses.connectionString(entity: Sinks.eventHub)), home: directory)
        let arguments = ["replay", source.path, "--to", "eventhubs", "--journal", journal.path, "--concurrency", "4",
                         "--rate", "2000", "--max-batch-events", "50", "-q"]

        // Interrupt once a fifth has arrived, with batches in flight.
        let child = try ReplayChildProcess(arguments + ["--format", "json"], environment: environment)
        var accepted = 0
        while child.isRunning, accepted < events / 5 {
            try await Task.sleep(for: .milliseconds(2))
            accepted = await context.server.sinks.counters(Sinks.eventHub).acceptedMessages
        }
        XCTAssertTrue(child.isRunning, "the run ended before it could be interrupted")
        child.send(SIGINT)
        let ending = try await child.waitForEnd(timeout: 30)
        let stopped = ending.result
        XCTAssertNil(ending.signal, "SIGINT is handled, not fatal\n\(stopped.transcript)")
        XCTAssertNotEqual(stopped.exitCode, 0, stopped.transcript)
        XCTAssertEqual(stopped.exitCode, 3, "3: the run stopped early\n\(stopped.transcript)")
        let summary = ReplayReportReading.replayObject(stopped)
        XCTAssertEqual(summary["stop"] as? String, "interrupted", stopped.transcript)
        XCTAssertEqual(summary["exitCode"] as? Int, 3, stopped.transcript)
        let sentBeforeStop = summary["sent"] as? Int ?? -1
        XCTAssertGreaterThanOrEqual(sentBeforeStop, events / 5, stopped.transcript)
        XCTAssertLessThan(sentBeforeStop, events, "it stopped before the end\n\(stopped.transcript)")
        XCTAssertEqual(summary["possibleDuplicates"] as? Int, 0, stopped.transcript)
        // A graceful stop abandons nothing it sent: what arrived is exactly what the summary counts as sent.
        let arrivedBeforeStop = await context.received(Sinks.eventHub)
        XCTAssertEqual(arrivedBeforeStop.count, sentBeforeStop, "in-flight batches finished and were counted")

        let rerun = try await DeadLetterCLI.run(arguments, environment: environment)
        XCTAssertEqual(rerun.exitCode, 0, rerun.transcript)
        XCTAssertEqual(ReplayReportReading.previouslyAcknowledged(rerun.stderr), sentBeforeStop, "the journal was flushed\n\(rerun.transcript)")
        XCTAssertEqual(ReplayReportReading.count("skipped (journal)", in: rerun.stdout), sentBeforeStop, rerun.transcript)
        XCTAssertEqual(ReplayReportReading.count("sent", in: rerun.stdout), events - sentBeforeStop, rerun.transcript)
        let arrivals = await context.received(Sinks.eventHub).eventIDs
        XCTAssertEqual(arrivals.count, events, "no duplicates after a graceful stop")
        XCTAssertEqual(Set(arrivals), expectedIDs)
    }

    func testSIGINTSummaryInTextListsTheCountsAndWhyItStopped() async throws {
        let context = try await Self.emulator.start()
        await context.resetSinks()
        let directory = try context.scratchDirectory()
        let source = directory.appendingPathComponent("outage.jsonl")
        try ReplayGeneratedExport.write(count: 1500, to: source)
        await context.server.setFaults(FaultPlan(latencyMilliseconds: 60), for: .eventHubs)
        let environment = context.replayEnvironment(
            target: Sinks.connectionStringVariable(context.sinkAddresses.connectionString(entity: Sinks.eventHub)), home: directory)
        let child = try ReplayChildProcess(["replay", source.path, "--to", "eventhubs", "--journal", directory.appendingPathComponent("j").path,
                                            "--rate", "1000", "--failed", directory.appendingPathComponent("failed.jsonl").path, "-q"],
                                           environment: environment)
        var accepted = 0
        while child.isRunning, accepted < 200 {
            try await Task.sleep(for: .milliseconds(2))
            accepted = await context.server.sinks.counters(Sinks.eventHub).acceptedMessages
        }
        child.send(SIGINT)
        let result = try await child.waitForEnd(timeout: 30).result
        XCTAssertEqual(result.exitCode, 3, result.transcript)
        XCTAssertTrue(result.stdout.contains("stopped: interrupted"), result.transcript)
        let sent = try XCTUnwrap(ReplayReportReading.count("sent", in: result.stdout), result.transcript)
        let failed = try XCTUnwrap(ReplayReportReading.count("failed", in: result.stdout), result.transcript)
        XCTAssertEqual(ReplayReportReading.count("selected", in: result.stdout), sent + failed, "every selected event is accounted for")
        XCTAssertEqual(ReplayReportReading.count("  interrupted", in: result.stdout), failed > 0 ? failed : nil, result.transcript)
        // What was not sent is in the failed file, ready for a rerun.
        let failedLines = try String(contentsOf: directory.appendingPathComponent("failed.jsonl"), encoding: .utf8).split(separator: "\n")
        XCTAssertEqual(failedLines.count, failed)
    }
}
