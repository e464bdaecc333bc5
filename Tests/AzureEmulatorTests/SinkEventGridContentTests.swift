import XCTest
@testable import AzureEmulator

final class SinkEventGridContentTests: XCTestCase {
    private let clock = SinkTestClock()

    private func post(topic: String = "replay-topic", contentType: String?, body: String,
                      to sinks: PublishSinks? = nil) async -> (EmulatorResponse?, PublishSinks) {
        let target = sinks ?? SinkFixtures.sinks(clock: clock)
        var headers = [("aeg-sas-key", SinkFixtures.eventGridKey)]
        if let contentType { headers.append(("Content-Type", contentType)) }
        let response = await target.handle(SinkFixtures.request(path: "/\(topic)/api/events", query: "api-version=2018-01-01",
                                                                headers: headers, json: body))
        return (response, target)
    }

    private func assertBadRequest(_ response: EmulatorResponse?, mentioning fragment: String, file: StaticString = #filePath, line: UInt = #line) {
        XCTAssertEqual(response?.status, 400, file: file, line: line)
        let text = SinkFixtures.text(response)
        XCTAssertTrue(text.hasPrefix(#"{"error":{"code":"BadRequest","message":"#), text, file: file, line: line)
        XCTAssertTrue(text.contains(fragment), "expected '\(fragment)' in \(text)", file: file, line: line)
    }

    func testCloudEventBatchRecordsEachEventsBytesExactly() async {
        let first = SinkFixtures.cloudEvent(id: "a")
        let second = "{\n  \"specversion\": \"1.0\", \"id\": \"b\", \"source\": \"s\", \"type\": \"t\",\n  \"data_base64\": \"AAEC\" }"
        let (response, sinks) = await post(contentType: SinkFixtures.cloudEventsBatch, body: "[ \(first) ,\n\(second)\n]")
        XCTAssertEqual(response?.status, 200)
        let received = await sinks.received("replay-topic")
        XCTAssertEqual(received.map(\.bodyText), [first, second])
        XCTAssertEqual(received.map(\.kind), [.cloudEvent, .cloudEvent])
        XCTAssertEqual(received.map(\.sequenceNumber), [1, 2])
        XCTAssertEqual(received.first?.contentType, SinkFixtures.cloudEventsBatch)
    }

    func testSingleStructuredCloudEvent() async {
        let event = SinkFixtures.cloudEvent(id: "single", extra: #","traceparent":"00-abc-def-01","deadletterreplay":2,"flag":true"#)
        let (response, sinks) = await post(contentType: "application/cloudevents+json; charset=utf-8", body: "  \(event)\n")
        XCTAssertEqual(response?.status, 200)
        let received = await sinks.received("replay-topic")
        XCTAssertEqual(received.map(\.bodyText), [event])
    }

    func testEmptyBatchIsAcceptedAndRecordsNothing() async {
        let (response, sinks) = await post(contentType: SinkFixtures.cloudEventsBatch, body: "[]")
        XCTAssertEqual(response?.status, 200)
        let received = await sinks.received("replay-topic")
        XCTAssertTrue(received.isEmpty)
    }

    func testEventGridSchemaArrayOnEventGridTopic() async {
        let resource = EventGridTopicConfig.emulatorResourceID(topic: "replay-topic-eg")
        let events = [SinkFixtures.eventGridEvent(id: "1"), SinkFixtures.eventGridEvent(id: "2", extra: #","topic":"\#(resource.uppercased())","metadataVersion":"1""#)]
        let (response, sinks) = await post(topic: "replay-topic-eg", contentType: "application/json; charset=utf-8",
                                           body: "[\(events.joined(separator: ","))]")
        XCTAssertEqual(response?.status, 200, SinkFixtures.text(response))
        let received = await sinks.received("replay-topic-eg")
        XCTAssertEqual(received.map(\.bodyText), events)
        XCTAssertEqual(received.map(\.kind), [.eventGridEvent, .eventGridEvent])
    }

    func testEventGridEventNamingAnotherTopicIsRefused() async {
        let event = SinkFixtures.eventGridEvent(id: "1", extra: #","topic":"/subscriptions/x/resourceGroups/y/providers/Microsoft.EventGrid/topics/other""#)
        let (response, _) = await post(topic: "replay-topic-eg", contentType: "application/json", body: "[\(event)]")
        assertBadRequest(response, mentioning: "omit 'topic'")
    }

    func testEventGridEventRequiredProperties() async {
        for property in ["id", "subject", "eventType", "eventTime", "dataVersion"] {
            let event = SinkFixtures.eventGridEvent(id: "1").replacingOccurrences(of: "\"\(property)\":", with: "\"x\(property)\":")
            let (response, _) = await post(topic: "replay-topic-eg", contentType: "application/json", body: "[\(event)]")
            assertBadRequest(response, mentioning: "the required property '\(property)' is missing")
        }
        let badTime = SinkFixtures.eventGridEvent(id: "1").replacingOccurrences(of: "2024-01-05T13:00:00Z", with: "yesterday")
        let (response, _) = await post(topic: "replay-topic-eg", contentType: "application/json", body: "[\(badTime)]")
        assertBadRequest(response, mentioning: "RFC 3339")
    }

    func testSchemaMismatchIsRefusedBothWays() async {
        let (eventGridOnCloudEventsTopic, _) = await post(contentType: "application/json", body: "[\(SinkFixtures.eventGridEvent(id: "1"))]")
        assertBadRequest(eventGridOnCloudEventsTopic, mentioning: "cloudevents input schema")
        let (cloudEventsOnEventGridTopic, sinks) = await post(topic: "replay-topic-eg", contentType: SinkFixtures.cloudEventsBatch,
                                                             body: "[\(SinkFixtures.cloudEvent(id: "1"))]")
        assertBadRequest(cloudEventsOnEventGridTopic, mentioning: "eventgrid input schema")
        let counters = await sinks.counters("replay-topic-eg")
        XCTAssertEqual(counters.rejected["schemaMismatch"], 1)
    }

    func testUnsupportedOrMissingContentType() async {
        let (plain, _) = await post(contentType: "text/plain", body: "[]")
        assertBadRequest(plain, mentioning: "does not accept Content-Type 'text/plain'")
        let (missing, _) = await post(contentType: nil, body: "[]")
        assertBadRequest(missing, mentioning: "(none)")
    }

    func testCloudEventRequiredAttributes() async {
        for attribute in ["id", "source", "specversion", "type"] {
            let event = SinkFixtures.cloudEvent(id: "x").replacingOccurrences(of: "\"\(attribute)\":", with: "\"z\(attribute)\":")
            let (response, _) = await post(contentType: SinkFixtures.cloudEventsBatch, body: "[\(SinkFixtures.cloudEvent(id: "ok")),\(event)]")
            assertBadRequest(response, mentioning: "index 1")
            assertBadRequest(response, mentioning: "the required attribute '\(attribute)' is missing")
        }
    }

    func testCloudEventAttributeRules() async {
        let cases: [(String, String)] = [
            (SinkFixtures.cloudEvent(id: "x").replacingOccurrences(of: "\"1.0\"", with: "\"0.3\""), "specversion must be"),
            (SinkFixtures.cloudEvent(id: "x", extra: #","Bad_Name":"v""#), "attribute name 'Bad_Name' is not allowed"),
            (SinkFixtures.cloudEvent(id: "x", extra: #","data_base64":"AAEC""#), "both 'data' and 'data_base64'"),
            (SinkFixtures.cloudEvent(id: "x", extra: #","nested":{"a":1}"#), "must be a string, number or boolean"),
            (SinkFixtures.cloudEvent(id: ""), "'id' must not be empty"),
            (SinkFixtures.cloudEvent(id: "x").replacingOccurrences(of: "2024-01-05T13:00:00Z", with: "05/01/2024"), "'time' must be an RFC 3339"),
            (#"{"specversion":"1.0","id":"x","source":"s","type":"t","data_base64":"***"}"#, "'data_base64' must be a base64 string"),
            ("42", "must be a JSON object"),
        ]
        for (event, fragment) in cases {
            let (response, sinks) = await post(contentType: SinkFixtures.cloudEventsBatch, body: "[\(event)]")
            assertBadRequest(response, mentioning: fragment)
            let received = await sinks.received("replay-topic")
            XCTAssertTrue(received.isEmpty, "a refused batch must record nothing")
        }
    }

    func testMalformedJSONIsBadRequest() async {
        let (response, _) = await post(contentType: SinkFixtures.cloudEventsBatch, body: "[{\"id\": }")
        assertBadRequest(response, mentioning: "is not valid JSON")
        let (notArray, _) = await post(contentType: SinkFixtures.cloudEventsBatch, body: SinkFixtures.cloudEvent(id: "1"))
        assertBadRequest(notArray, mentioning: "expected a JSON array")
    }

    func testRequestOverOneMegabyteIs413() async {
        let padding = String(repeating: "x", count: 1_048_576)
        let event = SinkFixtures.cloudEvent(id: "big", extra: #","pad":"\#(padding)""#)
        let (response, sinks) = await post(contentType: SinkFixtures.cloudEventsBatch, body: "[\(event)]")
        XCTAssertEqual(response?.status, 413)
        XCTAssertTrue(SinkFixtures.text(response).hasPrefix(#"{"error":{"code":"RequestEntityTooLarge""#))
        XCTAssertTrue(SinkFixtures.text(response).contains("the limit per request is 1048576 bytes"))
        let counters = await sinks.counters("replay-topic")
        XCTAssertEqual(counters.rejected["requestTooLarge"], 1)
    }

    func testEventOverPerEventLimitIs413() async {
        var configuration = SinkConfiguration()
        configuration.eventGridTopics["replay-topic"]?.maxEventBytes = 300
        let small = SinkFixtures.cloudEvent(id: "small")
        let large = SinkFixtures.cloudEvent(id: "large", extra: #","pad":"\#(String(repeating: "y", count: 300))""#)
        let (response, _) = await post(contentType: SinkFixtures.cloudEventsBatch, body: "[\(small),\(large)]",
                                       to: SinkFixtures.sinks(configuration, clock: clock))
        XCTAssertEqual(response?.status, 413)
        XCTAssertTrue(SinkFixtures.text(response).contains("the event at index 1"))
        XCTAssertTrue(SinkFixtures.text(response).contains("the limit per event is 300 bytes"))
    }

    func testUnknownTopicIs404() async {
        let (response, _) = await post(topic: "nope", contentType: SinkFixtures.cloudEventsBatch, body: "[]")
        XCTAssertEqual(response?.status, 404)
        XCTAssertTrue(SinkFixtures.text(response).contains("no Event Grid topic named 'nope'"))
    }
}
