@testable import DeadLetterKit
import XCTest

final class JSONStreamDecoderTests: XCTestCase {
    private func values(_ items: [JSONStreamItem]) -> [JSONStreamValue] {
        items.compactMap { if case .value(let value) = $0 { return value } else { return nil } }
    }

    func testSingleObjectIsYieldedWholeWithItsRange() throws {
        let input = Array("  {\"a\": 1, \"b\": [true, null]}\n".utf8)
        var decoder = JSONStreamDecoder()
        let items = try decoder.feed(input) + decoder.finish()
        let values = values(items)
        XCTAssertEqual(values.count, 1)
        XCTAssertEqual(values[0].bytes, Array("{\"a\": 1, \"b\": [true, null]}".utf8))
        XCTAssertEqual(values[0].range, 2..<29)
        XCTAssertEqual(values[0].placement, .document)
        XCTAssertEqual(values[0].kind, .object)
        XCTAssertEqual(values[0].index, 0)
        XCTAssertEqual(decoder.documentShape, .singleValue)
        XCTAssertEqual(values[0].members.count, 2)
        XCTAssertEqual(Array(values[0].bytes[values[0].members[1].valueRange]), Array("[true, null]".utf8))
    }

    func testTopLevelArrayYieldsEachElementWithIndexAndRange() throws {
        let input = Array("[ {\"id\":\"1\"} ,\n  {\"id\":\"2\"},\"x\", 3 ,[] ]".utf8)
        var decoder = JSONStreamDecoder()
        let values = values(try decoder.feed(input) + decoder.finish())
        XCTAssertEqual(decoder.documentShape, .array)
        XCTAssertEqual(values.map(\.index), [0, 1, 2, 3, 4])
        XCTAssertEqual(values.map(\.kind), [.object, .object, .string, .number, .array])
        XCTAssertTrue(values.allSatisfy { $0.placement == .arrayElement })
        for value in values { XCTAssertEqual(Array(input[value.range]), value.bytes) }
        XCTAssertEqual(values[3].bytes, Array("3".utf8))
    }

    func testEmptyArrayYieldsNothing() throws {
        var decoder = JSONStreamDecoder()
        XCTAssertEqual(try decoder.feed(Array(" [ ] ".utf8)) + decoder.finish(), [])
        XCTAssertEqual(decoder.documentShape, .array)
    }

    func testTopLevelScalarsAreValues() throws {
        for text in ["42", "-0.5e+3", "\"text\"", "true", "false", "null"] {
            let values = values(try JSONStreamDecoder.decode(Array(" \(text) ".utf8)))
            XCTAssertEqual(values.count, 1, text)
            XCTAssertEqual(values.first?.bytes, Array(text.utf8), text)
        }
    }

    func testJSONLinesSkipsBlankLinesAndCarriageReturns() throws {
        let input = Array("{\"a\":1}\r\n\n  \n[2]\n\"three\"\r\n4".utf8)
        let values = values(try JSONStreamDecoder.decode(input, mode: .jsonLines))
        XCTAssertEqual(values.map { String(decoding: $0.bytes, as: UTF8.self) }, ["{\"a\":1}", "[2]", "\"three\"", "4"])
        XCTAssertEqual(values.map(\.index), [0, 1, 2, 3])
        XCTAssertTrue(values.allSatisfy { $0.placement == .line })
        for value in values { XCTAssertEqual(Array(input[value.range]), value.bytes) }
    }

    func testEmptyJSONLinesInputIsNotAnError() throws {
        XCTAssertEqual(try JSONStreamDecoder.decode([], mode: .jsonLines), [])
        XCTAssertEqual(try JSONStreamDecoder.decode(Array("\n\n".utf8), mode: .jsonLines), [])
    }

    func testLeadingByteOrderMarkIsDroppedButCountedInOffsets() throws {
        let input: [UInt8] = [0xEF, 0xBB, 0xBF] + Array("{\"a\":\"é\"}".utf8)
        let values = values(try JSONStreamDecoder.decode(input))
        XCTAssertEqual(values.first?.bytes, Array(input[3...]))
        XCTAssertEqual(values.first?.range, 3..<input.count)
        let lines = self.values(try JSONStreamDecoder.decode([0xEF, 0xBB, 0xBF] + Array("1\n2".utf8), mode: .jsonLines))
        XCTAssertEqual(lines.map(\.bytes), [[UInt8(ascii: "1")], [UInt8(ascii: "2")]])
    }

    func testNumbersKeepTheirOriginalText() throws {
        let input = Array("[1.50, -0, 1E+2, 0.000001e-7, 123456789012345678901234567890]".utf8)
        let values = values(try JSONStreamDecoder.decode(input))
        XCTAssertEqual(values.map { String(decoding: $0.bytes, as: UTF8.self) },
                       ["1.50", "-0", "1E+2", "0.000001e-7", "123456789012345678901234567890"])
    }

    func testEscapesAndSurrogatePairsAreAccepted() throws {
        let text = #"{"k\u00e9y":"a\"b\\c\/d\b\f\n\r\t\u0041\ud83d\ude00😀"}"#
        let raw = try JSONRawValue.parse(Array(text.utf8))
        XCTAssertEqual(raw[member: "kéy"]?.string, "a\"b\\c/d\u{8}\u{c}\n\r\tA😀😀")
    }

    func testValuesAreDeliveredAsSoonAsTheyAreComplete() throws {
        var decoder = JSONStreamDecoder()
        XCTAssertEqual(try decoder.feed(Array("[{\"a\":1},{\"b\"".utf8)).count, 1)
        XCTAssertEqual(try decoder.feed(Array(":2}".utf8)).count, 1)
        XCTAssertEqual(try decoder.feed(Array("]".utf8)).count, 0)
        XCTAssertEqual(try decoder.finish().count, 0)
    }

    func testCallbackFeedWithRawBufferAndBytesConsumed() throws {
        var decoder = JSONStreamDecoder(mode: .jsonLines)
        var count = 0
        let chunk = Array("{}\n{}\n".utf8)
        try chunk.withUnsafeBytes { raw in
            try decoder.feed(raw) { item in if case .value = item { count += 1 } }
        }
        try decoder.finish { _ in XCTFail("nothing left") }
        XCTAssertEqual(count, 2)
        XCTAssertEqual(decoder.bytesConsumed, chunk.count)
        XCTAssertEqual(decoder.valuesSeen, 2)
    }

    func testMemoryStaysBoundedByTheCurrentValue() throws {
        // 2,000 elements fed in small chunks: the decoder never holds more than one element's bytes.
        var decoder = JSONStreamDecoder()
        let element = Array("{\"id\":\"0123456789\",\"data\":[1,2,3]},".utf8)
        var seen = 0
        try decoder.feed(Array("[".utf8)) { _ in }
        for _ in 0..<2000 {
            try decoder.feed(element) { _ in seen += 1 }
            XCTAssertLessThanOrEqual(decoder.pending.count, element.count)
        }
        try decoder.feed(Array("{}]".utf8)) { _ in seen += 1 }
        try decoder.finish { _ in }
        XCTAssertEqual(seen, 2001)
    }
}
