import XCTest
@testable import DeadLetterKit

/// Fixtures/bad/fuzz/json-stream/lines-trailing-*: in JSON Lines the size limit applies to a line without its
/// trailing whitespace, but when a chunk ended inside that whitespace the kept bytes were measured with it, so a line
/// exactly at the limit was refused — or not — depending on where the chunks fell.
extension FuzzRegressionTests {
    func testJSONLinesSizeLimitIgnoresTrailingWhitespaceWhereverChunksEnd() throws {
        let limit = 40
        let atLimit = #"{"id":"a","type":"t","data":[1,2,3,4,5]}"#
        XCTAssertEqual(atLimit.utf8.count, limit)
        let inputs = [
            atLimit + "\t\t \t\n{}\n",                              // at the limit, trailing tabs and spaces
            atLimit + String(repeating: "\t", count: 90) + "\n1\n",   // trailing whitespace longer than the limit
            atLimit + "\t\t\n",                                       // no value after it
            "{\"a\":\t\t\t" + String(repeating: " ", count: 30) + "1}\n2\n",  // whitespace inside the value: too large
            String(repeating: " ", count: 50) + atLimit + "  \n",      // leading whitespace is not counted either
            atLimit + "   x\n3\n",                                    // content after the whitespace: too large
        ]
        let options = JSONDecodingOptions(maxValueSize: limit)
        for input in inputs {
            let bytes = Array(input.utf8)
            let whole = try decodeLines(bytes, options: options, splits: [])
            for split in 1..<bytes.count {
                XCTAssertEqual(try decodeLines(bytes, options: options, splits: [split]), whole,
                               "split at \(split) of \(input.debugDescription)")
            }
            XCTAssertEqual(try decodeLines(bytes, options: options, splits: Array(1..<bytes.count)), whole,
                           "1-byte chunks of \(input.debugDescription)")
        }
        let first = try decodeLines(Array(inputs[0].utf8), options: options, splits: [limit + 2])
        guard case .value(let value)? = first.first else { return XCTFail("expected the line at the limit: \(first)") }
        XCTAssertEqual(value.bytes, Array(atLimit.utf8))
        let tooLarge = try decodeLines(Array(inputs[5].utf8), options: options, splits: [limit + 2])
        guard case .invalidValue(_, _, .valueTooLarge)? = tooLarge.first else { return XCTFail("expected too large: \(tooLarge)") }
    }

    private func decodeLines(_ bytes: [UInt8], options: JSONDecodingOptions, splits: [Int]) throws -> [JSONStreamItem] {
        var decoder = JSONStreamDecoder(mode: .jsonLines, options: options)
        var items: [JSONStreamItem] = []
        var start = 0
        for end in splits + [bytes.count] {
            items += try decoder.feed(Array(bytes[start..<end]))
            start = end
        }
        items += try decoder.finish()
        return items
    }
}
