@testable import DeadLetterKit
import Foundation
import XCTest

final class ExportRecordTests: XCTestCase {
    private let hour = RFC3339.parse("2024-01-05T13:00:00Z")!

    private func withOrigin(_ deadLetter: DeadLetter, index: Int = 0) -> DeadLetter {
        var copy = deadLetter
        copy.origin = DeadLetterOrigin(source: "https://acct.blob.core.windows.net/deadletters", blobName: "ep-1/2024/1/5/13/x \"y\".json",
                                       index: index, blobProperties: BlobProperties(lastModified: "Fri, 05 Jan 2024 13:02:11 GMT", etag: "0x8DC0D5A1B2C3D4E"),
                                       endpoint: "ep-1", folderHour: hour)
        return copy
    }

    func testRecordLayout() throws {
        let deadLetter = withOrigin(try EventTestSupport.deadLetter("eventgrid/docs-delivery-and-retry/eventgrid-schema.deadletter.json"), index: 3)
        let line = EventTestSupport.text(ExportRecord.line(for: deadLetter))
        XCTAssertTrue(line.hasPrefix(#"{"blob":"ep-1/2024/1/5/13/x \"y\".json","index":3,"endpoint":"ep-1","deadletteredHour":"2024-01-05T13:00:00Z","lastModified":"Fri, 05 Jan 2024 13:02:11 GMT","etag":"0x8DC0D5A1B2C3D4E","schema":"eventgrid","deadLetter":{"reason":"MaxDeliveryAttemptsExceeded","deliveryAttempts":1,"lastDeliveryOutcome":"NotFound","publishTime":"2020-08-13T17:18:14.0265758Z","lastDeliveryAttemptTime":"2020-08-13T17:18:14.0465788Z"},"event":{"id":"93902694-901e-008f-6f95-7153a806873c","#), line)
        XCTAssertFalse(line.contains("\n"))
        XCTAssertTrue(line.hasSuffix(#""lastDeliveryAttemptTime":"2020-08-13T17:18:14.0465788Z"}}"#))
        let unknown = try EventTestSupport.deadLetter(json: #"{"a":1}"#)
        XCTAssertEqual(EventTestSupport.text(ExportRecord.line(for: unknown)),
                       #"{"blob":"adt-endpoint/2024/1/5/13/event.json","index":0,"endpoint":null,"deadletteredHour":null,"lastModified":null,"etag":null,"schema":"unknown","deadLetter":{},"event":{"a":1}}"#)
    }

    func testEveryFixtureRoundTripsByteIdentically() throws {
        for (k, path) in try EventFixtures.allJSONFiles().enumerated() {
            let original = withOrigin(try EventTestSupport.deadLetter(path), index: k)
            let line = ExportRecord.line(for: original)
            let decoded = try ExportRecord.decode(line: line, source: "https://acct.blob.core.windows.net/deadletters", index: 99)
            XCTAssertEqual(decoded.origin, original.origin, path)
            XCTAssertEqual(decoded.bytes, JSONCompactor.compact(original.bytes), path)
            XCTAssertEqual(decoded.schema, original.schema, path)
            var expectedFacts = original.facts
            expectedFacts.customDeliveryProperties = expectedFacts.customDeliveryProperties.map(JSONCompactor.compact)
            XCTAssertEqual(decoded.facts, expectedFacts, "facts are read again from the compacted event: \(path)")
            XCTAssertEqual(decoded.attributes.id, original.attributes.id, path)
            XCTAssertEqual(ExportRecord.line(for: decoded), line, "record → dead letter → record is byte-identical: \(path)")
            // The `event` bytes are exactly as in the line.
            let eventText = EventTestSupport.text(decoded.bytes)
            XCTAssertTrue(EventTestSupport.text(line).hasSuffix(",\"event\":" + eventText + "}"), path)
        }
    }

    func testNullOriginFieldsRoundTrip() throws {
        let deadLetter = try EventTestSupport.deadLetter("adt/notifications-2021/telemetry.cloudevents.json")
        let line = ExportRecord.line(for: deadLetter)
        let decoded = try ExportRecord.decode(line: line, source: EventTestSupport.origin.source)
        XCTAssertEqual(decoded.origin, deadLetter.origin)
        XCTAssertNil(decoded.origin.blobProperties)
        XCTAssertNil(decoded.origin.folderHour)
        XCTAssertEqual(ExportRecord.line(for: decoded), line)
    }

    func testBareEventLinesAreAccepted() throws {
        let line = Array(#"{"specversion":"1.0","id":"x","type":"t","source":"s","blob":"not a record without event"}"#.utf8)
        let decoded = try ExportRecord.decode(line: line, source: "/tmp/export.jsonl", index: 7)
        XCTAssertEqual(decoded.bytes, line)
        XCTAssertEqual(decoded.origin, DeadLetterOrigin(source: "/tmp/export.jsonl", blobName: "", index: 7))
        XCTAssertEqual(decoded.schema, .cloudEvents)
        var eventsOnly: [UInt8] = []
        ExportRecord.appendEventOnly(try EventTestSupport.deadLetter("adt/notifications-2022/twin-update.cloudevents.json"), to: &eventsOnly)
        XCTAssertEqual(try ExportRecord.decode(line: eventsOnly, source: "f").attributes.id, "39d4abb9-e3ee-4ed5-ad17-2243a9784946")
    }

    func testInvalidRecordsNameTheFileAndLine() {
        let cases = [
            #"{"blob":"b","index":"zero","event":{}}"#: "'index'",
            #"{"blob":1,"index":0,"event":{}}"#: "'blob'",
            #"{"blob":"b","index":0,"endpoint":5,"event":{}}"#: "'endpoint'",
            #"{"blob":"b","index":0,"deadletteredHour":"yesterday","event":{}}"#: "deadletteredHour",
            #"{"blob":"b","index":0,"event":[1]}"#: "'event'",
            #"[1]"#: "one JSON object",
            #"{"blob":"b""#: "truncated",
        ]
        for (line, reason) in cases {
            XCTAssertThrowsError(try ExportRecord.decode(line: Array(line.utf8), source: "export.jsonl", index: 4), line) { error in
                guard case DeadLetterDecodingError.invalidExportRecord("export.jsonl", 4, let message) = error else { return XCTFail("\(error)") }
                XCTAssertTrue(message.contains(reason), "\(message) should mention \(reason)")
                XCTAssertTrue("\(error)".hasPrefix("export export.jsonl, record 4"))
            }
        }
    }
}
