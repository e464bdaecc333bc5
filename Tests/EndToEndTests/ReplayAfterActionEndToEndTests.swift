import AzureEmulator
import Foundation
import XCTest

/// `--after delete|tag` through the executable: a source blob is deleted (or tagged) only once every one of its
/// events was acknowledged; a blob with an event that could not be sent, or with events a filter left out, stays.
final class ReplayAfterActionEndToEndTests: XCTestCase {
    static let emulator = EndToEndEmulator()

    override class func tearDown() {
        emulator.stopAndWait()
        super.tearDown()
    }

    typealias Sinks = ReplaySinkAddresses

    static func event(_ id: String, type: String = "Microsoft.DigitalTwins.Twin.Update", data: String = #"{"modelId":"dtmi:test:Room;1","patch":[]}"#) -> EndToEndEvent {
        EndToEndEvent.cloudEvent(id: id, type: type, subject: "room-\(id)", time: "2026-01-10T03:30:00Z", data: data)
    }

    /// Over Service Bus's 256 KB per message: it fails as too large and is never sent.
    static let oversized = event("big-1", data: "{\"blob\":\"" + String(repeating: "x", count: 300_000) + "\"}")
    static let oversizedInArray = event("mix-2", data: "{\"blob\":\"" + String(repeating: "y", count: 300_000) + "\"}")

    static func array(_ events: [EndToEndEvent]) -> String { "[\n" + events.map(\.stored).joined(separator: ",\n") + "\n]\n" }

    static let keptBecauseOversized = "ep-alpha/2026/1/10/4/big-1.json"
    static let keptBecauseOneOfTwoFailed = "ALERTS-CE-SUB/2026/1/10/5/2c0d9a10-0000-4000-8000-0000000000a1.json"
    /// Blob name → bytes: four blobs whose events all go through, two that hold an event that cannot.
    static let blobs: [(name: String, bytes: String)] = [
        ("ep-alpha/2026/1/10/3/ok-1.json", event("ok-1").stored),
        ("ep-alpha/2026/1/10/3/ok-2.json", event("ok-2").stored),
        ("ep-alpha/2026/1/10/4/ok-3.json", event("ok-3").stored),
        (keptBecauseOversized, oversized.stored),
        (keptBecauseOneOfTwoFailed, array([event("mix-1"), oversizedInArray])),
        ("ALERTS-CE-SUB/2026/1/10/5/2c0d9a10-0000-4000-8000-0000000000a2.json", array([event("ok-4"), event("ok-5")])),
    ]
    static let deliverable: Set<String> = ["ok-1", "ok-2", "ok-3", "ok-4", "ok-5", "mix-1"]

    private func start() async throws -> (EndToEndEmulator.Context, URL) {
        let context = try await Self.emulator.start()
        await context.resetSinks()
        return (context, try context.scratchDirectory())
    }

    private func serviceBus(_ context: EndToEndEmulator.Context) -> [String: String] {
        Sinks.connectionStringVariable(context.sinkAddresses.connectionString(entity: Sinks.serviceBusQueue))
    }

    func testDeleteRemovesOnlyBlobsWhoseEventsWereAllAcknowledged() async throws {
        let (context, home) = try await start()
        let container = try await ReplayContainerSeeding.seed(context, prefix: "after-delete", blobs: Self.blobs)
        let failed = home.appendingPathComponent("failed.jsonl")
        let result = try await context.replay(
            ["replay", context.url(container), "--to", "servicebus", "--after", "delete", "--no-journal", "--failed", failed.path,
             "--format", "json", "-q"], target: serviceBus(context), home: home)
        XCTAssertEqual(result.exitCode, 2, "two events could not be sent\n\(result.transcript)")
        let summary = ReplayReportReading.replayObject(result)
        XCTAssertEqual(summary["sent"] as? Int, 6, result.transcript)
        XCTAssertEqual(summary["failed"] as? Int, 2, result.transcript)
        XCTAssertEqual(summary["failureReasons"] as? [String: Int], ["too large": 2], result.transcript)
        XCTAssertEqual(summary["blobsDeleted"] as? Int, 4, result.transcript)
        XCTAssertEqual(summary["blobsKept"] as? Int, 2, result.transcript)
        let issues = (summary["blobIssues"] as? [[String: Any]] ?? []).compactMap { $0["blob"] as? String }
        XCTAssertEqual(issues.count, 2, result.transcript)
        XCTAssertTrue(issues.contains { $0.hasSuffix(Self.keptBecauseOversized) }, "\(issues)")
        XCTAssertTrue(issues.contains { $0.hasSuffix(Self.keptBecauseOneOfTwoFailed) }, "\(issues)")

        let remaining = try await context.server.blobNames(container: container)
        XCTAssertEqual(Set(remaining), [Self.keptBecauseOversized, Self.keptBecauseOneOfTwoFailed])
        let received = await context.received(Sinks.serviceBusQueue)
        XCTAssertEqual(Set(received.eventIDs), Self.deliverable)
        XCTAssertEqual(received.count, 6)
        let failedIDs = try String(contentsOf: failed, encoding: .utf8).split(separator: "\n").compactMap { line in
            ((try? JSONSerialization.jsonObject(with: Data(line.utf8))) as? [String: Any]).flatMap { ($0["event"] as? [String: Any])?["id"] as? String }
        }
        XCTAssertEqual(Set(failedIDs), ["big-1", "mix-2"])
    }

    func testDeleteKeepsABlobWhoseOtherEventsTheFilterLeftOut() async throws {
        let (context, home) = try await start()
        let container = try await ReplayContainerSeeding.seed(context, prefix: "after-filter", blobs: [
            ("ALERTS-CE-SUB/2026/1/10/5/7f3e0000-0000-4000-8000-0000000000b1.json",
             Self.array([Self.event("pair-update"), Self.event("pair-create", type: "Microsoft.DigitalTwins.Twin.Create")])),
            ("ep-alpha/2026/1/10/3/solo-update.json", Self.event("solo-update").stored),
        ])
        let result = try await context.replay(
            ["replay", context.url(container), "--type", "Microsoft.DigitalTwins.Twin.Update", "--to", "servicebus", "--after", "delete",
             "--no-journal", "--format", "json", "-q"], target: serviceBus(context), home: home)
        XCTAssertEqual(result.exitCode, 0, result.transcript)
        let summary = ReplayReportReading.replayObject(result)
        XCTAssertEqual(summary["sent"] as? Int, 2, result.transcript)
        XCTAssertEqual(summary["blobsDeleted"] as? Int, 1, result.transcript)
        XCTAssertEqual(summary["blobsKept"] as? Int, 1, result.transcript)
        let remaining = try await context.server.blobNames(container: container)
        XCTAssertEqual(remaining, ["ALERTS-CE-SUB/2026/1/10/5/7f3e0000-0000-4000-8000-0000000000b1.json"],
                       "the Twin.Create in it was never replayed")
    }

    func testDeleteOnALocalMirrorSaysItDoesNothing() async throws {
        let (context, home) = try await start()
        let mirror = context.mirror(EndToEndContainers.triage)
        let before = try FileManager.default.subpathsOfDirectory(atPath: mirror).sorted()
        let result = try await context.replay(
            ["replay", mirror, "--to", "servicebus", "--adt-instance-host", Sinks.adtInstanceHost, "--after", "delete", "--no-journal", "-q"],
            target: serviceBus(context), home: home)
        XCTAssertEqual(result.exitCode, 0, result.transcript)
        XCTAssertTrue(result.stderr.contains("warning: --after delete acts only on the blobs of a container"), result.transcript)
        XCTAssertEqual(try FileManager.default.subpathsOfDirectory(atPath: mirror).sorted(), before, "a mirror's files are never deleted")
    }

    func testTagMarksOnlyFullyAcknowledgedBlobsAndDeletesNothing() async throws {
        let (context, home) = try await start()
        let container = try await ReplayContainerSeeding.seed(context, prefix: "after-tag", blobs: Self.blobs)
        let result = try await context.replay(
            ["replay", context.url(container), "--to", "servicebus", "--after", "tag", "--no-journal", "-q"],
            target: serviceBus(context), home: home)
        XCTAssertEqual(result.exitCode, 2, result.transcript)
        XCTAssertEqual(ReplayReportReading.count("blobs tagged", in: result.stdout), 4, result.transcript)
        XCTAssertEqual(ReplayReportReading.count("blobs kept", in: result.stdout), 2, result.transcript)

        let remaining = try await context.server.blobNames(container: container)
        XCTAssertEqual(Set(remaining), Set(Self.blobs.map(\.name)), "tagging deletes nothing")
        for blob in Self.blobs {
            let tags = try await ReplayContainerSeeding.tags(context, container: container, blob: blob.name)
            if blob.name == Self.keptBecauseOversized || blob.name == Self.keptBecauseOneOfTwoFailed {
                XCTAssertNil(tags["deadletter-replayed"], "\(blob.name) holds an event that was not sent: \(tags)")
            } else {
                let stamp = try XCTUnwrap(tags["deadletter-replayed"], "\(blob.name): \(tags)")
                XCTAssertFalse(stamp.isEmpty, blob.name)
            }
        }
    }
}
