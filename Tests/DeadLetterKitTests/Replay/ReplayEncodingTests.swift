import XCTest
@testable import DeadLetterKit

/// The bytes each target makes of a dead letter, and the response classification: no network.
final class ReplayEncodingTests: XCTestCase {
    private let credential = ReplayTargetCredential.eventGridKey(key: "a2V5", variable: "K", asSASToken: false)

    func testEventHubsItemShape() throws {
        let letter = ReplayTestEvents.letter(ReplayTestEvents.twinUpdateJSON(id: "x1", twin: "room-1"), blob: "a.json")
        let target = MessagingTarget(kind: .eventHubs, entityURL: "https://ns.servicebus.windows.net/h", credential: credential, settings: ReplayTargetSettings())
        let item = String(decoding: try target.encode(letter), as: UTF8.self)
        XCTAssertEqual(item, #"{"Body":"{\"modelId\":\"dtmi:com:contoso:Room;1\",\"patch\":[{\"value\":21.5,\"path\":\"/temperature\",\"op\":\"replace\"}]}","#
            + #""UserProperties":{"cloudEvents:id":"x1","cloudEvents:source":"contoso.api.wus2.digitaltwins.azure.net","cloudEvents:specversion":"1.0","#
            + #""cloudEvents:type":"Microsoft.DigitalTwins.Twin.Update","cloudEvents:time":"2024-01-05T13:00:00.1234567Z","cloudEvents:subject":"room-1","#
            + #""cloudEvents:traceparent":"00-2aa957558db348f387ef704b37631a1d-96f834571bf4fe45-01"},"BrokerProperties":{"PartitionKey":"room-1"}}"#)
        XCTAssertEqual(target.requestBody([Array("1".utf8), Array("2".utf8)]), Array("[1,2]".utf8))
    }

    func testServiceBusBrokerPropertiesAndMark() throws {
        let letter = ReplayTestEvents.letter(ReplayTestEvents.twinUpdateJSON(id: "x1", twin: "room-1", extra: #","deadletterreplay":2"#), blob: "a.json")
        let target = MessagingTarget(kind: .serviceBus, entityURL: "https://ns.servicebus.windows.net/q", credential: credential,
                                      settings: ReplayTargetSettings(partitionKey: .none, mark: true))
        let item = try JSONRawValue.parse(try target.encode(letter))
        XCTAssertEqual(item[path: "BrokerProperties.MessageId"]?.string, "x1")
        XCTAssertEqual(item[path: "BrokerProperties.Label"]?.string, "Microsoft.DigitalTwins.Twin.Update")
        XCTAssertEqual(item[path: "BrokerProperties.ContentType"]?.string, "application/json")
        XCTAssertNil(item[path: "BrokerProperties.PartitionKey"])
        XCTAssertEqual(item[member: "UserProperties"]?[member: "cloudEvents:deadletterreplay"]?.string, "3")
        XCTAssertNil(item[member: "UserProperties"]?[member: "cloudEvents:deadletterreason"], "dead-letter facts are not attributes")
    }

    func testBinaryDataCannotGoThroughTheRESTBatch() {
        let json = #"{"specversion":"1.0","id":"b","type":"t","source":"s","data_base64":"//79"}"#
        let target = MessagingTarget(kind: .eventHubs, entityURL: "https://ns.servicebus.windows.net/h", credential: credential, settings: ReplayTargetSettings())
        XCTAssertThrowsError(try target.encode(ReplayTestEvents.letter(json, blob: "b.json"))) { error in
            guard case ReplayEncodingError.binaryBody = error else { return XCTFail("\(error)") }
        }
    }

    func testADTEventGridSchemaDeadLetterNeedsTheInstanceHostForCloudEvents() throws {
        let json = #"{"id":"g1","subject":"room-1","eventType":"Microsoft.DigitalTwins.Twin.Update","eventTime":"2024-01-05T13:00:00Z","#
            + #""dataVersion":"1.0","data":{"data":{"patch":[]},"contenttype":"application/json","traceparent":"00-a-b-01"}}"#
        let letter = ReplayTestEvents.letter(json, blob: "g.json")
        let plain = EventGridTarget(endpoint: "https://t/api/events", credential: credential, settings: ReplayTargetSettings())
        XCTAssertThrowsError(try plain.encode(letter)) { XCTAssertTrue("\($0)".contains("instance host"), "\($0)") }
        let withHost = EventGridTarget(endpoint: "https://t/api/events", credential: credential,
                                       settings: ReplayTargetSettings(adtInstanceHost: "contoso.api.wus2.digitaltwins.azure.net"))
        let event = try JSONRawValue.parse(try withHost.encode(letter))
        XCTAssertEqual(event[member: "source"]?.string, "contoso.api.wus2.digitaltwins.azure.net")
        XCTAssertEqual(event[member: "data"]?.description, #"{"patch":[]}"#)
    }

    func testResponseClassification() {
        func classify(_ status: Int, _ body: String = "", retryAfter: String? = nil) -> ReplayPublishOutcome {
            ReplayResponseClassifier.classify(status: status, retryAfter: retryAfter, body: Array(body.utf8))
        }
        XCTAssertEqual(classify(200), .accepted)
        XCTAssertEqual(classify(201), .accepted)
        XCTAssertEqual(classify(429, retryAfter: "3"), .throttled(status: 429, retryAfter: .seconds(3), message: ""))
        XCTAssertEqual(classify(503, "<Error><Code>503</Code><Detail>ServerBusy: try later</Detail></Error>"),
                       .throttled(status: 503, retryAfter: nil, message: "ServerBusy: try later"))
        XCTAssertEqual(classify(413, #"{"error":{"code":"RequestEntityTooLarge","message":"too big"}}"#), .tooLarge(status: 413, message: "too big"))
        XCTAssertEqual(classify(403, "<Error><Code>403</Code><Detail>MessageSizeExceeded: 3000 &gt; 2000</Detail></Error>"),
                       .tooLarge(status: 403, message: "MessageSizeExceeded: 3000 > 2000"))
        XCTAssertEqual(classify(403, "<Error><Code>403</Code><Detail>QuotaExceeded: the queue is full</Detail></Error>"),
                       .throttled(status: 403, retryAfter: nil, message: "QuotaExceeded: the queue is full"))
        XCTAssertEqual(classify(403, "<Error><Code>403</Code><Detail>Unauthorized: no Send claim</Detail></Error>"),
                       .unauthorized(status: 403, message: "Unauthorized: no Send claim"))
        XCTAssertEqual(classify(401, #"{"error":{"code":"Unauthorized","message":"bad aeg-sas-key=abc123"}}"#),
                       .unauthorized(status: 401, message: "bad aeg-sas-key=REDACTED"))
        XCTAssertEqual(classify(410), .missingEntity(status: 410, message: ""))
        XCTAssertEqual(classify(400, "oops"), .rejected(status: 400, message: "oops"))
        XCTAssertEqual(classify(500), .uncertain(.status(500, retryAfter: nil), message: ""))
        XCTAssertEqual(classify(504), .uncertain(.status(504, retryAfter: nil), message: ""))
    }

    func testSummaryAccountsAndRenders() {
        var summary = ReplaySummary(target: "eventhubs:https://ns/h", selected: 10, sent: 7, skipped: 2, failed: 1,
                                    failureReasons: ["too large": 1], batches: 2, requests: 3, retries: 1, bytes: 5000, elapsed: .seconds(2))
        XCTAssertFalse(summary.allSent)
        XCTAssertEqual(summary.exitCode, 2)
        XCTAssertTrue(summary.text().contains("  too large"))
        XCTAssertTrue(summary.json.rendered(pretty: false).contains(#""failureReasons":{"too large":1}"#))
        summary.failed = 0
        summary.sent = 8
        summary.failureReasons = [:]
        XCTAssertEqual(summary.exitCode, 0)
        summary.stop = .interrupted
        XCTAssertEqual(summary.exitCode, 3)
        XCTAssertTrue(summary.text().contains("stopped: interrupted"))
    }
}
