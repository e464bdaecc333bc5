import Foundation
import XCTest
@testable import AzureEmulator

final class SinkRecordingTests: XCTestCase {
    private let clock = SinkTestClock()

    private func publishEvents(_ events: [String], to sinks: PublishSinks) async -> EmulatorResponse? {
        await sinks.handle(SinkFixtures.request(path: "/replay-topic/api/events",
                                                headers: [("aeg-sas-key", SinkFixtures.eventGridKey), ("Content-Type", SinkFixtures.cloudEventsBatch)],
                                                json: "[\(events.joined(separator: ","))]"))
    }

    private func sendBatch(_ json: String, entity: String = "replay-hub", to sinks: PublishSinks) async -> EmulatorResponse? {
        await sinks.handle(SinkFixtures.request(path: "/\(entity)/messages",
                                                headers: [("Authorization", SinkFixtures.serviceBusToken(entity: entity, clock: clock)),
                                                          ("Content-Type", "application/vnd.microsoft.servicebus.json")],
                                                json: json))
    }

    private func lines(_ jsonl: [UInt8]) throws -> [[String: Any]] {
        try String(decoding: jsonl, as: UTF8.self).split(separator: "\n").map {
            try XCTUnwrap(JSONSerialization.jsonObject(with: Data($0.utf8)) as? [String: Any])
        }
    }

    func testOrderAndSequenceNumbersArePerSink() async {
        let sinks = SinkFixtures.sinks(clock: clock)
        _ = await publishEvents([SinkFixtures.cloudEvent(id: "1"), SinkFixtures.cloudEvent(id: "2")], to: sinks)
        _ = await sendBatch(#"[{"Body":"h1"}]"#, to: sinks)
        _ = await publishEvents([SinkFixtures.cloudEvent(id: "3")], to: sinks)
        let topic = await sinks.received("replay-topic")
        XCTAssertEqual(topic.map(\.sequenceNumber), [1, 2, 3])
        XCTAssertEqual(topic.map { $0.bodyText.contains(#""id":"3""#) }, [false, false, true])
        let hub = await sinks.received("replay-hub")
        XCTAssertEqual(hub.map(\.sequenceNumber), [1])
        XCTAssertEqual(hub.first?.receivedAt, clock.now)
    }

    func testEventGridJSONLEmbedsEachEventOnOneLine() async throws {
        let sinks = SinkFixtures.sinks(clock: clock)
        let spread = "{\n \"specversion\":\"1.0\",\r\n \"id\":\"multi\",\"source\":\"s\",\"type\":\"t\",\"data\":{\"text\":\"a\\nb\"}\n}"
        _ = await publishEvents([SinkFixtures.cloudEvent(id: "1"), spread], to: sinks)
        let jsonl = await sinks.receivedJSONL("replay-topic")
        let records = try lines(jsonl)
        XCTAssertEqual(records.count, 2)
        XCTAssertEqual(records[0]["sink"] as? String, "replay-topic")
        XCTAssertEqual(records[0]["kind"] as? String, "cloudEvent")
        XCTAssertEqual(records[0]["sequence"] as? Int, 1)
        XCTAssertEqual(records[0]["contentType"] as? String, SinkFixtures.cloudEventsBatch)
        XCTAssertEqual(records[0]["receivedAt"] as? String, "2027-01-15T08:00:00.000Z")
        let second = try XCTUnwrap(records[1]["event"] as? [String: Any])
        XCTAssertEqual(second["id"] as? String, "multi")
        XCTAssertEqual((second["data"] as? [String: Any])?["text"] as? String, "a\nb")
    }

    func testMessagingJSONLCarriesPropertiesAndBinaryBodies() async throws {
        let sinks = SinkFixtures.sinks(clock: clock)
        _ = await sendBatch(#"[{"Body":"{\"n\":1}","BrokerProperties":{"PartitionKey":"twin-1","MessageId":"m"},"UserProperties":{"cloudEvents:id":"e1","n":5}}]"#,
                            to: sinks)
        _ = await sinks.handle(SinkFixtures.request(path: "/replay-hub/messages",
                                                    headers: [("Authorization", SinkFixtures.serviceBusToken(entity: "replay-hub", clock: clock)),
                                                              ("Content-Type", "application/octet-stream")],
                                                    body: [0xFF, 0xFE]))
        let records = try lines(await sinks.receivedJSONL("replay-hub"))
        XCTAssertEqual(records.count, 2)
        XCTAssertEqual(records[0]["kind"] as? String, "eventHubsMessage")
        XCTAssertEqual(records[0]["body"] as? String, #"{"n":1}"#)
        XCTAssertEqual(records[0]["partitionKey"] as? String, "twin-1")
        XCTAssertEqual(records[0]["messageId"] as? String, "m")
        XCTAssertTrue(records[0]["contentType"] is NSNull)
        let user = try XCTUnwrap(records[0]["userProperties"] as? [String: Any])
        XCTAssertEqual(user["cloudEvents:id"] as? String, "e1")
        XCTAssertEqual(user["n"] as? Int, 5)
        XCTAssertEqual((records[0]["brokerProperties"] as? [String: Any])?["PartitionKey"] as? String, "twin-1")
        XCTAssertEqual(records[1]["bodyBase64"] as? String, "//4=")
        XCTAssertNil(records[1]["body"])
    }

    func testRecordFileGetsTheSameLines() async throws {
        let file = FileManager.default.temporaryDirectory.appendingPathComponent("sink-record-\(UUID().uuidString).jsonl").path
        defer { try? FileManager.default.removeItem(atPath: file) }
        var configuration = SinkConfiguration()
        configuration.recordFile = file
        let sinks = SinkFixtures.sinks(configuration, clock: clock)
        _ = await publishEvents([SinkFixtures.cloudEvent(id: "1")], to: sinks)
        _ = await sendBatch(#"[{"Body":"x"},{"Body":"y"}]"#, to: sinks)
        let written = try Data(contentsOf: URL(fileURLWithPath: file))
        let expected = await sinks.receivedJSONL("replay-topic") + sinks.receivedJSONL("replay-hub")
        XCTAssertEqual(Array(written), expected)
    }

    func testUnwritableRecordFileIs500ButKeepsTheMessage() async {
        var configuration = SinkConfiguration()
        configuration.recordFile = "/nonexistent-folder-\(UUID().uuidString)/record.jsonl"
        let sinks = SinkFixtures.sinks(configuration, clock: clock)
        let response = await publishEvents([SinkFixtures.cloudEvent(id: "1")], to: sinks)
        XCTAssertEqual(response?.status, 500)
        XCTAssertTrue(SinkFixtures.text(response).contains("could not be appended to the record file"))
        let received = await sinks.received("replay-topic")
        XCTAssertEqual(received.count, 1)
        let counters = await sinks.counters("replay-topic")
        XCTAssertEqual(counters.rejected["recordFileFailed"], 1)
    }

    func testReadBackEndpoints() async throws {
        let sinks = SinkFixtures.sinks(clock: clock)
        _ = await publishEvents([SinkFixtures.cloudEvent(id: "1")], to: sinks)
        _ = await sinks.handle(SinkFixtures.request(path: "/replay-topic/api/events", headers: [("Content-Type", SinkFixtures.cloudEventsBatch)], json: "[]"))
        let log = await sinks.handle(SinkFixtures.request("GET", path: "/_emulator/sinks/replay-topic/received"))
        XCTAssertEqual(log?.status, 200)
        XCTAssertEqual(log?.headers.first { $0.name == "Content-Type" }?.value, "application/x-ndjson")
        let expected = await sinks.receivedJSONL("replay-topic")
        XCTAssertEqual(log?.body, expected)
        let counters = await sinks.handle(SinkFixtures.request("GET", path: "/_emulator/sinks/replay-topic/counters"))
        XCTAssertEqual(SinkFixtures.text(counters), #"{"requests":2,"acceptedMessages":1,"duplicatesDropped":0,"rejected":{"missingCredential":1}}"#)
        let unknown = await sinks.handle(SinkFixtures.request("GET", path: "/_emulator/sinks/nope/received"))
        XCTAssertEqual(unknown?.status, 404)
        let empty = await sinks.handle(SinkFixtures.request("GET", path: "/_emulator/sinks/replay-queue/received"))
        XCTAssertEqual(empty?.status, 200)
        XCTAssertEqual(empty?.body, [])
    }

    func testResetForgetsEverything() async {
        let sinks = SinkFixtures.sinks(clock: clock)
        _ = await publishEvents([SinkFixtures.cloudEvent(id: "1")], to: sinks)
        await sinks.reset()
        let received = await sinks.received("replay-topic")
        XCTAssertTrue(received.isEmpty)
        let counters = await sinks.counters("replay-topic")
        XCTAssertEqual(counters, SinkCounters())
        _ = await publishEvents([SinkFixtures.cloudEvent(id: "2")], to: sinks)
        let again = await sinks.received("replay-topic")
        XCTAssertEqual(again.map(\.sequenceNumber), [1])
    }

    func testRetentionLimitKeepsTheNewestButCountsAll() async {
        var configuration = SinkConfiguration()
        configuration.retainedMessagesPerSink = 4
        let sinks = SinkFixtures.sinks(configuration, clock: clock)
        for index in 0..<10 {
            _ = await sendBatch(#"[{"Body":"m\#(index)"}]"#, to: sinks)
        }
        let received = await sinks.received("replay-hub")
        XCTAssertEqual(received.map(\.bodyText), ["m6", "m7", "m8", "m9"])
        XCTAssertEqual(received.map(\.sequenceNumber), [7, 8, 9, 10])
        let counters = await sinks.counters("replay-hub")
        XCTAssertEqual(counters.acceptedMessages, 10)
    }

    func testDuplicateHistoryExpiresInAcceptanceOrder() {
        var history = SinkDuplicateHistory(window: 10)
        let start = Date(timeIntervalSince1970: 0)
        XCTAssertFalse(history.isDuplicate("a", at: start))
        XCTAssertFalse(history.isDuplicate("b", at: start + 5))
        XCTAssertTrue(history.isDuplicate("a", at: start + 9.9))
        XCTAssertFalse(history.isDuplicate("a", at: start + 10), "a's window ended")
        XCTAssertTrue(history.isDuplicate("b", at: start + 14))
        XCTAssertTrue(history.isDuplicate("a", at: start + 19), "a was accepted again at 10")
        XCTAssertFalse(history.isDuplicate("b", at: start + 15))
    }

    func testRoutingLeavesBlobRequestsAlone() async {
        let sinks = SinkFixtures.sinks(clock: clock)
        let blobRequests = [
            SinkFixtures.request("GET", path: "/devstoreaccount1/dl", query: "restype=container&comp=list"),
            SinkFixtures.request("PUT", path: "/devstoreaccount1/dl/api/events"),
            SinkFixtures.request("GET", path: "/devstoreaccount1/messages"),
            SinkFixtures.request("POST", path: "/devstoreaccount1/messages", query: "restype=container&comp=batch"),
            SinkFixtures.request("GET", path: "/replay-topic/api/events"),
        ]
        for request in blobRequests {
            let response = await sinks.handle(request)
            XCTAssertNil(response, "\(request.method) \(request.path)?\(request.rawQuery)")
            XCTAssertNil(sinks.service(for: request))
        }
    }

    func testServiceForFaultInjection() {
        let sinks = SinkFixtures.sinks(clock: clock)
        XCTAssertEqual(sinks.service(for: SinkFixtures.request(path: "/replay-topic/api/events")), .eventGrid)
        XCTAssertEqual(sinks.service(for: SinkFixtures.request(path: "/unknown-topic/api/events")), .eventGrid)
        XCTAssertEqual(sinks.service(for: SinkFixtures.request(path: "/replay-hub/messages")), .eventHubs)
        XCTAssertEqual(sinks.service(for: SinkFixtures.request(path: "/replay-queue/messages")), .serviceBus)
        XCTAssertEqual(sinks.service(for: SinkFixtures.request(path: "/replay-sb-topic/messages")), .serviceBus)
        XCTAssertNil(sinks.service(for: SinkFixtures.request("GET", path: "/_emulator/sinks/replay-hub/received")))
    }
}
