@testable import DeadLetterKit
import XCTest

final class EventConversionTests: XCTestCase {
    private let host = "my-example-digital-twin.api.sea.digitaltwins.azure.net"

    private func parse(_ bytes: [UInt8]) throws -> DeadLetter {
        try DeadLetter(parsing: bytes, origin: EventTestSupport.origin)
    }

    // MARK: strip

    func testStrippingCloudEventsDeadLetterGivesTheDocumentedEventByteForByte() throws {
        let deadLetter = try EventTestSupport.deadLetter("eventgrid/docs-delivery-and-retry/cloudevents-schema.deadletter.json")
        let stripped = EventConversion.strippingDeadLetterFields(deadLetter)
        let original = try EventTestSupport.deadLetter("eventgrid/docs-delivery-and-retry/cloudevents-schema.event.json")
        XCTAssertEqual(EventTestSupport.text(stripped), EventTestSupport.text(original.bytes))
    }

    func testStrippingEventGridDeadLettersKeepsEveryOtherByte() throws {
        // Facts after `data` (Event Grid schema): everything from the end of `data` to the last fact goes.
        let eventGrid = try EventTestSupport.deadLetter("eventgrid/docs-delivery-and-retry/eventgrid-schema.deadletter.json")
        let spans = eventGrid.raw.memberSpans
        XCTAssertEqual(EventConversion.strippingDeadLetterFields(eventGrid),
                       Array(eventGrid.bytes[..<spans[7].valueRange.upperBound] + eventGrid.bytes[spans[12].valueRange.upperBound...]))
        XCTAssertTrue(EventTestSupport.text(EventConversion.strippingDeadLetterFields(eventGrid)).hasSuffix("}\n    } \n}"),
                      "the whitespace after the last member is kept")
        // Facts between `subject` and `data` (custom input schema): the separator before `data` is kept.
        let custom = try EventTestSupport.deadLetter("eventgrid/docs-delivery-and-retry/custom-schema.deadletter.json")
        let customSpans = custom.raw.memberSpans
        let stripped = EventConversion.strippingDeadLetterFields(custom)
        XCTAssertEqual(stripped, Array(custom.bytes[..<customSpans[6].valueRange.upperBound] + custom.bytes[customSpans[11].valueRange.upperBound...]))
        let event = try parse(stripped)
        XCTAssertTrue(event.facts.isEmpty)
        XCTAssertEqual(event.raw.members.map(\.name), ["id", "eventTime", "eventType", "dataVersion", "metadataVersion", "topic", "subject", "data"])
        XCTAssertEqual(event.data?.bytes, custom.data?.bytes)
    }

    func testStrippingNamespaceDeadLetters() throws {
        let wrapped = try EventTestSupport.deadLetter("eventgrid/namespace-topics/deadletter.event-wrapper.custom-delivery-properties.json")
        let inner = EventConversion.strippingDeadLetterFields(wrapped)
        XCTAssertEqual(inner, Array(wrapped.eventBytes))
        XCTAssertEqual(try parse(inner).schema, .cloudEvents)
        let flat = try EventTestSupport.deadLetter("eventgrid/namespace-topics/deadletter.structured-mode.json")
        let event = try parse(EventConversion.strippingDeadLetterFields(flat))
        XCTAssertEqual(event.schema, .cloudEvents)
        XCTAssertEqual(event.raw.members.map(\.name).last, "data")
        XCTAssertEqual(event.attributes.id, "A234-1234-1234")
    }

    func testStrippingAnADTDeadLetterChangesNothing() throws {
        let deadLetter = try EventTestSupport.deadLetter("adt/deadletter/twin-create.deadletter-doc-example.json")
        XCTAssertEqual(EventConversion.strippingDeadLetterFields(deadLetter), deadLetter.bytes)
        XCTAssertEqual(EventConversion.removingMembers(Array(#"{ "a":1 , "b":2 }"#.utf8),
                                                       try JSONRawValue.parse(Array(#"{ "a":1 , "b":2 }"#.utf8)).memberSpans, [true, true]),
                       Array("{  }".utf8))
    }

    // MARK: Event Grid ⇄ CloudEvents

    func testCloudEventToEventGridAndBack() throws {
        let cloudEvent = try EventTestSupport.deadLetter("adt/notifications-2022/twin-create.cloudevents.json")
        let toEventGrid = try EventConversion.eventGridEvent(fromCloudEvent: cloudEvent)
        XCTAssertEqual(toEventGrid.lost, ["datacontenttype", "traceparent"])
        XCTAssertEqual(toEventGrid.defaulted, ["dataVersion"])
        let eventGrid = try parse(toEventGrid.bytes)
        XCTAssertEqual(eventGrid.schema, .eventGrid)
        XCTAssertEqual(eventGrid.attributes.id, cloudEvent.attributes.id)
        XCTAssertEqual(eventGrid.attributes.type, cloudEvent.attributes.type)
        XCTAssertEqual(eventGrid.attributes.subject, cloudEvent.attributes.subject)
        XCTAssertEqual(eventGrid.attributes.timeText, cloudEvent.attributes.timeText)
        XCTAssertEqual(eventGrid.attributes.topic, cloudEvent.attributes.source)
        XCTAssertEqual(eventGrid.data?.bytes, cloudEvent.data?.bytes, "data bytes copied verbatim")

        let back = try EventConversion.cloudEvent(fromEventGrid: eventGrid)
        XCTAssertEqual(back.lost, [])
        XCTAssertEqual(back.missing, [])
        let roundTrip = try parse(back.bytes)
        for keyPath in [\EventAttributes.id, \.type, \.source, \.subject, \.timeText, \.specversion] {
            XCTAssertEqual(roundTrip.attributes[keyPath: keyPath], cloudEvent.attributes[keyPath: keyPath])
        }
        XCTAssertEqual(roundTrip.data?.bytes, cloudEvent.data?.bytes)
    }

    func testEventGridToCloudEventAndBack() throws {
        let eventGrid = try EventTestSupport.deadLetter("eventgrid/docs-delivery-and-retry/eventgrid-schema.event.json")
        let toCloudEvent = try EventConversion.cloudEvent(fromEventGrid: eventGrid)
        XCTAssertEqual(toCloudEvent.lost, ["metadataVersion"])
        let cloudEvent = try parse(toCloudEvent.bytes)
        XCTAssertEqual(cloudEvent.attributes.source, eventGrid.attributes.topic)
        XCTAssertEqual(cloudEvent.attributes.type, "Microsoft.Storage.BlobCreated")
        XCTAssertNil(cloudEvent.attributes.dataschema, "an empty dataVersion is no dataschema")
        let back = try parse(try EventConversion.eventGridEvent(fromCloudEvent: cloudEvent).bytes)
        for keyPath in [\EventAttributes.id, \.type, \.subject, \.timeText, \.topic, \.dataVersion] {
            XCTAssertEqual(back.attributes[keyPath: keyPath], eventGrid.attributes[keyPath: keyPath])
        }
        XCTAssertEqual(back.data?.bytes, eventGrid.data?.bytes)
        // An explicit source wins over topic; the topic is then lost.
        let overridden = try EventConversion.cloudEvent(fromEventGrid: eventGrid, source: "/my/source")
        XCTAssertEqual(try parse(overridden.bytes).attributes.source, "/my/source")
        XCTAssertEqual(overridden.lost, ["topic", "metadataVersion"])
    }

    func testConversionReportsLostAndDefaultedAttributes() throws {
        let minimal = try EventTestSupport.deadLetter(json: #"{"specversion":"1.0","id":"1","type":"t","source":"s","ext1":"x","data_base64":"AAEC"}"#)
        let result = try EventConversion.eventGridEvent(fromCloudEvent: minimal, topic: .omit)
        XCTAssertEqual(result.defaulted, ["subject", "eventTime", "dataVersion"])
        XCTAssertEqual(result.lost.first, "source")
        XCTAssertTrue(result.lost.contains("ext1"))
        XCTAssertEqual(try parse(result.bytes).attributes.timeText, "0001-01-01T00:00:00Z")
        let noTopic = try EventTestSupport.deadLetter(json: #"{"id":"1","eventType":"t","subject":"s","eventTime":"0001-01-01T00:00:00Z","dataVersion":"","data":1}"#)
        let cloudEvent = try EventConversion.cloudEvent(fromEventGrid: noTopic)
        XCTAssertEqual(cloudEvent.missing, ["source"])
        XCTAssertNil(try parse(cloudEvent.bytes).attributes.timeText, "the zero time is no time")
        XCTAssertThrowsError(try EventConversion.cloudEvent(fromEventGrid: minimal)) { error in
            XCTAssertTrue("\(error)".contains("cloudevents"))
        }
    }

    // MARK: ADT in the Event Grid schema

    func testUnwrappingADTEventGridEventsGivesTheCloudEvent() throws {
        for name in ["twin-create", "twin-update", "relationship-update"] {
            let wrapped = try EventTestSupport.deadLetter("adt/notifications-2022/\(name).eventgrid-schema.json")
            let expected = try EventTestSupport.deadLetter("adt/notifications-2022/\(name).cloudevents.json")
            let result = try EventConversion.unwrappingADTEventGrid(wrapped, instanceHost: host)
            XCTAssertEqual(result.defaulted, ["source"])
            XCTAssertEqual(result.lost, ["topic"])
            let unwrapped = try parse(result.bytes)
            XCTAssertEqual(unwrapped.schema, .cloudEvents)
            for keyPath in [\EventAttributes.specversion, \.id, \.type, \.source, \.subject, \.timeText, \.datacontenttype] {
                XCTAssertEqual(unwrapped.attributes[keyPath: keyPath], expected.attributes[keyPath: keyPath], name)
            }
            XCTAssertEqual(EventTestSupport.compact(unwrapped.data!.bytes), EventTestSupport.compact(expected.data!.bytes), name)
            // The docs' tabs show different trace ids; the unwrapped one is the Event Grid event's own.
            XCTAssertEqual(unwrapped.attributes.traceparent, wrapped.data?[path: "traceparent"]?.string)
            XCTAssertEqual(unwrapped.raw.members.map(\.name), expected.raw.members.map(\.name), "ADT's member order")
        }
        let withoutHost = try EventConversion.unwrappingADTEventGrid(
            try EventTestSupport.deadLetter("adt/notifications-2022/twin-create.eventgrid-schema.json"))
        XCTAssertEqual(withoutHost.missing, ["source"])
        XCTAssertNil(try parse(withoutHost.bytes).attributes.source)
    }

    func testUnwrappingADTTelemetryMatchesWhatEventHubsReceives() throws {
        let wrapped = try EventTestSupport.deadLetter("adt/notifications-2022/telemetry.eventgrid-schema.json")
        let unwrapped = try parse(try EventConversion.unwrappingADTEventGrid(wrapped, instanceHost: host).bytes)
        XCTAssertNil(unwrapped.attributes.timeText, "telemetry has no time")
        XCTAssertNil(unwrapped.attributes.subject)
        XCTAssertEqual(unwrapped.attributes.dataschema, "dtmi:examplecom:interfaceName;1")
        XCTAssertEqual(unwrapped.attributes.datacontenttype, "application/json-patch+json; charset=utf-8")
        // Same event id as the doc's Event Hubs tab: the rebuilt source must be what ADT sent there.
        let message = try EventConversion.amqpBinaryMessage(unwrapped)
        let expected = try amqpProperties("telemetry")
        XCTAssertEqual(message[property: "cloudEvents:source"], expected["cloudEvents:source"])
        assertProperties(message, equal: expected, ignoring: ["cloudEvents:traceparent"])
        XCTAssertThrowsError(try EventConversion.unwrappingADTEventGrid(try EventTestSupport.deadLetter("eventgrid/docs-delivery-and-retry/eventgrid-schema.event.json")))
    }

    // MARK: AMQP binary mode

    private func amqpProperties(_ name: String) throws -> [String: String] {
        let raw = try JSONRawValue.parse(try EventFixtures.bytes("adt/notifications-2022/\(name).amqp-application-properties.json"))
        return Dictionary(uniqueKeysWithValues: raw.members.map { ($0.name, $0.value.string ?? "") })
    }

    private func assertProperties(_ message: CloudEventAMQPMessage, equal expected: [String: String], ignoring: Set<String>,
                                  file: StaticString = #filePath, line: UInt = #line) {
        let actual = Dictionary(uniqueKeysWithValues: message.applicationProperties.map { ($0.name, $0.value) })
        XCTAssertEqual(Set(actual.keys), Set(expected.keys), file: file, line: line)
        for (key, value) in expected where !ignoring.contains(key) { XCTAssertEqual(actual[key], value, key, file: file, line: line) }
    }

    func testAMQPBinaryModeMatchesTheDocumentedEventHubsMessages() throws {
        for name in ["twin-create", "twin-update", "relationship-update"] {
            let cloudEvent = try EventTestSupport.deadLetter("adt/notifications-2022/\(name).cloudevents.json")
            let message = try EventConversion.amqpBinaryMessage(cloudEvent)
            // The docs' tabs were captured from different deliveries: trace ids differ, everything else matches.
            assertProperties(message, equal: try amqpProperties(name), ignoring: ["cloudEvents:traceparent"])
            XCTAssertEqual(message.applicationProperties.first?.name, "cloudEvents:id")
            XCTAssertEqual(message.contentType, "application/json")
            XCTAssertEqual(message.body, Array(cloudEvent.data!.bytes), "the body is the data's bytes")
            XCTAssertEqual(EventTestSupport.compact(message.body),
                           EventTestSupport.compact(try EventFixtures.bytes("adt/notifications-2022/\(name).amqp-body.json")), name)
        }
        let telemetry = try EventConversion.amqpBinaryMessage(try EventTestSupport.deadLetter("adt/notifications-2021/telemetry.cloudevents.json"))
        XCTAssertNil(telemetry[property: "cloudEvents:time"])
        XCTAssertNil(telemetry[property: "cloudEvents:subject"])
        XCTAssertEqual(telemetry[property: "cloudEvents:dataschema"], "dtmi:example:com:floor4;2")
        XCTAssertEqual(EventTestSupport.text(telemetry.body), "{\n    \"Temperature\": 10\n  }")
    }

    func testAMQPBinaryModeDecodesBase64AndCarriesExtensions() throws {
        let event = try EventTestSupport.deadLetter(json: #"{"specversion":"1.0","id":"1","type":"t","source":"s","myext":"v","n":5,"datacontenttype":"application/octet-stream","data_base64":"AAEC/w=="}"#)
        let message = try EventConversion.amqpBinaryMessage(event)
        XCTAssertEqual(message.body, [0, 1, 2, 255])
        XCTAssertEqual(message.contentType, "application/octet-stream")
        XCTAssertEqual(message[property: "cloudEvents:myext"], "v")
        XCTAssertEqual(message[property: "cloudEvents:n"], "5")
        XCTAssertThrowsError(try EventConversion.amqpBinaryMessage(try EventTestSupport.deadLetter("eventgrid/namespace-topics/deadletter.binary-mode.json"))) { error in
            XCTAssertEqual(error as? EventConversionError, .invalidBase64(blob: "adt-endpoint/2024/1/5/13/event.json", index: 0))
        }
        XCTAssertThrowsError(try EventConversion.amqpBinaryMessage(try EventTestSupport.deadLetter("adt/notifications-2022/twin-create.eventgrid-schema.json")))
    }
}

extension JSONRawValue {
    /// The member spans of an object view (test helper for `removingMembers`).
    var memberSpans: [JSONMemberSpan] { DeadLetterParsing.members(of: storage, range) }
}
