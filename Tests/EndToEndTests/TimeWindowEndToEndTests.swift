import Foundation
import XCTest

/// `--since` / `--until` (absolute and relative), `--by-deadletter-time`, the `[since, until)` edges, events without a
/// time of their own, and the widened folder push-down, through the emulator.
final class TimeWindowEndToEndTests: XCTestCase {
    static let emulator = EndToEndEmulator()

    override class func tearDown() {
        emulator.stopAndWait()
        super.tearDown()
    }

    private func ids(_ container: String, _ filters: [String], file: StaticString = #filePath, line: UInt = #line) async throws -> [String] {
        let context = try await Self.emulator.start()
        let result = try await context.run(["ls", context.url(container), "--format", "jsonl", "--quiet"] + filters)
        XCTAssertEqual(result.exitCode, 0, result.transcript, file: file, line: line)
        return CLIOutput.ids(result, file: file, line: line)
    }

    private func triage(_ filters: [String], file: StaticString = #filePath, line: UInt = #line) async throws -> [String] {
        try await ids(EndToEndContainers.triage, filters, file: file, line: line)
    }

    func testSinceIsInclusiveAndUntilIsExclusive() async throws {
        // rc-1 is at exactly 04:00:00Z, rd-1 at exactly 04:30:00Z.
        let fromFour = try await triage(["--since", "2026-01-10T04:00:00Z", "--until", "2026-01-10T04:30:00Z"])
        XCTAssertEqual(fromFour, ["rc-1"])
        let untilFour = try await triage(["--since", "2026-01-10T00:00:00Z", "--until", "2026-01-10T04:00:00Z"])
        XCTAssertEqual(untilFour, ["tc-1", "tu-1"])
        // Offsets other than Z are the same instant.
        let offset = try await triage(["--since", "2026-01-10T05:00:00+01:00", "--until", "2026-01-10T05:30:00+01:00"])
        XCTAssertEqual(offset, ["rc-1"])
    }

    func testAnEventWithoutATimeIsPlacedAtItsDeadLetterHour() async throws {
        // te-1 (telemetry, no `time`) was dead-lettered in the 05:00 folder; td-1 happened at 05:15.
        let fromFive = try await triage(["--since", "2026-01-10T05:00:00Z", "--until", "2026-01-10T05:30:00Z"])
        XCTAssertEqual(fromFive, ["td-1", "te-1"])
        let beforeFive = try await triage(["--since", "2026-01-10T04:59:00Z", "--until", "2026-01-10T05:00:00Z"])
        XCTAssertEqual(beforeFive, [])
    }

    func testByDeadletterTimeUsesTheFolderHour() async throws {
        let sixByFolder = try await triage(["--since", "2026-01-10T06:00:00Z", "--until", "2026-01-10T07:00:00Z", "--by-deadletter-time"])
        XCTAssertEqual(sixByFolder, ["td-1", "ru-1"])
        // By their own time (05:15, 05:40) those two are outside the same window.
        let sixByEvent = try await triage(["--since", "2026-01-10T06:00:00Z", "--until", "2026-01-10T07:00:00Z"])
        XCTAssertEqual(sixByEvent, [])
        // late-1 happened on the 9th but was dead-lettered in the 10th's 03:00 folder.
        let three = try await triage(["--since", "2026-01-10T03:00:00Z", "--until", "2026-01-10T04:00:00Z", "--by-deadletter-time"])
        XCTAssertEqual(three, ["tc-1", "tu-1", "late-1"])
    }

    func testAnEventDeadLetteredTwentyHoursLaterIsFoundByItsOwnTime() async throws {
        // late-1: time 2026-01-09T03:00Z, folder ep-late/2026/1/10/3 — 20 h later. The walker must widen the folder
        // window by the delivery delay (default 25 h) to find it.
        let window = ["--since", "2026-01-09T02:30:00Z", "--until", "2026-01-09T03:30:00Z"]
        let found = try await triage(window)
        XCTAssertEqual(found, ["late-1"])
        // With a delivery delay shorter than 20 h its folder is pruned: proof that the push-down is what decides.
        let pruned = try await triage(window + ["--max-delivery-delay", "10h"])
        XCTAssertEqual(pruned, [])
        // The same through --where: its top-level time terms are pushed down and widened the same way.
        let viaWhere = try await triage(["--where", "time >= 2026-01-09T02:30:00Z and time < 2026-01-09T03:30:00Z"])
        XCTAssertEqual(viaWhere, ["late-1"])
    }

    func testRelativeTimesCountBackFromNow() async throws {
        // The `recent` container has events 30 minutes, 3 hours and 3 days before the emulator started.
        let recent = EndToEndContainers.recent
        let ninetyMinutes = try await ids(recent, ["--since", "90m"])
        XCTAssertEqual(ninetyMinutes, ["r-30m"])
        let combined = try await ids(recent, ["--since", "1h30m"])
        XCTAssertEqual(combined, ["r-30m"])
        let fourHours = try await ids(recent, ["--since", "4h"])
        XCTAssertEqual(fourHours, ["r-3h", "r-30m"])
        let daysAndHours = try await ids(recent, ["--since", "4d", "--until", "2h"])
        XCTAssertEqual(daysAndHours, ["r-3d", "r-3h"])
        let twoDays = try await ids(recent, ["--since", "2d", "--until", "1h"])
        XCTAssertEqual(twoDays, ["r-3h"])
        let whereNow = try await ids(recent, ["--where", "time > now - 6h"])
        XCTAssertEqual(whereNow, ["r-3h", "r-30m"])
    }

    func testAnEmptyOrMalformedWindowIsAUsageError() async throws {
        let context = try await Self.emulator.start()
        let url = context.url(EndToEndContainers.triage)
        let empty = try await context.run(["ls", url, "--since", "2026-01-10T05:00:00Z", "--until", "2026-01-10T05:00:00Z"])
        XCTAssertEqual(empty.exitCode, 1, empty.transcript)
        XCTAssertTrue(empty.stderr.contains("is not before --until"), empty.transcript)
        let malformed = try await context.run(["ls", url, "--since", "yesterday-ish"])
        XCTAssertEqual(malformed.exitCode, 1, malformed.transcript)
        XCTAssertTrue(malformed.stderr.contains("--since"), malformed.transcript)
    }
}
