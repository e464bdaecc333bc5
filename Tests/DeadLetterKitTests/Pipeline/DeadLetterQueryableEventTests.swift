import Foundation
import XCTest
@testable import DeadLetterKit

/// The value of every `--where` field for each ADT notification type, in both delivery schemas, and the rules
/// `QueryableEvent` documents: time falls back to the dead-letter time, `twin` lists both ends of a relationship,
/// `data` paths index arrays and objects.
final class DeadLetterQueryableEventTests: XCTestCase {
    static let folderHour = ISO8601DateFormatter().date(from: "2026-01-10T06:00:00Z")!

    private func deadLetter(_ json: String, folderHour: Date? = DeadLetterQueryableEventTests.folderHour,
                            lastModified: String? = nil) throws -> DeadLetter {
        let origin = DeadLetterOrigin(source: "memory://test", blobName: "ep-q/2026/1/10/6/event.json", index: 0,
                                      blobProperties: lastModified.map { BlobProperties(lastModified: $0) },
                                      endpoint: "ep-q", folderHour: folderHour)
        return try DeadLetter(parsing: Array(json.utf8), origin: origin)
    }

    private static func time(_ text: String) -> QueryValue { .time(ISO8601DateFormatter().date(from: text)!) }
    private static func strings(_ values: String...) -> QueryValue { .list(values.map(QueryValue.string)) }

    /// Fields every event answers from its attributes and origin.
    private func assertCommonFields(_ event: DeadLetter, id: String, type: String, file: StaticString = #filePath, line: UInt = #line) {
        XCTAssertEqual(event.queryValue(.id), .string(id), file: file, line: line)
        XCTAssertEqual(event.queryValue(.type), .string(type), file: file, line: line)
        XCTAssertEqual(event.queryValue(.endpoint), .string("ep-q"), file: file, line: line)
        XCTAssertEqual(event.queryValue(.blob), .string("ep-q/2026/1/10/6/event.json"), file: file, line: line)
        XCTAssertEqual(event.queryValue(.deadlettered), .time(Self.folderHour), file: file, line: line)
    }

    func testTwinCreate() throws {
        let event = try deadLetter(#"{"specversion":"1.0","id":"c1","type":"Microsoft.DigitalTwins.Twin.Create","source":"adt.example","subject":"room-1","time":"2026-01-10T03:10:00Z","data":{"$dtId":"room-1","$metadata":{"$model":"dtmi:test:Room;1"},"floor":2}}"#)
        assertCommonFields(event, id: "c1", type: "Microsoft.DigitalTwins.Twin.Create")
        XCTAssertEqual(event.queryValue(.source), .string("adt.example"))
        XCTAssertEqual(event.queryValue(.subject), .string("room-1"))
        XCTAssertEqual(event.queryValue(.twin), Self.strings("room-1"))
        XCTAssertNil(event.queryValue(.sourceTwin))
        XCTAssertNil(event.queryValue(.targetTwin))
        XCTAssertNil(event.queryValue(.relationship))
        XCTAssertEqual(event.queryValue(.model), .string("dtmi:test:Room;1"))
        XCTAssertEqual(event.queryValue(.time), Self.time("2026-01-10T03:10:00Z"))
        XCTAssertNil(event.queryValue(.reason), "ADT records no dead-letter facts")
        XCTAssertNil(event.queryValue(.attempts))
        XCTAssertNil(event.queryValue(.outcome))
        XCTAssertNil(event.queryValue(.patchPath))
        XCTAssertEqual(event.queryValue(.data(path: ["$dtId"])), .string("room-1"))
        XCTAssertEqual(event.queryValue(.data(path: ["floor"])), .number(2, text: "2"))
        XCTAssertEqual(event.queryValue(.data(path: ["$metadata"])), .list([]), "an object has no comparable value")
        XCTAssertEqual(event.queryValue(.data(path: ["$metadata", "$model"])), .string("dtmi:test:Room;1"))
        XCTAssertNil(event.queryValue(.data(path: ["missing"])))
    }

    func testTwinUpdate() throws {
        let event = try deadLetter(#"{"specversion":"1.0","id":"u1","type":"Microsoft.DigitalTwins.Twin.Update","source":"adt.example","subject":"room-2","time":"2026-01-10T03:20:00.1234567Z","data":{"modelId":"dtmi:test:Room;1","patch":[{"value":21.5,"path":"/temperature","op":"replace"},{"value":true,"path":"/occupied","op":"add"},{"path":"/old","op":"remove"}]}}"#)
        assertCommonFields(event, id: "u1", type: "Microsoft.DigitalTwins.Twin.Update")
        XCTAssertEqual(event.queryValue(.twin), Self.strings("room-2"))
        XCTAssertEqual(event.queryValue(.model), .string("dtmi:test:Room;1"))
        XCTAssertEqual(event.queryValue(.patchPath), Self.strings("/temperature", "/occupied", "/old"))
        XCTAssertEqual(event.queryValue(.data(path: ["patch", "0", "value"])), .number(21.5, text: "21.5"))
        XCTAssertEqual(event.queryValue(.data(path: ["patch", "1", "value"])), .bool(true))
        XCTAssertNil(event.queryValue(.data(path: ["patch", "7"])))
        guard case .time(let time)? = event.queryValue(.time) else { return XCTFail("time") }
        XCTAssertEqual(time.timeIntervalSince1970, ISO8601DateFormatter().date(from: "2026-01-10T03:20:00Z")!.timeIntervalSince1970 + 0.1234567,
                       accuracy: 0.000001)
    }

    func testTwinDeleteInTheEventGridSchemaWithDeadLetterFacts() throws {
        let event = try deadLetter(#"{"id":"d1","subject":"room-3","data":{"data":{"$dtId":"room-3","$metadata":{"$model":"dtmi:test:Room;1"}},"contenttype":"application/json"},"eventType":"Microsoft.DigitalTwins.Twin.Delete","eventTime":"2026-01-10T05:15:00Z","dataVersion":"1.0","metadataVersion":"1","topic":"/subscriptions/0/topics/t","deadLetterReason":"MaxDeliveryAttemptsExceeded","deliveryAttempts":30,"lastDeliveryOutcome":"Busy","lastHttpStatusCode":503,"publishTime":"2026-01-10T05:15:01Z"}"#)
        assertCommonFields(event, id: "d1", type: "Microsoft.DigitalTwins.Twin.Delete")
        XCTAssertEqual(event.queryValue(.twin), Self.strings("room-3"))
        XCTAssertEqual(event.queryValue(.model), .string("dtmi:test:Room;1"))
        XCTAssertEqual(event.queryValue(.time), Self.time("2026-01-10T05:15:00Z"))
        XCTAssertEqual(event.queryValue(.reason), .string("MaxDeliveryAttemptsExceeded"))
        XCTAssertEqual(event.queryValue(.attempts), .number(30, text: "30"))
        XCTAssertEqual(event.queryValue(.outcome), .string("Busy"))
    }

    func testRelationshipCreateHasBothEnds() throws {
        let event = try deadLetter(#"{"specversion":"1.0","id":"rc1","type":"Microsoft.DigitalTwins.Relationship.Create","source":"adt.example","subject":"room-1/relationships/rel-1","time":"2026-01-10T04:00:00Z","data":{"$relationshipId":"rel-1","$sourceId":"room-1","$targetId":"sensor-9","$relationshipName":"contains"}}"#)
        assertCommonFields(event, id: "rc1", type: "Microsoft.DigitalTwins.Relationship.Create")
        XCTAssertEqual(event.queryValue(.twin), Self.strings("room-1", "sensor-9"))
        XCTAssertEqual(event.queryValue(.sourceTwin), .string("room-1"))
        XCTAssertEqual(event.queryValue(.targetTwin), .string("sensor-9"))
        XCTAssertEqual(event.queryValue(.relationship), .string("rel-1"))
        XCTAssertEqual(event.queryValue(.data(path: ["$relationshipName"])), .string("contains"))
        XCTAssertNil(event.queryValue(.patchPath))
    }

    func testRelationshipUpdateKnowsItsSourceFromTheSubject() throws {
        let event = try deadLetter(#"{"specversion":"1.0","id":"ru1","type":"Microsoft.DigitalTwins.Relationship.Update","source":"adt.example","subject":"room-3/relationships/rel-3","time":"2026-01-10T05:40:00Z","data":{"modelId":"dtmi:test:Rel;1","patch":[{"value":2,"path":"/priority","op":"replace"}]}}"#)
        assertCommonFields(event, id: "ru1", type: "Microsoft.DigitalTwins.Relationship.Update")
        XCTAssertEqual(event.queryValue(.twin), Self.strings("room-3"), "an Update does not carry the target")
        XCTAssertEqual(event.queryValue(.sourceTwin), .string("room-3"))
        XCTAssertNil(event.queryValue(.targetTwin))
        XCTAssertEqual(event.queryValue(.relationship), .string("rel-3"))
        XCTAssertEqual(event.queryValue(.model), .string("dtmi:test:Rel;1"))
        XCTAssertEqual(event.queryValue(.patchPath), Self.strings("/priority"))
    }

    func testRelationshipDeleteInTheEventGridSchema() throws {
        let event = try deadLetter(#"{"id":"rd1","subject":"floor-1/relationships/rel-2","data":{"data":{"$relationshipId":"rel-2","$sourceId":"floor-1","$targetId":"room-2","$relationshipName":"hosts"}},"eventType":"Microsoft.DigitalTwins.Relationship.Delete","eventTime":"2026-01-10T04:30:00Z","dataVersion":"1.0","metadataVersion":"1","topic":"/t"}"#)
        assertCommonFields(event, id: "rd1", type: "Microsoft.DigitalTwins.Relationship.Delete")
        XCTAssertEqual(event.queryValue(.twin), Self.strings("floor-1", "room-2"))
        XCTAssertEqual(event.queryValue(.sourceTwin), .string("floor-1"))
        XCTAssertEqual(event.queryValue(.targetTwin), .string("room-2"))
        XCTAssertEqual(event.queryValue(.relationship), .string("rel-2"))
    }

    func testARelationshipToItselfListsTheTwinOnce() throws {
        let event = try deadLetter(#"{"specversion":"1.0","id":"self","type":"Microsoft.DigitalTwins.Relationship.Create","source":"adt.example","subject":"loop/relationships/r","data":{"$relationshipId":"r","$sourceId":"loop","$targetId":"loop"}}"#)
        XCTAssertEqual(event.queryValue(.twin), Self.strings("loop"))
    }

    func testTelemetryWithoutATimeIsPlacedAtItsDeadLetterHour() throws {
        let event = try deadLetter(#"{"specversion":"1.0","id":"t1","type":"microsoft.iot.telemetry","source":"adt.example/digitaltwins/sensor-9","dataschema":"dtmi:test:Sensor;1","data":{"temperature":30.5,"readings":[1,2,3],"flag":false,"nothing":null,"nested":{"0":"zero"}}}"#)
        assertCommonFields(event, id: "t1", type: "microsoft.iot.telemetry")
        XCTAssertEqual(event.queryValue(.twin), Self.strings("sensor-9"))
        XCTAssertNil(event.queryValue(.sourceTwin))
        XCTAssertEqual(event.queryValue(.model), .string("dtmi:test:Sensor;1"))
        XCTAssertEqual(event.queryValue(.time), .time(Self.folderHour))
        XCTAssertEqual(event.queryValue(.data(path: ["temperature"])), .number(30.5, text: "30.5"))
        XCTAssertEqual(event.queryValue(.data(path: ["readings"])),
                       .list([.number(1, text: "1"), .number(2, text: "2"), .number(3, text: "3")]))
        XCTAssertEqual(event.queryValue(.data(path: ["readings", "2"])), .number(3, text: "3"))
        XCTAssertEqual(event.queryValue(.data(path: ["flag"])), .bool(false))
        XCTAssertEqual(event.queryValue(.data(path: ["nothing"])), .null)
        XCTAssertEqual(event.queryValue(.data(path: ["nested", "0"])), .string("zero"), "a numeric segment is a key in an object")
    }

    func testEventGridTelemetryWithTheZeroTimeIsPlacedAtItsDeadLetterHour() throws {
        let event = try deadLetter(#"{"id":"t2","subject":"sensor-4","data":{"data":{"temperature":30.8},"dataschema":"dtmi:test:Floor;1"},"eventType":"microsoft.iot.telemetry","eventTime":"0001-01-01T00:00:00Z","dataVersion":"1.0","metadataVersion":"1","topic":"/t"}"#)
        XCTAssertEqual(event.queryValue(.time), .time(Self.folderHour))
        XCTAssertEqual(event.queryValue(.twin), Self.strings("sensor-4"))
        XCTAssertEqual(event.queryValue(.model), .string("dtmi:test:Floor;1"))
    }

    func testWithoutAFolderHourTheDeadLetterTimeIsTheBlobsLastModified() throws {
        let event = try deadLetter(#"{"specversion":"1.0","id":"t3","type":"microsoft.iot.telemetry","source":"adt.example/digitaltwins/s","data":{}}"#,
                                   folderHour: nil, lastModified: "Sat, 10 Jan 2026 07:08:09 GMT")
        XCTAssertEqual(event.queryValue(.deadlettered), Self.time("2026-01-10T07:08:09Z"))
        XCTAssertEqual(event.queryValue(.time), Self.time("2026-01-10T07:08:09Z"))
        let timeless = try deadLetter(#"{"specversion":"1.0","id":"t4","type":"microsoft.iot.telemetry","source":"adt.example/digitaltwins/s","data":{}}"#,
                                      folderHour: nil)
        XCTAssertNil(timeless.queryValue(.time))
        XCTAssertNil(timeless.queryValue(.deadlettered))
    }

    func testANonADTEventHasNoTwinButItsOtherFields() throws {
        let event = try deadLetter(#"{"specversion":"1.0","id":"o1","type":"Contoso.Orders.Created","source":"/orders","subject":"order-7","time":"2026-01-10T01:00:00Z","data":{"total":12.50},"deadletterreason":"TimeToLiveExceeded","deliveryattempts":3,"lastdeliveryoutcome":"NotFound"}"#)
        assertCommonFields(event, id: "o1", type: "Contoso.Orders.Created")
        XCTAssertNil(event.queryValue(.twin))
        XCTAssertNil(event.queryValue(.model))
        XCTAssertEqual(event.queryValue(.subject), .string("order-7"))
        XCTAssertEqual(event.queryValue(.reason), .string("TimeToLiveExceeded"))
        XCTAssertEqual(event.queryValue(.attempts), .number(3, text: "3"))
        XCTAssertEqual(event.queryValue(.outcome), .string("NotFound"))
        XCTAssertEqual(event.queryValue(.data(path: ["total"])), .number(12.5, text: "12.50"), "the number's text is kept")
    }

    func testFiltersReadDeadLettersThroughTheseFields() throws {
        let relationship = try deadLetter(#"{"specversion":"1.0","id":"rc1","type":"Microsoft.DigitalTwins.Relationship.Create","source":"adt.example","subject":"room-1/relationships/rel-1","time":"2026-01-10T04:00:00Z","data":{"$relationshipId":"rel-1","$sourceId":"room-1","$targetId":"sensor-9"}}"#)
        for (flags, expected) in [
            (DeadLetterFilter.Flags(twins: ["sensor-*"]), true),
            (DeadLetterFilter.Flags(twins: ["room-1"]), true),
            (DeadLetterFilter.Flags(twins: ["room-2"]), false),
            (DeadLetterFilter.Flags(endpoints: ["EP-Q"]), true),
            (DeadLetterFilter.Flags(whereExpression: #"target_twin == "sensor-9" and deadlettered == 2026-01-10T06:00:00Z"#), true),
            (DeadLetterFilter.Flags(whereExpression: "reason exists"), false),
        ] {
            XCTAssertEqual(try DeadLetterFilter(flags: flags).matches(relationship), expected, "\(flags)")
        }
    }
}
