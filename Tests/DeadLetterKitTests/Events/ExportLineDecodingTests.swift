@testable import DeadLetterKit
import XCTest

/// Export lines are decoded where they lie (only the `event` is copied), with the origin values that repeat from
/// line to line remembered; dead letters are values whose copies share storage until one of them changes.
final class ExportLineDecodingTests: XCTestCase {
    private let export = DeadLetterOrigin(source: "/exports/dl.jsonl", blobName: "")

    private func record(_ deadLetter: DeadLetter, blob: String, index: Int, endpoint: String?, hour: String?,
                        lastModified: String?, etag: String?) -> [UInt8] {
        var copy = deadLetter
        copy.origin = DeadLetterOrigin(source: "https://a.blob.core.windows.net/c", blobName: blob, index: index,
                                       blobProperties: lastModified == nil && etag == nil ? nil : BlobProperties(lastModified: lastModified, etag: etag),
                                       endpoint: endpoint, folderHour: hour.flatMap { RFC3339.parse($0) })
        return ExportRecord.line(for: copy) + [JSONBytes.newline]
    }

    func testRepeatedAndChangingOriginValuesDecodeToWhatEachLineSays() throws {
        let event = try EventTestSupport.deadLetter("adt/notifications-2022/twin-update.cloudevents.json")
        let cases: [(String?, String?, String?, String?)] = [
            ("ep-1", "2024-01-05T13:00:00Z", "Fri, 05 Jan 2024 13:02:11 GMT", "0x1"),
            ("ep-1", "2024-01-05T13:00:00Z", "Fri, 05 Jan 2024 13:02:11 GMT", "0x2"),
            ("ep-2", "2024-01-05T13:00:00Z", nil, "0x3"),
            (nil, nil, nil, nil),
            ("ep-2", "2024-01-05T14:00:00Z", "Fri, 05 Jan 2024 14:00:00 GMT", nil),
            ("ep-2", "2024-01-05T14:00:00Z", "Fri, 05 Jan 2024 14:00:00 GMT", nil),
        ]
        var bytes: [UInt8] = []
        for (k, (endpoint, hour, lastModified, etag)) in cases.enumerated() {
            bytes += record(event, blob: "b/\(k).json", index: k, endpoint: endpoint, hour: hour, lastModified: lastModified, etag: etag)
        }
        let result = DeadLetterDecoder.decode(bytes, origin: export, input: .exportLines)
        XCTAssertEqual(result.problems, [])
        XCTAssertEqual(result.deadLetters.count, cases.count)
        for (deadLetter, (k, (endpoint, hour, lastModified, etag))) in zip(result.deadLetters, cases.enumerated()) {
            let expected = DeadLetterOrigin(source: export.source, blobName: "b/\(k).json", index: k,
                                            blobProperties: lastModified == nil && etag == nil ? nil : BlobProperties(lastModified: lastModified, etag: etag),
                                            endpoint: endpoint, folderHour: hour.flatMap { RFC3339.parse($0) })
            XCTAssertEqual(deadLetter.origin, expected, "line \(k)")
            XCTAssertEqual(deadLetter.bytes, JSONCompactor.compact(event.bytes))
            XCTAssertEqual(deadLetter.attributes.type, "Microsoft.DigitalTwins.Twin.Update")
            XCTAssertEqual(deadLetter.adt?.patchPaths, event.adt?.patchPaths)
        }
    }

    /// Record lines start from the decoder's origin and get the record's values in place: every value the record
    /// names (null included) replaces the template's, and only the source is kept.
    func testARecordReplacesEveryOriginValueOfTheTemplate() throws {
        let template = DeadLetterOrigin(source: "/exports/dl.jsonl", blobName: "template.json", index: 9,
                                        blobProperties: BlobProperties(lastModified: "Mon, 01 Jan 2024 00:00:00 GMT", etag: "0xT"),
                                        endpoint: "template-ep", folderHour: RFC3339.parse("2024-01-01T00:00:00Z"))
        let event = #"{"specversion":"1.0","id":"1","type":"t","source":"s"}"#
        let lines = #"{"blob":"b/0.json","index":3,"endpoint":null,"deadletteredHour":null,"lastModified":null,"etag":null,"event":\#(event)}"#
            + "\n" + #"{"blob":"b/1.json","index":4,"endpoint":"ep","deadletteredHour":"2024-01-05T13:00:00Z","etag":"0x2","event":\#(event)}"#
        let result = DeadLetterDecoder.decode(Array(lines.utf8), origin: template, input: .exportLines)
        XCTAssertEqual(result.problems, [])
        XCTAssertEqual(result.deadLetters.map(\.origin), [
            DeadLetterOrigin(source: template.source, blobName: "b/0.json", index: 3),
            DeadLetterOrigin(source: template.source, blobName: "b/1.json", index: 4, blobProperties: BlobProperties(etag: "0x2"),
                             endpoint: "ep", folderHour: RFC3339.parse("2024-01-05T13:00:00Z")),
        ])
    }

    func testABadOriginValueAfterAGoodOneIsStillRejected() {
        let lines = #"{"blob":"b","index":0,"deadletteredHour":"2024-01-05T13:00:00Z","event":{"id":"1","type":"t","source":"s"}}"#
            + "\n" + #"{"blob":"b","index":1,"deadletteredHour":"not a time","event":{"id":"2","type":"t","source":"s"}}"#
            + "\n" + #"{"blob":"b","index":2,"deadletteredHour":"2024-01-05T13:00:00Z","event":{"id":"3","type":"t","source":"s"}}"#
        let result = DeadLetterDecoder.decode(Array(lines.utf8), origin: export, input: .exportLines)
        XCTAssertEqual(result.deadLetters.map(\.attributes.id), ["1", "3"])
        XCTAssertEqual(result.problems.count, 1)
        XCTAssertTrue(result.problems[0].description.contains("record 1"), result.problems[0].description)
        XCTAssertTrue(result.problems[0].description.contains("not a time"), result.problems[0].description)
    }

    func testChangingTheOriginOfACopyLeavesTheOriginalAlone() throws {
        let original = try EventTestSupport.deadLetter("adt/notifications-2021/telemetry.cloudevents.json")
        var copy = original
        copy.origin.index = 42
        copy.origin.blobName = "elsewhere.json"
        XCTAssertEqual(original.origin, EventTestSupport.origin)
        XCTAssertEqual(copy.origin.index, 42)
        XCTAssertEqual(copy.bytes, original.bytes)
        XCTAssertEqual(copy.attributes.id, original.attributes.id)
    }

    func testTypesAreReadTheSameWithAndWithoutEscapes() throws {
        let plain = try EventTestSupport.deadLetter(json: #"{"specversion":"1.0","id":"1","source":"s","type":"Microsoft.DigitalTwins.Twin.Create"}"#)
        let escaped = try EventTestSupport.deadLetter(json: #"{"specversion":"1.0","id":"1","source":"s","type":"Microsoft.DigitalTwins.Twin\u002eCreate"}"#)
        let other = try EventTestSupport.deadLetter(json: #"{"specversion":"1.0","id":"1","source":"s","type":"Contoso.Thing"}"#)
        XCTAssertEqual(plain.attributes.type, "Microsoft.DigitalTwins.Twin.Create")
        XCTAssertEqual(escaped.attributes.type, "Microsoft.DigitalTwins.Twin.Create")
        XCTAssertEqual(escaped.adt?.kind, .twinCreate)
        XCTAssertEqual(other.attributes.type, "Contoso.Thing")
        XCTAssertNil(other.adt)
    }
}
