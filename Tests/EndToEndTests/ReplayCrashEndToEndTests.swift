import AzureEmulator
import Foundation
import XCTest
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Crash safety through the executable: a replay into the Event Hubs sink, with latency so batches are in flight,
/// is killed with SIGKILL at five seeded random points and rerun with the same journal each time, then run to the
/// end. Nothing may be lost, the journal must never be refused as corrupt, and the duplicates must stay within what
/// the killed runs had in flight.
final class ReplayCrashEndToEndTests: XCTestCase {
    static let emulator = EndToEndEmulator()

    override class func tearDown() {
        emulator.stopAndWait()
        super.tearDown()
    }

    typealias Sinks = ReplaySinkAddresses

    static let events = 6000
    static let kills = 5
    static let concurrency = 4
    /// Per batch. At most `concurrency` batches are between "sent" and "recorded in the journal" at any moment (a
    /// delivery slot is freed only after its batch's journal record is on disk), so a kill can duplicate at most
    /// `concurrency × maxBatchEvents` events.
    static let maxBatchEvents = 50
    static let rate = 2000
    static let seed: UInt64 = 0x5EED_0000_DEAD_0009

    /// SplitMix64: the kill points are random but the same on every run of the test.
    struct KillPoints {
        var state: UInt64

        mutating func next(in range: ClosedRange<Int>) -> Int {
            state &+= 0x9E37_79B9_7F4A_7C15
            var z = state
            z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
            z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
            z ^= z >> 31
            return range.lowerBound + Int(z % UInt64(range.count))
        }
    }

    func testKilledFiveTimesAndResumedEveryEventArrivesWithBoundedDuplicates() async throws {
        let context = try await Self.emulator.start()
        await context.resetSinks()
        let directory = try context.scratchDirectory()
        let source = directory.appendingPathComponent("outage.jsonl"), journal = directory.appendingPathComponent("hub.journal")
        try ReplayGeneratedExport.write(count: Self.events, to: source)
        let expectedIDs = try ReplayGeneratedExport.eventIDs(source)
        XCTAssertEqual(expectedIDs.count, Self.events)
        XCTAssertEqual(Set(expectedIDs).count, Self.events, "generated ids are unique")

        // Every request waits 60–100 ms in the emulator, so the four delivery slots are busy whenever the kill lands.
        await context.server.setFaults(FaultPlan(latencyMilliseconds: 60, latencyJitterMilliseconds: 40), for: .eventHubs)
        let environment = context.replayEnvironment(
            target: Sinks.connectionStringVariable(context.sinkAddresses.connectionString(entity: Sinks.eventHub)), home: directory)
        let arguments = ["replay", source.path, "--to", "eventhubs", "--journal", journal.path, "--concurrency", String(Self.concurrency),
                         "--rate", String(Self.rate), "--max-batch-events", String(Self.maxBatchEvents), "-q"]

        var killPoints = KillPoints(state: Self.seed)
        var killedAfter: [Int] = []
        for run in 1...Self.kills {
            let before = await context.server.sinks.counters(Sinks.eventHub).acceptedMessages
            let distinctBefore = Set(await context.received(Sinks.eventHub).eventIDs).count
            // Kill once this run has had 150–800 more messages accepted: mid-run, never before the first batch.
            let killAt = before + killPoints.next(in: 150...800)
            let child = try ReplayChildProcess(arguments, environment: environment)
            var accepted = before
            while child.isRunning, accepted < killAt {
                try await Task.sleep(for: .milliseconds(2))
                accepted = await context.server.sinks.counters(Sinks.eventHub).acceptedMessages
            }
            XCTAssertTrue(child.isRunning, "run \(run) ended before its kill point (\(killAt - before) new messages)")
            child.send(SIGKILL)
            let ending = try await child.waitForEnd()
            XCTAssertEqual(ending.signal, SIGKILL, "run \(run) died of SIGKILL\n\(ending.result.transcript)")
            killedAfter.append(accepted - before)
            assertJournalAccepted(ending.result, run: run, distinctDelivered: distinctBefore)
            // Requests the dead child had in flight still finish in the emulator; let them land before counting.
            try await Task.sleep(for: .milliseconds(300))
        }

        let distinctBeforeFinal = Set(await context.received(Sinks.eventHub).eventIDs).count
        let finalRun = try await DeadLetterCLI.run(arguments + ["--format", "json"], environment: environment)
        XCTAssertEqual(finalRun.exitCode, 0, finalRun.transcript)
        assertJournalAccepted(finalRun, run: Self.kills + 1, distinctDelivered: distinctBeforeFinal)
        let summary = ReplayReportReading.replayObject(finalRun)
        XCTAssertEqual(summary["selected"] as? Int, Self.events, finalRun.transcript)
        XCTAssertEqual((summary["sent"] as? Int ?? 0) + (summary["skipped"] as? Int ?? 0), Self.events, finalRun.transcript)
        XCTAssertEqual(summary["failed"] as? Int, 0, finalRun.transcript)

        let arrivals = await context.received(Sinks.eventHub).eventIDs
        let distinct = Set(arrivals)
        XCTAssertEqual(distinct, Set(expectedIDs), "every event arrived at least once (\(Set(expectedIDs).subtracting(distinct).count) missing)")
        let duplicates = arrivals.count - distinct.count
        let bound = Self.kills * Self.concurrency * Self.maxBatchEvents
        XCTAssertLessThanOrEqual(duplicates, bound)
        print("kill -9 figures: events=\(Self.events) kills=\(Self.kills) killed after \(killedAfter) new messages; "
              + "arrivals=\(arrivals.count) duplicates=\(duplicates) bound=\(bound) (kills × concurrency \(Self.concurrency) × \(Self.maxBatchEvents) events per batch)")

        // A last run with the same journal has nothing left to send.
        let rerun = try await DeadLetterCLI.run(arguments + ["--format", "json"], environment: environment)
        XCTAssertEqual(rerun.exitCode, 0, rerun.transcript)
        XCTAssertEqual(ReplayReportReading.replayObject(rerun)["skipped"] as? Int, Self.events, rerun.transcript)
        let finalArrivals = await context.received(Sinks.eventHub).count
        XCTAssertEqual(finalArrivals, arrivals.count)

        // A torn record after the last good one (a crash in the middle of a write) is ignored and cut off.
        let complete = try Data(contentsOf: journal)
        try (complete + Data([0x40, 0x00, 0x00, 0x00, 0xAB, 0xCD, 0xEF, 0x01]) + Data("blob:half-written".utf8)).write(to: journal)
        let afterTornTail = try await DeadLetterCLI.run(arguments + ["--format", "json"], environment: environment)
        XCTAssertEqual(afterTornTail.exitCode, 0, afterTornTail.transcript)
        assertJournalAccepted(afterTornTail, run: Self.kills + 3, distinctDelivered: distinct.count)
        XCTAssertEqual(ReplayReportReading.replayObject(afterTornTail)["skipped"] as? Int, Self.events, afterTornTail.transcript)
        XCTAssertEqual(try Data(contentsOf: journal), complete, "the torn tail was cut off before appending")
        // The last record itself torn: only its batch is sent again.
        try complete.prefix(complete.count - 10).write(to: journal)
        let afterTornRecord = try await DeadLetterCLI.run(arguments + ["--format", "json"], environment: environment)
        XCTAssertEqual(afterTornRecord.exitCode, 0, afterTornRecord.transcript)
        assertJournalAccepted(afterTornRecord, run: Self.kills + 4, distinctDelivered: distinct.count)
        let resent = ReplayReportReading.replayObject(afterTornRecord)["sent"] as? Int ?? -1
        XCTAssertTrue((1...Self.maxBatchEvents).contains(resent), "one batch resent, not \(resent)\n\(afterTornRecord.transcript)")
    }

    func testAnExportKilledMidWayLeavesNoFileUnderItsFinalName() async throws {
        let context = try await Self.emulator.start()
        await context.resetSinks()
        let directory = try context.scratchDirectory()
        let output = directory.appendingPathComponent("sample.jsonl.gz")
        // 30 ms per Blob request and two at a time: the export of the sample's 310 blobs takes seconds.
        await context.server.setFaults(FaultPlan(latencyMilliseconds: 30), for: .blob)
        let child = try ReplayChildProcess(["export", context.url(EndToEndContainers.sample), "-o", output.path, "--concurrency", "2", "-q"],
                                           environment: context.environment)
        var temporaryAppeared = false
        let deadline = ContinuousClock.now + .seconds(20)
        while child.isRunning, !temporaryAppeared, ContinuousClock.now < deadline {
            try await Task.sleep(for: .milliseconds(10))
            temporaryAppeared = (try FileManager.default.contentsOfDirectory(atPath: directory.path)).contains { $0.hasPrefix(".sample.jsonl.gz.tmp-") }
        }
        try await Task.sleep(for: .milliseconds(500))
        XCTAssertTrue(child.isRunning, "the export finished before it could be killed")
        child.send(SIGKILL)
        let ending = try await child.waitForEnd()
        await context.server.setFaults(.none, for: .blob)
        XCTAssertEqual(ending.signal, SIGKILL, ending.result.transcript)
        XCTAssertTrue(temporaryAppeared, "the export writes under a temporary name first")
        XCTAssertFalse(FileManager.default.fileExists(atPath: output.path), "no half-written file under the final name")
    }

    /// The journal a killed run left behind opens: never refused as damaged or foreign, and it never claims more
    /// events than had actually arrived (a claimed-but-missing event would be lost for good).
    private func assertJournalAccepted(_ result: CLIResult, run: Int, distinctDelivered: Int, file: StaticString = #filePath, line: UInt = #line) {
        for refusal in ["is not a deadletter replay journal", "cannot be read", "cannot open the replay journal", "belongs to another replay",
                        "cannot read the replay journal"] {
            XCTAssertFalse(result.stderr.contains(refusal) || result.stdout.contains(refusal), "run \(run): \(result.transcript)", file: file, line: line)
        }
        guard run > 1 else { return }
        guard let skipped = ReplayReportReading.previouslyAcknowledged(result.stderr) else {
            return XCTFail("run \(run) did not report the events its journal skips\n\(result.transcript)", file: file, line: line)
        }
        XCTAssertLessThanOrEqual(skipped, distinctDelivered, "run \(run): the journal claims events that never arrived", file: file, line: line)
        XCTAssertGreaterThan(skipped, 0, "run \(run): earlier runs acknowledged batches", file: file, line: line)
    }
}
