import Foundation
import XCTest

/// The same dead letters whatever the source (emulator or local mirror) and whatever `--concurrency`, and request
/// counts that show the walker prunes folders before listing them.
final class SourceEquivalenceEndToEndTests: XCTestCase {
    static let emulator = EndToEndEmulator()

    override class func tearDown() {
        emulator.stopAndWait()
        super.tearDown()
    }

    func testTheLocalMirrorAndTheEmulatorGiveTheSameDeadLetters() async throws {
        let context = try await Self.emulator.start()
        let url = context.url(EndToEndContainers.sample), mirror = context.mirror(EndToEndContainers.sample)
        let remote = try await context.run(["ls", url, "--format", "jsonl", "-q"])
        let local = try await context.run(["ls", mirror, "--format", "jsonl", "-q"])
        XCTAssertEqual(remote.exitCode, 2, remote.transcript)
        XCTAssertEqual(local.exitCode, 2, local.transcript)
        XCTAssertEqual(remote.lines.count, 369)
        XCTAssertEqual(local.stdout, remote.stdout)

        let remoteEvents = try await context.run(["export", url, "-o", "-", "-q", "--events-only"])
        let localEvents = try await context.run(["export", mirror, "-o", "-", "-q", "--events-only"])
        XCTAssertEqual(localEvents.stdoutData, remoteEvents.stdoutData, "the events, byte for byte")

        let remoteStats = try await context.run(["stats", url, "--by", "type", "--by", "twin", "--format", "json", "-q"])
        let localStats = try await context.run(["stats", mirror, "--by", "type", "--by", "twin", "--format", "json", "-q"])
        XCTAssertEqual(try XCTUnwrap(CLIOutput.jsonDocument(localStats)["report"] as? NSDictionary),
                       try XCTUnwrap(CLIOutput.jsonDocument(remoteStats)["report"] as? NSDictionary))
        // Both name the same bad blobs.
        func failed(_ result: CLIResult) -> [String] {
            ((CLIOutput.jsonDocument(result)["summary"] as? [String: Any])?["failedBlobs"] as? [[String: Any]] ?? [])
                .compactMap { $0["blob"] as? String }
        }
        XCTAssertEqual(failed(localStats), failed(remoteStats))
        XCTAssertEqual(failed(localStats).count, 5)
    }

    func testConcurrencyDoesNotChangeTheOutputOrder() async throws {
        let context = try await Self.emulator.start()
        for source in [context.url(EndToEndContainers.sample), context.mirror(EndToEndContainers.sample)] {
            let serial = try await context.run(["ls", source, "--format", "jsonl", "-q", "--concurrency", "1"])
            let parallel = try await context.run(["ls", source, "--format", "jsonl", "-q", "--concurrency", "64"])
            XCTAssertEqual(serial.lines.count, 369, serial.transcript)
            XCTAssertEqual(parallel.stdout, serial.stdout, source)
            XCTAssertEqual(parallel.exitCode, serial.exitCode)
        }
        let url = context.url(EndToEndContainers.sample)
        let serialExport = try await context.run(["export", url, "-o", "-", "-q", "--concurrency", "1"])
        let parallelExport = try await context.run(["export", url, "-o", "-", "-q", "--concurrency", "64"])
        XCTAssertEqual(parallelExport.stdoutData, serialExport.stdoutData)
    }

    func testAOneHourDeadLetterWindowListsOnlyThatHour() async throws {
        let context = try await Self.emulator.start()
        let url = context.url(EndToEndContainers.hours)
        let hours = EndToEndContainers.prunedHours

        await context.server.resetCounters()
        let window = try await context.run(["ls", url, "--format", "jsonl", "-q", "--by-deadletter-time",
                                            "--since", "2026-02-02T05:00:00Z", "--until", "2026-02-02T06:00:00Z"])
        let windowCounters = await context.server.counters
        XCTAssertEqual(window.exitCode, 0, window.transcript)
        XCTAssertEqual(CLIOutput.ids(window), ["h-29"])
        let windowLists = windowCounters.operations["listBlobs"] ?? 0
        let windowGets = windowCounters.operations["getBlob"] ?? 0
        // Root, endpoint, year, month, day, that hour: a handful of pages, not one per hour folder.
        XCTAssertLessThanOrEqual(windowLists, 8, "\(windowCounters.operations)")
        XCTAssertEqual(windowGets, 1, "\(windowCounters.operations)")

        // The same window written in --where is pushed down the same way.
        await context.server.resetCounters()
        let viaWhere = try await context.run(["ls", url, "--format", "jsonl", "-q", "--where",
                                              "deadlettered >= 2026-02-02T05:00:00Z and deadlettered < 2026-02-02T06:00:00Z"])
        let whereCounters = await context.server.counters
        XCTAssertEqual(CLIOutput.ids(viaWhere), ["h-29"])
        XCTAssertEqual(whereCounters.operations["listBlobs"], windowLists, "\(whereCounters.operations)")
        XCTAssertEqual(whereCounters.operations["getBlob"], 1, "\(whereCounters.operations)")

        await context.server.resetCounters()
        let everything = try await context.run(["ls", url, "--format", "jsonl", "-q"])
        let fullCounters = await context.server.counters
        XCTAssertEqual(everything.lines.count, hours)
        XCTAssertGreaterThanOrEqual(fullCounters.operations["listBlobs"] ?? 0, hours, "\(fullCounters.operations)")
        XCTAssertEqual(fullCounters.operations["getBlob"], hours)
        XCTAssertLessThan(windowLists * 8, fullCounters.operations["listBlobs"] ?? 0,
                          "pruned walk: \(windowLists) list requests; full walk: \(fullCounters.operations["listBlobs"] ?? 0)")

        // On event time the folder window is widened by the delivery delay (25 h) but still pruned.
        await context.server.resetCounters()
        let eventTime = try await context.run(["ls", url, "--format", "jsonl", "-q",
                                               "--since", "2026-02-02T05:00:00Z", "--until", "2026-02-02T06:00:00Z"])
        let eventCounters = await context.server.counters
        XCTAssertEqual(CLIOutput.ids(eventTime), ["h-29"])
        XCTAssertLessThan(eventCounters.operations["getBlob"] ?? 0, hours / 2, "\(eventCounters.operations)")
        XCTAssertGreaterThanOrEqual(eventCounters.operations["getBlob"] ?? 0, 25, "folders up to 25 h later are read")
    }
}
