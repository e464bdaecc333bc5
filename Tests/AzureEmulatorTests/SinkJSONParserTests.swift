import XCTest
@testable import AzureEmulator

final class SinkJSONParserTests: XCTestCase {
    func testArrayElementRangesCoverEachElementExactly() throws {
        let text = #"  [ {"a": [1, 2.5e-3, -0]} ,"x\"y", true,null ]  "#
        let bytes = Array(text.utf8)
        let elements = try SinkJSONParser.parseArrayElements(bytes)
        XCTAssertEqual(elements.map { String(decoding: bytes[$0.range], as: UTF8.self) }, [#"{"a": [1, 2.5e-3, -0]}"#, #""x\"y""#, "true", "null"])
        XCTAssertEqual(elements[0].value["a"], .array([.number("1"), .number("2.5e-3"), .number("-0")]))
        XCTAssertEqual(elements[1].value, .string("x\"y"))
    }

    func testEscapesAndUnicode() throws {
        let value = try SinkJSONParser.parse(Array(#""\u00e9\ud83d\ude00\n\/\\ é""#.utf8))
        XCTAssertEqual(value, .string("é😀\n/\\ é"))
    }

    func testRejectsInvalidDocuments() {
        let invalid = ["", "[1,]", "{\"a\":1,}", "[01]", "[1.]", "\"\u{01}\"", "\"\\ud800\"", "[1] x", "{a:1}", "[tru]", "\"\\x\"", "-"]
        for text in invalid {
            XCTAssertThrowsError(try SinkJSONParser.parse(Array(text.utf8)), "should refuse \(text.debugDescription)")
        }
        XCTAssertThrowsError(try SinkJSONParser.parse([0x22, 0xC3, 0x28, 0x22]), "invalid UTF-8 inside a string")
    }

    func testDepthLimit() {
        let deep = String(repeating: "[", count: 300) + String(repeating: "]", count: 300)
        XCTAssertThrowsError(try SinkJSONParser.parse(Array(deep.utf8))) { error in
            XCTAssertTrue("\(error)".contains("nested deeper"))
        }
    }

    func testWriterRoundTripsOnOneLine() throws {
        let value = SinkJSONValue.object([.init(name: "k\n", value: .array([.string("a\"b\u{01}"), .number("1e5"), .bool(false), .null]))])
        var out: [UInt8] = []
        SinkJSONWriter.append(value, to: &out)
        XCTAssertFalse(out.contains(0x0A))
        XCTAssertEqual(try SinkJSONParser.parse(out), value)
    }

    func testTimestamps() {
        XCTAssertTrue(SinkTimestamp.isRFC3339("2024-01-05T13:00:00Z"))
        XCTAssertTrue(SinkTimestamp.isRFC3339("2024-01-05T13:00:00.1234567+01:00"))
        XCTAssertFalse(SinkTimestamp.isRFC3339("2024-01-05T13:00:00"))
        XCTAssertFalse(SinkTimestamp.isRFC3339("2024-01-05"))
        XCTAssertEqual(SinkTimestamp.format(Date(timeIntervalSince1970: 1_704_459_600.25)), "2024-01-05T13:00:00.250Z")
    }
}
