import XCTest
@testable import DeadLetterKit

/// Fixtures/bad/fuzz/dead-letter/event-with-blob-and-event-members: an event that carries `blob` and `event`
/// members of its own, exported with `--events-only`, read back as a record (its `event` member taken for the event).
extension FuzzRegressionTests {
    func testEventWithBlobAndEventMembersReadsBackAsItself() throws {
        let line = Array(#"{"specversion":"1.0","id":"e1","type":"t","source":"s","blob":"b.json","index":3,"event":{"x":1}}"#.utf8)
        let decoded = try ExportRecord.decode(line: line, source: "events.jsonl", index: 9)
        XCTAssertEqual(decoded.bytes, line, "the whole line is the event")
        XCTAssertEqual(decoded.attributes.id, "e1")
        XCTAssertEqual(decoded.origin, DeadLetterOrigin(source: "events.jsonl", blobName: "", index: 9))

        let record = Array(#"{"blob":"b.json","index":3,"endpoint":null,"deadletteredHour":null,"lastModified":null,"etag":null,"schema":"cloudevents","deadLetter":{},"event":{"specversion":"1.0","id":"e1","type":"t","source":"s"}}"#.utf8)
        let fromRecord = try ExportRecord.decode(line: record, source: "export.jsonl", index: 0)
        XCTAssertEqual(fromRecord.origin.blobName, "b.json", "a record (no id of its own) is still a record")
        XCTAssertEqual(fromRecord.attributes.id, "e1")
    }
}
