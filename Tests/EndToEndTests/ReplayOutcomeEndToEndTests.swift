import AzureEmulator
import Foundation
import XCTest

/// What a replay run ends with, through the executable: `--dry-run` sends nothing, exit 0 when all was sent, 1 for a
/// refused key (named, never shown), 2 when some events cannot be sent — those land in `--failed` in export format
/// with the reason, and replaying that file once the cause is fixed sends them.
final class ReplayOutcomeEndToEndTests: XCTestCase {
    static let emulator = EndToEndEmulator()

    override class func tearDown() {
        emulator.stopAndWait()
        super.tearDown()
    }

    typealias Sinks = ReplaySinkAddresses

    private func start() async throws -> (EndToEndEmulator.Context, URL) {
        let context = try await Self.emulator.start()
        await context.resetSinks()
        return (context, try context.scratchDirectory())
    }

    private func requestsToAnySink(_ context: EndToEndEmulator.Context) async -> Int {
        var total = 0
        for sink in [Sinks.eventGridTopic, Sinks.eventGridSchemaTopic, Sinks.eventHub, Sinks.serviceBusQueue] {
            total += await context.server.sinks.counters(sink).requests
        }
        return total
    }

    func testDryRunSendsNothingAndCountsByTypeReasonAndTarget() async throws {
        let (context, home) = try await start()
        let base = ["replay", context.url(EndToEndContainers.triage), "--to", context.sinkAddresses.eventGrid(), "--dry-run"]
        let text = try await context.replay(base, target: Sinks.eventGridKey(), home: home)
        XCTAssertEqual(text.exitCode, 0, text.transcript)
        XCTAssertEqual(ReplayReportReading.count("selected", in: text.stdout), 8, text.transcript)
        // Without the ADT host the two Event Grid-schema ADT events cannot become CloudEvents: counted, not sent.
        XCTAssertEqual(ReplayReportReading.count("would send", in: text.stdout), 6, text.transcript)
        XCTAssertEqual(ReplayReportReading.count("cannot send", in: text.stdout), 2, text.transcript)
        XCTAssertTrue(text.stdout.contains("eventgrid:http://127.0.0.1:\(context.server.port)/replay-topic/api/events"), text.transcript)
        XCTAssertTrue(text.stdout.contains("by type"), text.transcript)
        XCTAssertEqual(ReplayReportReading.count("  Microsoft.DigitalTwins.Twin.Update", in: text.stdout), 2, text.transcript)
        XCTAssertEqual(ReplayReportReading.count("  cannot be expressed for the target", in: text.stdout), 2, text.transcript)
        XCTAssertTrue(text.stdout.contains("by dead-letter reason"), text.transcript)
        XCTAssertEqual(ReplayReportReading.count("  (none recorded)", in: text.stdout), 6, text.transcript)

        let json = try await context.replay(base + ["--adt-instance-host", Sinks.adtInstanceHost, "--format", "json"],
                                            target: Sinks.eventGridKey(), home: home)
        XCTAssertEqual(json.exitCode, 0, json.transcript)
        let summary = ReplayReportReading.replayObject(json)
        XCTAssertEqual(summary["dryRun"] as? Bool, true, json.transcript)
        XCTAssertEqual(summary["selected"] as? Int, 8, json.transcript)
        XCTAssertEqual(summary["sendable"] as? Int, 8, json.transcript)
        XCTAssertEqual(summary["batches"] as? Int, 1, json.transcript)
        XCTAssertGreaterThan(summary["bytes"] as? Int ?? 0, 0, json.transcript)
        XCTAssertEqual((summary["unsendable"] as? [String: Int]) ?? ["missing": 1], [:], json.transcript)
        XCTAssertEqual(summary["byType"] as? [String: Int], [
            "Microsoft.DigitalTwins.Twin.Update": 2, "Microsoft.DigitalTwins.Twin.Create": 1, "Microsoft.DigitalTwins.Twin.Delete": 1,
            "Microsoft.DigitalTwins.Relationship.Create": 1, "Microsoft.DigitalTwins.Relationship.Update": 1,
            "Microsoft.DigitalTwins.Relationship.Delete": 1, "microsoft.iot.telemetry": 1,
        ], json.transcript)
        XCTAssertEqual(summary["byReason"] as? [String: Int],
                       ["(none recorded)": 6, "MaxDeliveryAttemptsExceeded": 1, "TimeToLiveExceeded": 1], json.transcript)

        let requests = await requestsToAnySink(context)
        XCTAssertEqual(requests, 0, "a dry run sends nothing")
        let received = await context.received(Sinks.eventGridTopic)
        XCTAssertTrue(received.isEmpty)
        // No journal either: a dry run must not make a later real run skip anything.
        let journals = FileManager.default.enumerator(atPath: home.path)?.allObjects as? [String] ?? []
        XCTAssertTrue(journals.filter { $0.hasSuffix(".journal") }.isEmpty, "\(journals)")
    }

    func testAWrongKeyExits1NamingTheVariableWithoutTheKey() async throws {
        let (context, home) = try await start()
        let wrongKey = Data("a-key-this-topic-never-had".utf8).base64EncodedString()
        let failed = home.appendingPathComponent("failed.jsonl")
        for format in ["text", "json"] {
            let result = try await context.replay(
                ["replay", context.url(EndToEndContainers.triage), "--to", context.sinkAddresses.eventGrid(), "--adt-instance-host",
                 Sinks.adtInstanceHost, "--no-journal", "--failed", failed.path, "--format", format, "-q"],
                target: Sinks.eventGridKey(wrongKey), home: home)
            XCTAssertEqual(result.exitCode, 1, result.transcript)
            XCTAssertTrue(result.stderr.contains("DEADLETTER_TARGET_KEY"), "stderr names the variable\n\(result.transcript)")
            XCTAssertTrue(result.stderr.contains("401"), result.transcript)
            for text in [result.stdout, result.stderr, try String(contentsOf: failed, encoding: .utf8)] {
                XCTAssertFalse(text.contains(wrongKey), "the key must never be printed\n\(result.transcript)")
                XCTAssertFalse(text.contains(SinkConfiguration.defaultEventGridKey))
            }
            if format == "json" {
                let summary = ReplayReportReading.replayObject(result)
                XCTAssertEqual(summary["stop"] as? String, "credentialRejected", result.transcript)
                XCTAssertEqual(summary["sent"] as? Int, 0)
            }
        }
        let received = await context.received(Sinks.eventGridTopic)
        XCTAssertTrue(received.isEmpty)
        let counters = await context.server.sinks.counters(Sinks.eventGridTopic)
        XCTAssertEqual(counters.rejectedTotal, 2, "each run stops after its first refused request: \(counters.json)")
    }

    func testUnsendableEventsExit2GoToTheFailedFileAndReplayOnceTheCauseIsFixed() async throws {
        let (context, home) = try await start()
        let failed = home.appendingPathComponent("failed.jsonl")
        let result = try await context.replay(
            ["replay", context.url(EndToEndContainers.triage), "--to", context.sinkAddresses.eventGrid(), "--failed", failed.path,
             "--no-journal", "-q"], target: Sinks.eventGridKey(), home: home)
        XCTAssertEqual(result.exitCode, 2, result.transcript)
        XCTAssertEqual(ReplayReportReading.count("sent", in: result.stdout), 6, result.transcript)
        XCTAssertEqual(ReplayReportReading.count("failed", in: result.stdout), 2, result.transcript)
        XCTAssertTrue(result.stdout.contains("failed events"), result.transcript)
        let sent = await context.received(Sinks.eventGridTopic)
        XCTAssertEqual(Set(sent.eventIDs), ["tc-1", "tu-1", "rc-1", "rd-1", "te-1", "late-1"])

        // Exactly the two Event Grid-schema ADT events, as export records with the reason.
        let lines = try String(contentsOf: failed, encoding: .utf8).split(separator: "\n").map(String.init)
        XCTAssertEqual(lines.count, 2)
        var ids: Set<String> = []
        for line in lines {
            let record = try XCTUnwrap(try JSONSerialization.jsonObject(with: Data(line.utf8)) as? [String: Any], line)
            for member in ["blob", "index", "endpoint", "deadletteredHour", "schema", "deadLetter", "event", "replayError"] {
                XCTAssertNotNil(record[member], "export member \(member) missing: \(line)")
            }
            XCTAssertEqual(record["blob"] as? String, "EG-SUB/2026/1/10/6/4f1a0c5e-0000-4000-8000-000000000001.json")
            XCTAssertEqual(record["schema"] as? String, "eventgrid")
            let reason = try XCTUnwrap(record["replayError"] as? String)
            XCTAssertTrue(reason.contains("source") && reason.contains("ADT instance host"), reason)
            let event = try XCTUnwrap(record["event"] as? [String: Any])
            ids.insert(try XCTUnwrap(event["id"] as? String))
            // The event as it was stored, dead-letter facts included, so the file is a faithful export.
            XCTAssertNotNil(event["deadLetterReason"], line)
        }
        XCTAssertEqual(ids, ["td-1", "ru-1"])

        // The cause fixed: replaying the failed file sends exactly those two.
        let retry = try await context.replay(
            ["replay", failed.path, "--to", context.sinkAddresses.eventGrid(), "--adt-instance-host", Sinks.adtInstanceHost,
             "--no-journal", "--format", "json", "-q"], target: Sinks.eventGridKey(), home: home)
        XCTAssertEqual(retry.exitCode, 0, retry.transcript)
        let summary = ReplayReportReading.replayObject(retry)
        XCTAssertEqual(summary["selected"] as? Int, 2, retry.transcript)
        XCTAssertEqual(summary["sent"] as? Int, 2, retry.transcript)
        let all = await context.received(Sinks.eventGridTopic)
        XCTAssertEqual(all.count, 8)
        XCTAssertEqual(Set(all.eventIDs), Set(EndToEndContainers.triageEvents.keys))
        for message in all.suffix(2) {
            XCTAssertEqual(message.jsonObject?["source"] as? String, Sinks.adtInstanceHost)
        }
    }
}
