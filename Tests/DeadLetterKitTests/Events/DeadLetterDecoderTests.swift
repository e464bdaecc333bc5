@testable import DeadLetterKit
import Foundation
import XCTest

final class DeadLetterDecoderTests: XCTestCase {
    private let origin = DeadLetterOrigin(source: "https://acct.blob.core.windows.net/dl", blobName: "SUB/2024/1/5/13/g.json",
                                          blobProperties: BlobProperties(etag: "0x1"), endpoint: "SUB", folderHour: Date(timeIntervalSince1970: 0))

    private func eventGridArray(_ count: Int) throws -> String {
        let element = EventTestSupport.text(try EventFixtures.bytes("eventgrid/docs-delivery-and-retry/eventgrid-schema.deadletter.json"))
        return "[" + Array(repeating: element, count: count).joined(separator: ",") + "]"
    }

    func testEventGridDeadLetterArrayInEventGridSchema() throws {
        let text = try eventGridArray(3).replacingOccurrences(of: "\"deliveryAttempts\": 1,", with: "\"deliveryAttempts\": 1, \"lastHttpStatusCode\": 404,")
        let result = DeadLetterDecoder.decode(Array(text.utf8), origin: origin)
        XCTAssertEqual(result.problems, [])
        XCTAssertEqual(result.deadLetters.map(\.origin.index), [0, 1, 2])
        XCTAssertTrue(result.deadLetters.allSatisfy { $0.schema == .eventGrid && $0.facts.lastHttpStatusCode == 404 })
        XCTAssertEqual(result.deadLetters[2].origin.endpoint, "SUB")
        XCTAssertEqual(result.deadLetters[2].origin.blobProperties?.etag, "0x1")
    }

    func testEventGridDeadLetterArrayInCloudEventsSchema() throws {
        let element = EventTestSupport.text(try EventFixtures.bytes("eventgrid/docs-delivery-and-retry/cloudevents-schema.deadletter.json"))
        let withStatus = element.replacingOccurrences(of: "\"deliveryattempts\": 1,", with: "\"deliveryattempts\": 2, \"lasthttpstatuscode\": \"503\", \"lastdeliveryattempttime\": \"2020-08-13T21:22:36.1Z\",")
        let result = DeadLetterDecoder.decode(Array("[\n\t\(element),\n\t\(withStatus)\n]".utf8), origin: origin)
        XCTAssertEqual(result.problems, [])
        XCTAssertEqual(result.deadLetters.count, 2)
        XCTAssertEqual(result.deadLetters[1].facts.deliveryAttempts, 2)
        XCTAssertEqual(result.deadLetters[1].facts.lastHttpStatusCode, 503, "a numeric string is accepted")
        XCTAssertEqual(result.deadLetters[1].facts.lastDeliveryAttemptTime?.date, RFC3339.parse("2020-08-13T21:22:36.1Z"))
        XCTAssertTrue(result.deadLetters[1].attributes.extensions.allSatisfy { $0.name == "dataversion" })
    }

    func testSingleObjectBlobHasIndexZero() throws {
        var decoder = DeadLetterDecoder(origin: origin)
        var items: [DeadLetterDecoder.Item] = []
        try decoder.feed(try EventFixtures.bytes("adt/deadletter/twin-create.deadletter-doc-example.json")) { items.append($0) }
        try decoder.finish { items.append($0) }
        XCTAssertEqual(decoder.documentShape, .singleValue)
        guard items.count == 1, case .deadLetter(let deadLetter) = items[0] else { return XCTFail("\(items)") }
        XCTAssertEqual(deadLetter.origin.index, 0)
        XCTAssertEqual(deadLetter.origin.blobName, origin.blobName)
    }

    func testAnInvalidElementIsReportedWithItsIndexAndTheRestDecode() throws {
        let text = #"[{"id":"a","eventType":"t"}, {"id":"b","id":"c"}, 42, {"id":"d","eventType":"t","data":"\ud800"}, {"id":"e","eventType":"t"}]"#
        let result = DeadLetterDecoder.decode(Array(text.utf8), origin: origin)
        XCTAssertEqual(result.deadLetters.map(\.attributes.id), ["a", "e"])
        XCTAssertEqual(result.deadLetters.map(\.origin.index), [0, 4])
        XCTAssertEqual(result.problems.count, 3)
        guard case .invalidValue(let blob, 1, .duplicateKey("id", _)) = result.problems[0],
              case .notAnObject(_, 2, 50, .number) = result.problems[1],
              case .invalidValue(_, 3, .loneSurrogate) = result.problems[2] else { return XCTFail("\(result.problems)") }
        XCTAssertEqual(blob, origin.blobName)
        XCTAssertTrue(result.problems[1].description.contains("value 2 at byte 50"))
    }

    func testASyntaxErrorEndsTheBlobWithItsOffset() throws {
        let text = #"[{"id":"a","eventType":"t"}, {"id":"b","eventType":"t"} {"id":"c"}]"#
        var decoder = DeadLetterDecoder(origin: origin)
        var delivered: [String?] = []
        XCTAssertThrowsError(try decoder.feed(Array(text.utf8)) { item in
            if case .deadLetter(let deadLetter) = item { delivered.append(deadLetter.attributes.id) }
        }) { error in
            guard case DeadLetterDecodingError.malformedBlob(let blob, .unexpectedByte(_, 56, _)) = error else { return XCTFail("\(error)") }
            XCTAssertEqual(blob, origin.blobName)
            XCTAssertTrue("\(error)".contains("SUB/2024/1/5/13/g.json"))
            XCTAssertTrue("\(error)".contains("byte 56"))
        }
        XCTAssertEqual(delivered, ["a", "b"], "dead letters before the error were delivered")
    }

    func testTruncatedAndEmptyBlobs() {
        for (text, expected) in [("", "empty input"), ("[{\"id\":\"a\"}", "truncated"), ("{\"id\":", "truncated"), ("not json", "invalid JSON")] {
            let result = DeadLetterDecoder.decode(Array(text.utf8), origin: origin)
            XCTAssertEqual(result.problems.count, 1, text)
            guard case .malformedBlob? = result.problems.first else { return XCTFail(text) }
            XCTAssertTrue(result.problems[0].description.contains(expected), result.problems[0].description)
        }
    }

    func testExportLinesMixRecordsBareEventsAndBadLines() throws {
        let source = try EventTestSupport.deadLetter("adt/notifications-2022/twin-create.cloudevents.json")
        var record = source
        record.origin = origin.at(index: 5)
        var bytes = ExportRecord.line(for: record) + [0x0A]
        ExportRecord.appendEventOnly(source, to: &bytes)
        bytes += Array("\n{broken\n\n".utf8)
        let export = DeadLetterOrigin(source: "/exports/dl.jsonl", blobName: "")
        let result = DeadLetterDecoder.decode(bytes, origin: export, input: .exportLines)
        XCTAssertEqual(result.deadLetters.count, 2)
        // A record keeps its blob, index and listing facts; its source is the export it was read from.
        var expectedOrigin = record.origin
        expectedOrigin.source = "/exports/dl.jsonl"
        XCTAssertEqual(result.deadLetters[0].origin, expectedOrigin)
        XCTAssertEqual(result.deadLetters[1].origin, DeadLetterOrigin(source: "/exports/dl.jsonl", blobName: "", index: 1))
        XCTAssertEqual(result.deadLetters[1].bytes, JSONCompactor.compact(source.bytes))
        XCTAssertEqual(result.problems.count, 1)
        guard case .invalidExportRecord("/exports/dl.jsonl", 2, _) = result.problems[0] else { return XCTFail("\(result.problems)") }
    }

    func testEventLinesAndAsyncChunks() async throws {
        let lines = try ["adt/notifications-2022/twin-create.cloudevents.json", "adt/notifications-2021/telemetry.cloudevents.json"]
            .map { JSONCompactor.compact(try EventFixtures.bytes($0)) }
        let bytes = lines.joined(separator: [0x0A]).map { $0 }
        let chunks = AsyncStream<[UInt8]> { continuation in
            for start in stride(from: 0, to: bytes.count, by: 37) { continuation.yield(Array(bytes[start..<min(start + 37, bytes.count)])) }
            continuation.finish()
        }
        var decoder = DeadLetterDecoder(origin: origin, input: .eventLines)
        var deadLetters: [DeadLetter] = []
        try await decoder.decode(chunks) { item in
            if case .deadLetter(let deadLetter) = item { deadLetters.append(deadLetter) }
        }
        XCTAssertEqual(deadLetters.map(\.origin.index), [0, 1])
        XCTAssertEqual(deadLetters.map { $0.adt?.kind }, [.twinCreate, .telemetry])
        XCTAssertEqual(deadLetters[1].bytes, lines[1])
    }

    func testOriginNeverKeepsAQuery() {
        let origin = DeadLetterOrigin(source: "https://a.blob.core.windows.net/c?sv=1&sig=abc%2F", blobName: "b")
        XCTAssertEqual(origin.source, "https://a.blob.core.windows.net/c")
        XCTAssertEqual(origin.locationDescription, "https://a.blob.core.windows.net/c/b[0]")
    }
}
