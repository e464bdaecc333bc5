@testable import DeadLetterKit
import XCTest

/// Every chunk boundary must give the same values as one chunk: split each sample at every offset into two
/// chunks, and feed it byte by byte.
final class JSONChunkBoundaryTests: XCTestCase {
    private static let documentSamples: [String] = [
        #"[{"id":"a\"b\\","n":-12.5e+3,"t":true,"f":false,"z":null},{"s":"é€😀\ud83d\ude00\u0041"}, 7 , "x" ,[[],{}]]"#,
        "  {\"specversion\":\"1.0\",\"data\":{\"patch\":[{\"path\":\"/a\",\"value\":1.0}]}}  \n",
        "12345",
        "\"just a string with \\\" and \\\\\"",
    ]

    private static let lineSamples: [String] = [
        "{\"a\":1}\r\n\n[\"é\",\"\\n\"]\n  42  \n\"x\"\n{\"b\":{\"c\":[1,2,3]}}",
        "{\"bad\":01}\n{\"ok\":true}\n",
    ]

    private func decode(_ chunks: [[UInt8]], mode: JSONStreamMode) throws -> [JSONStreamItem] {
        var decoder = JSONStreamDecoder(mode: mode)
        var items: [JSONStreamItem] = []
        for chunk in chunks { items += try decoder.feed(chunk) }
        return items + (try decoder.finish())
    }

    private func checkEverySplit(_ text: String, prefix: [UInt8] = [], mode: JSONStreamMode) throws {
        let input = prefix + Array(text.utf8)
        let expected = try decode([input], mode: mode)
        XCTAssertFalse(expected.isEmpty)
        for split in 0...input.count {
            let items = try decode([Array(input[..<split]), Array(input[split...])], mode: mode)
            XCTAssertEqual(items, expected, "split at \(split) of \(text)")
        }
        XCTAssertEqual(try decode(input.map { [$0] }, mode: mode), expected, "byte by byte: \(text)")
        for case .value(let value) in expected { XCTAssertEqual(Array(input[value.range]), value.bytes) }
    }

    func testDocumentsAtEverySplitPoint() throws {
        for sample in Self.documentSamples {
            try checkEverySplit(sample, mode: .document)
            try checkEverySplit(sample, prefix: [0xEF, 0xBB, 0xBF], mode: .document)
        }
    }

    func testJSONLinesAtEverySplitPoint() throws {
        for sample in Self.lineSamples {
            try checkEverySplit(sample, mode: .jsonLines)
            try checkEverySplit(sample, prefix: [0xEF, 0xBB, 0xBF], mode: .jsonLines)
        }
    }

    func testFixtureBlobsAtEverySplitPoint() throws {
        for path in ["adt/notifications-2022/twin-update.eventgrid-schema.json", "eventgrid/namespace-topics/deadletter.binary-mode.json"] {
            let bytes = try EventFixtures.bytes(path)
            try checkEverySplit("[" + String(decoding: bytes, as: UTF8.self) + "," + String(decoding: bytes, as: UTF8.self) + "]", mode: .document)
        }
    }

    func testErrorsAreTheSameAtEverySplitPoint() throws {
        for text in ["[{\"a\":1},{\"a\":\"\\ud800\"}, x]", "{\"a\":[1,2}", "[1,2", "{\"a\":\"\u{1}\"}"] {
            let input = Array(text.utf8)
            var expected: String?
            do { _ = try decode([input], mode: .document) } catch { expected = "\(error)" }
            XCTAssertNotNil(expected, text)
            for split in 0...input.count {
                do {
                    _ = try decode([Array(input[..<split]), Array(input[split...])], mode: .document)
                    XCTFail("no error at split \(split) of \(text)")
                } catch {
                    XCTAssertEqual("\(error)", expected, "split at \(split)")
                }
            }
        }
    }
}
