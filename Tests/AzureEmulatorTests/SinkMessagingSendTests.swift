import XCTest
@testable import AzureEmulator

final class SinkMessagingSendTests: XCTestCase {
    private let clock = SinkTestClock()
    private let batchType = "application/vnd.microsoft.servicebus.json"

    private func post(_ entity: String, contentType: String? = "application/vnd.microsoft.servicebus.json", extraHeaders: [(String, String)] = [],
                      body: [UInt8], to sinks: PublishSinks) async -> EmulatorResponse? {
        var headers = [("Authorization", SinkFixtures.serviceBusToken(entity: entity, clock: clock))]
        if let contentType { headers.append(("Content-Type", contentType)) }
        return await sinks.handle(SinkFixtures.request(path: "/\(entity)/messages", query: "timeout=60&api-version=2014-01",
                                                       headers: headers + extraHeaders, body: body))
    }

    private func post(_ entity: String, json: String, to sinks: PublishSinks) async -> EmulatorResponse? {
        await post(entity, body: Array(json.utf8), to: sinks)
    }

    /// The shape ADT itself delivers to Event Hubs: CloudEvents AMQP binary mode (wire-formats §2.3).
    private let adtBatch = #"""
    [{"Body":"{\"patch\":[{\"op\":\"replace\",\"path\":\"/t\",\"value\":21}]}",
      "BrokerProperties":{"PartitionKey":"twin-1"},
      "UserProperties":{"cloudEvents:id":"e1","cloudEvents:source":"adt.example/digitaltwins/twin-1","cloudEvents:specversion":"1.0",
                        "cloudEvents:type":"Microsoft.DigitalTwins.Twin.Update","cloudEvents:time":"2024-01-05T13:00:00Z",
                        "cloudEvents:subject":"twin-1","cloudEvents:traceparent":"00-0af7651916cd43dd8448eb211c80319c-b7ad6b7169203331-01"}},
     {"Body":"second","UserProperties":{"cloudEvents:id":"e2","Priority":3,"Urgent":true}}]
    """#

    func testEventHubsBatchSendRecordsBodiesAndProperties() async {
        let sinks = SinkFixtures.sinks(clock: clock)
        let response = await post("replay-hub", json: adtBatch, to: sinks)
        XCTAssertEqual(response?.status, 201, SinkFixtures.text(response))
        let received = await sinks.received("replay-hub")
        XCTAssertEqual(received.count, 2)
        XCTAssertEqual(received[0].kind, .eventHubsMessage)
        XCTAssertEqual(received[0].bodyText, #"{"patch":[{"op":"replace","path":"/t","value":21}]}"#)
        XCTAssertEqual(received[0].partitionKey, "twin-1")
        XCTAssertEqual(received[0].userProperties["cloudEvents:id"], .string("e1"))
        XCTAssertEqual(received[0].userProperties["cloudEvents:traceparent"], .string("00-0af7651916cd43dd8448eb211c80319c-b7ad6b7169203331-01"))
        XCTAssertEqual(received[0].userProperties.count, 7)
        XCTAssertNil(received[0].contentType, "batch items carry no content type")
        XCTAssertEqual(received[1].userProperties["Priority"], .number("3"))
        XCTAssertEqual(received[1].userProperties["Urgent"], .bool(true))
        XCTAssertEqual(received.map(\.sequenceNumber), [1, 2])
    }

    func testServiceBusBatchSendKeepsMessageIdAndLabel() async {
        let sinks = SinkFixtures.sinks(clock: clock)
        let json = #"[{"Body":"{}","BrokerProperties":{"MessageId":"e1","Label":"Microsoft.DigitalTwins.Twin.Update","TimeToLive":40},"UserProperties":{"cloudEvents:id":"e1"}}]"#
        let response = await post("replay-sb-topic", json: json, to: sinks)
        XCTAssertEqual(response?.status, 201)
        let message = await sinks.received("replay-sb-topic").first
        XCTAssertEqual(message?.kind, .serviceBusMessage)
        XCTAssertEqual(message?.messageID, "e1")
        XCTAssertEqual(message?.brokerProperties["Label"], .string("Microsoft.DigitalTwins.Twin.Update"))
        XCTAssertEqual(message?.brokerProperties["TimeToLive"], .number("40"))
    }

    func testSingleSendUsesHeadersForProperties() async {
        let sinks = SinkFixtures.sinks(clock: clock)
        let payload: [UInt8] = [0xFF, 0x00, 0x41]
        let response = await post("replay-queue", contentType: "application/octet-stream",
                                  extraHeaders: [("BrokerProperties", #"{"MessageId":"m-1","PartitionKey":"p","SessionId":"p","Label":"L"}"#),
                                                 ("Alert", "\"Strong Wind\""), ("Priority", "High"), ("User-Agent", "test"),
                                                 ("x-ms-retrypolicy", "NoRetry")],
                                  body: payload, to: sinks)
        XCTAssertEqual(response?.status, 201, SinkFixtures.text(response))
        let message = await sinks.received("replay-queue").first
        XCTAssertEqual(message?.body, payload)
        XCTAssertEqual(message?.contentType, "application/octet-stream")
        XCTAssertEqual(message?.messageID, "m-1")
        XCTAssertEqual(message?.partitionKey, "p")
        XCTAssertEqual(message?.userProperties, ["Alert": .string("Strong Wind"), "Priority": .string("High")])
    }

    func testEventHubsSingleSendWithAtomContentType() async {
        let sinks = SinkFixtures.sinks(clock: clock)
        let contentType = "application/atom+xml;type=entry;charset=utf-8"
        let response = await post("replay-hub", contentType: contentType, extraHeaders: [("BrokerProperties", #"{"PartitionKey":"twin-9"}"#)],
                                  body: Array(#"{"Temperature":21}"#.utf8), to: sinks)
        XCTAssertEqual(response?.status, 201)
        let message = await sinks.received("replay-hub").first
        XCTAssertEqual(message?.contentType, contentType)
        XCTAssertEqual(message?.partitionKey, "twin-9")
        XCTAssertEqual(message?.bodyText, #"{"Temperature":21}"#)
    }

    func testMalformedRequestsAre400() async {
        let sinks = SinkFixtures.sinks(clock: clock)
        let cases: [(String, String)] = [
            ("[{\"Body\": 1}]", "'Body' must be a string"),
            ("[{\"Body\": \"x\"", "is not valid JSON"),
            ("{\"Body\": \"x\"}", "expected a JSON array"),
            ("[\"x\"]", "a batch item must be an object"),
            (#"[{"Body":"x","UserProperties":{"a":{"b":1}}}]"#, "'UserProperties.a' must be a string, number or boolean"),
            (#"[{"Body":"x","BrokerProperties":[1]}]"#, "'BrokerProperties' must be a JSON object"),
            (#"[{"Body":"x","BrokerProperties":{"SessionId":"a","PartitionKey":"b"}}]"#, "SessionId and PartitionKey"),
        ]
        for (json, fragment) in cases {
            let response = await post("replay-queue", json: json, to: sinks)
            XCTAssertEqual(response?.status, 400, json)
            XCTAssertTrue(SinkFixtures.text(response).hasPrefix("<Error><Code>400</Code><Detail>BadRequest: "), SinkFixtures.text(response))
            XCTAssertTrue(SinkFixtures.text(response).contains(fragment), "expected '\(fragment)' in \(SinkFixtures.text(response))")
        }
        let badHeader = await post("replay-queue", contentType: "text/plain", extraHeaders: [("BrokerProperties", "{nope")],
                                   body: Array("x".utf8), to: sinks)
        XCTAssertEqual(badHeader?.status, 400)
        XCTAssertTrue(SinkFixtures.text(badHeader).contains("BrokerProperties header is not valid JSON"))
        let received = await sinks.received("replay-queue")
        XCTAssertTrue(received.isEmpty)
        let counters = await sinks.counters("replay-queue")
        XCTAssertEqual(counters.requests, cases.count + 1)
        XCTAssertEqual(counters.rejectedTotal, cases.count + 1)
    }

    func testServiceBusMessageOver256KBIs403() async {
        let sinks = SinkFixtures.sinks(clock: clock)
        let big = String(repeating: "a", count: 262_145)
        let response = await post("replay-queue", json: #"[{"Body":"small"},{"Body":"\#(big)"}]"#, to: sinks)
        XCTAssertEqual(response?.status, 403)
        let text = SinkFixtures.text(response)
        XCTAssertTrue(text.hasPrefix("<Error><Code>403</Code><Detail>MessageSizeExceeded: "), text)
        XCTAssertTrue(text.contains("message size exceeded"))
        XCTAssertTrue(text.contains("index 1"))
        let received = await sinks.received("replay-queue")
        XCTAssertTrue(received.isEmpty)
    }

    func testServiceBusBatchOver1MBIs403AndEventHubsIs413() async {
        let sinks = SinkFixtures.sinks(clock: clock)
        let chunk = String(repeating: "b", count: 200_000)
        let json = "[" + (0..<6).map { _ in #"{"Body":"\#(chunk)"}"# }.joined(separator: ",") + "]"
        let serviceBus = await post("replay-queue", json: json, to: sinks)
        XCTAssertEqual(serviceBus?.status, 403)
        let eventHubs = await post("replay-hub", json: json, to: sinks)
        XCTAssertEqual(eventHubs?.status, 413)
        XCTAssertTrue(SinkFixtures.text(eventHubs).contains("the limit per request is 1048576 bytes"))
        let hubCounters = await sinks.counters("replay-hub")
        XCTAssertEqual(hubCounters.rejected["requestTooLarge"], 1)
    }

    func testConfiguredMessageLimitForEventHubs() async {
        var configuration = SinkConfiguration()
        configuration.messagingEntities["replay-hub"]?.maxMessageBytes = 50
        let sinks = SinkFixtures.sinks(configuration, clock: clock)
        let response = await post("replay-hub", json: #"[{"Body":"\#(String(repeating: "c", count: 51))"}]"#, to: sinks)
        XCTAssertEqual(response?.status, 413)
        XCTAssertTrue(SinkFixtures.text(response).contains("the message size limit is 50 bytes"))
    }

    func testDuplicateDetectionDropsRepeatsWithinWindow() async {
        let sinks = SinkFixtures.sinks(clock: clock)
        func batch(_ ids: [String]) -> String {
            "[" + ids.map { #"{"Body":"body-\#($0)","BrokerProperties":{"MessageId":"\#($0)"}}"# }.joined(separator: ",") + "]"
        }
        let first = await post("replay-queue", json: batch(["m1", "m2"]), to: sinks)
        XCTAssertEqual(first?.status, 201)
        let second = await post("replay-queue", json: batch(["m2", "m3", "m3"]), to: sinks)
        XCTAssertEqual(second?.status, 201, "duplicates are acknowledged like any message")
        var received = await sinks.received("replay-queue")
        XCTAssertEqual(received.map(\.messageID), ["m1", "m2", "m3"])
        XCTAssertEqual(received.map(\.sequenceNumber), [1, 2, 3])
        var counters = await sinks.counters("replay-queue")
        XCTAssertEqual(counters.duplicatesDropped, 2)
        XCTAssertEqual(counters.acceptedMessages, 3)

        clock.advance(SinkConfiguration.defaultDuplicateDetectionWindow + 1)
        _ = await post("replay-queue", json: batch(["m1"]), to: sinks)
        received = await sinks.received("replay-queue")
        XCTAssertEqual(received.map(\.messageID), ["m1", "m2", "m3", "m1"], "after the window the id is new again")
        counters = await sinks.counters("replay-queue")
        XCTAssertEqual(counters.duplicatesDropped, 2)
    }

    func testNoDuplicateDetectionWhereNotConfigured() async {
        let sinks = SinkFixtures.sinks(clock: clock)
        let json = #"[{"Body":"a","BrokerProperties":{"MessageId":"same"}},{"Body":"b","BrokerProperties":{"MessageId":"same"}}]"#
        for entity in ["replay-hub", "replay-sb-topic"] {
            _ = await post(entity, json: json, to: sinks)
            let received = await sinks.received(entity)
            XCTAssertEqual(received.map(\.bodyText), ["a", "b"], entity)
        }
    }
}
