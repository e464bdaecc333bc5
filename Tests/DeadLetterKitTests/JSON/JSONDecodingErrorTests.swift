@testable import DeadLetterKit
import XCTest

final class JSONDecodingErrorTests: XCTestCase {
    /// The fatal error of decoding `text` as one document.
    private func documentError(_ bytes: [UInt8], options: JSONDecodingOptions = JSONDecodingOptions(),
                               file: StaticString = #filePath, line: UInt = #line) -> JSONDecodingError? {
        do {
            _ = try JSONStreamDecoder.decode(bytes, options: options)
            XCTFail("expected an error for \(String(decoding: bytes, as: UTF8.self))", file: file, line: line)
            return nil
        } catch {
            return error
        }
    }

    private func documentError(_ text: String, file: StaticString = #filePath, line: UInt = #line) -> JSONDecodingError? {
        documentError(Array(text.utf8), file: file, line: line)
    }

    func testEmptyInput() {
        XCTAssertEqual(documentError(""), .emptyInput)
        XCTAssertEqual(documentError("  \n\t "), .emptyInput)
        XCTAssertEqual(documentError([0xEF, 0xBB, 0xBF]), .emptyInput)
        XCTAssertTrue(JSONDecodingError.emptyInput.description.contains("empty"))
    }

    func testTruncatedInputNamesTheOffsetAndWhatWasOpen() {
        guard case .truncated(let offset, let context)? = documentError("{\"a\": \"unterminated") else { return XCTFail() }
        XCTAssertEqual(offset, 19)
        XCTAssertTrue(context.contains("string"), context)
        guard case .truncated(_, let context2)? = documentError("{\"a\": [1, 2") else { return XCTFail() }
        XCTAssertTrue(context2.contains("array"), context2)
        guard case .truncated? = documentError("[{\"a\":1},") else { return XCTFail() }
        guard case .truncated? = documentError("[{\"a\":1}") else { return XCTFail() }
        guard case .truncated? = documentError("tru") else { return XCTFail() }
        guard case .truncated? = documentError("{\"a\":\"\\u12") else { return XCTFail() }
        guard case .truncated? = documentError([UInt8(ascii: "\""), 0xE2, 0x82]) else { return XCTFail() }
        XCTAssertTrue(documentError("{\"a\"")!.description.contains("byte 4"))
    }

    func testNotJSON() {
        XCTAssertEqual(documentError("<Error><Code>BlobNotFound</Code></Error>"),
                       .unexpectedByte(UInt8(ascii: "<"), offset: 0, expected: "a JSON value"))
        XCTAssertEqual(documentError("hello"), .unexpectedByte(UInt8(ascii: "h"), offset: 0, expected: "a JSON value"))
        XCTAssertEqual(documentError("trux"), .unexpectedByte(UInt8(ascii: "x"), offset: 3, expected: "the literal true"))
        guard case .trailingContent(let offset)? = documentError("{} {}") else { return XCTFail() }
        XCTAssertEqual(offset, 3)
        guard case .unexpectedByte(_, let at, _)? = documentError("{\"a\" 1}") else { return XCTFail() }
        XCTAssertEqual(at, 5)
        guard case .unexpectedByte? = documentError("[1,]") else { return XCTFail() }
        guard case .unexpectedByte? = documentError("{'a':1}") else { return XCTFail() }
        guard case .unexpectedByte? = documentError("{\"a\":1,}") else { return XCTFail() }
        guard case .unexpectedByte? = documentError("[1 2]") else { return XCTFail() }
        guard case .trailingContent? = documentError("[1]]") else { return XCTFail() }
        guard case .unexpectedByte? = documentError("NaN") else { return XCTFail() }
    }

    func testInvalidUTF8() {
        let cases: [[UInt8]] = [
            [0x22, 0xFF, 0x22], // never valid
            [0x22, 0xC0, 0xAF, 0x22], // overlong '/'
            [0x22, 0xE0, 0x80, 0xAF, 0x22], // overlong
            [0x22, 0xED, 0xA0, 0x80, 0x22], // encoded surrogate U+D800
            [0x22, 0xF4, 0x90, 0x80, 0x80, 0x22], // above U+10FFFF
            [0x22, 0xC3, 0x28, 0x22], // missing continuation
            [0x22, 0x80, 0x22], // lone continuation
        ]
        for bytes in cases {
            XCTAssertEqual(documentError(bytes), .invalidUTF8(offset: 1), "\(bytes)")
        }
        // Non-ASCII outside a string is a syntax error.
        guard case .unexpectedByte(0xC3, 0, _)? = documentError([0xC3, 0xA9]) else { return XCTFail() }
        // Valid multi-byte sequences pass.
        XCTAssertNoThrow(try JSONStreamDecoder.decode(Array("\"é€😀\u{10FFFF}\"".utf8)))
    }

    func testLoneSurrogates() {
        XCTAssertEqual(documentError(#"{"a":"\ud800"}"#), .loneSurrogate(offset: 6))
        XCTAssertEqual(documentError(#"{"a":"\udc00"}"#), .loneSurrogate(offset: 6))
        XCTAssertEqual(documentError(#"{"a":"x\ud800\u0041"}"#), .loneSurrogate(offset: 7))
        XCTAssertEqual(documentError(#"{"a":"\ud800x"}"#), .loneSurrogate(offset: 6))
        XCTAssertEqual(documentError(#"{"a":"\ude00\ud83d"}"#), .loneSurrogate(offset: 6), "a reversed pair is two lone surrogates")
        XCTAssertTrue(documentError(#""\udfff""#)!.description.contains("surrogate"))
    }

    func testInvalidEscapesControlCharactersAndNumbers() {
        XCTAssertEqual(documentError(#""\x""#), .invalidEscape(offset: 1))
        XCTAssertEqual(documentError(#""\u12G4""#), .invalidEscape(offset: 1))
        XCTAssertEqual(documentError("\"a\u{1}b\""), .controlCharacterInString(1, offset: 2))
        XCTAssertEqual(documentError("\"tab\there\""), .controlCharacterInString(9, offset: 4))
        for number in ["01", "-", "1.", ".5", "1e", "1e+", "-a", "+1"] {
            XCTAssertNotNil(documentError(number), number)
        }
        guard case .invalidNumber(0, let reason)? = documentError("01") else { return XCTFail() }
        XCTAssertTrue(reason.contains("leading zero"))
    }

    func testDeepNesting() {
        let deep65 = String(repeating: "{\"a\":", count: 65) + "1" + String(repeating: "}", count: 65)
        guard case .nestingTooDeep(let offset, 64)? = documentError(deep65) else { return XCTFail() }
        XCTAssertEqual(offset, 64 * 5)
        let deep64 = String(repeating: "{\"a\":", count: 64) + "1" + String(repeating: "}", count: 64)
        XCTAssertNoThrow(try JSONStreamDecoder.decode(Array(deep64.utf8)))
        XCTAssertNoThrow(try JSONStreamDecoder.decode(Array((String(repeating: "[", count: 64) + String(repeating: "]", count: 64)).utf8)))
        // Far deeper than any stack: an error, not a crash.
        let huge = String(repeating: "{\"a\":", count: 100_000)
        guard case .nestingTooDeep? = documentError(huge) else { return XCTFail() }
        // Elements of a top-level array count the array as level 1, and are skipped, not fatal.
        let options = JSONDecodingOptions(maxDepth: 3)
        let items = try! JSONStreamDecoder.decode(Array("[[[1]], [[[2]]], 3]".utf8), options: options)
        XCTAssertEqual(items.count, 3)
        guard case .invalidValue(1, _, .nestingTooDeep(let at, 3)) = items[1] else { return XCTFail("\(items)") }
        XCTAssertEqual(at, 10)
        XCTAssertTrue(JSONDecodingError.nestingTooDeep(offset: 1, limit: 64).description.contains("64"))
    }

    func testTwoMegabyteEventIsAcceptedWithTheDefaultLimit() throws {
        let big = "{\"id\":\"big\",\"data\":\"" + String(repeating: "x", count: 2 * 1024 * 1024) + "\"}"
        let values = try JSONStreamDecoder.decode(Array(big.utf8))
        guard case .value(let value) = values[0] else { return XCTFail() }
        XCTAssertEqual(value.bytes.count, big.utf8.count)
    }

    func testValueOverTheLimitIsRejectedAndArraysGoOn() throws {
        let options = JSONDecodingOptions(maxValueSize: 1024)
        let big = "{\"data\":\"" + String(repeating: "y", count: 2000) + "\"}"
        // A single document over the limit is fatal.
        XCTAssertEqual(documentError(Array(big.utf8), options: options), .valueTooLarge(offset: 0, limit: 1024))
        // In an array the element is reported and the next one still decodes, also when fed in small chunks.
        let input = Array("[\(big),{\"ok\":true}]".utf8)
        var decoder = JSONStreamDecoder(options: options)
        var items: [JSONStreamItem] = []
        for start in stride(from: 0, to: input.count, by: 100) {
            items += try decoder.feed(Array(input[start..<min(start + 100, input.count)]))
            XCTAssertLessThanOrEqual(decoder.pending.count, 1024)
        }
        items += try decoder.finish()
        XCTAssertEqual(items.count, 2)
        XCTAssertEqual(items[0], .invalidValue(index: 0, range: 1..<(1 + big.utf8.count), error: .valueTooLarge(offset: 1, limit: 1024)))
        guard case .value(let ok) = items[1] else { return XCTFail() }
        XCTAssertEqual(ok.bytes, Array("{\"ok\":true}".utf8))
        // And in JSON Lines.
        let lines = try JSONStreamDecoder.decode(Array("\(big)\n{}\n".utf8), mode: .jsonLines, options: options)
        XCTAssertEqual(lines.count, 2)
        guard case .invalidValue(0, _, .valueTooLarge) = lines[0], case .value = lines[1] else { return XCTFail("\(lines)") }
        // The default limit is 4 MiB.
        XCTAssertEqual(JSONDecodingOptions().maxValueSize, 4 * 1024 * 1024)
        XCTAssertEqual(JSONDecodingOptions().maxDepth, 64)
    }

    func testDuplicateKeysAreAnErrorByDefault() throws {
        guard case .duplicateKey("id", let offset)? = documentError(#"{"id":"1","type":"t","id":"2"}"#) else { return XCTFail() }
        XCTAssertEqual(offset, 21)
        XCTAssertTrue(JSONDecodingError.duplicateKey("id", offset: 21).description.contains("duplicate key \"id\""))
        // Escaped spellings of the same name are the same name.
        guard case .duplicateKey("a", _)? = documentError(#"{"a":1,"\u0061":2}"#) else { return XCTFail() }
        // Nested objects have their own names; siblings may repeat names of other objects.
        XCTAssertNoThrow(try JSONStreamDecoder.decode(Array(#"{"a":{"a":{"a":1}},"b":{"a":2},"c":[{"a":1},{"a":2}]}"#.utf8)))
        // Large objects switch to a hash set and still detect duplicates.
        var members = (0..<500).map { "\"k\($0)\":\($0)" }
        XCTAssertNoThrow(try JSONStreamDecoder.decode(Array(("{" + members.joined(separator: ",") + "}").utf8)))
        members.append("\"k250\":0")
        guard case .duplicateKey("k250", _)? = documentError("{" + members.joined(separator: ",") + "}") else { return XCTFail() }
        // Allowed when asked.
        XCTAssertNoThrow(try JSONStreamDecoder.decode(Array(#"{"a":1,"a":2}"#.utf8), options: JSONDecodingOptions(allowDuplicateKeys: true)))
    }

    func testAnInvalidElementIsReportedAndTheArrayContinues() throws {
        let input = Array(#"[{"a":1},{"a":1,"a":2},{"b":"\ud800"},{"c":01},{"d":4}]"#.utf8)
        let items = try JSONStreamDecoder.decode(input)
        XCTAssertEqual(items.count, 5)
        guard case .value = items[0], case .invalidValue(1, _, .duplicateKey("a", _)) = items[1],
              case .invalidValue(2, _, .loneSurrogate(let surrogateOffset)) = items[2],
              case .invalidValue(3, _, .invalidNumber) = items[3], case .value(let last) = items[4] else { return XCTFail("\(items)") }
        XCTAssertEqual(surrogateOffset, 29)
        XCTAssertEqual(last.index, 4)
    }

    func testAnInvalidLineIsReportedAndTheNextLineDecodes() throws {
        let items = try JSONStreamDecoder.decode(Array("{\"a\":1}\n{\"a\":\n[1,2]\nnot json\n{\"a\":1} x\n".utf8), mode: .jsonLines)
        XCTAssertEqual(items.count, 5)
        guard case .value = items[0], case .invalidValue(1, let range, .truncated) = items[1], case .value = items[2],
              case .invalidValue(3, _, .unexpectedByte) = items[3], case .invalidValue(4, _, .trailingContent(let at)) = items[4]
        else { return XCTFail("\(items)") }
        XCTAssertEqual(range, 8..<13)
        XCTAssertEqual(at, 37)
    }

    func testSyntaxErrorBetweenElementsIsFatalAndSticky() throws {
        var decoder = JSONStreamDecoder()
        XCTAssertThrowsError(try decoder.feed(Array("[{\"a\":1} {\"b\":2}]".utf8))) { error in
            XCTAssertEqual(error as? JSONDecodingError, .unexpectedByte(UInt8(ascii: "{"), offset: 9, expected: "',' or ']' after array element 0"))
        }
        XCTAssertThrowsError(try decoder.feed(Array("]".utf8)))
        XCTAssertThrowsError(try decoder.finish())
    }

    func testGarbageNeverCrashesOrHangs() throws {
        // Deterministic pseudo-random bytes biased towards JSON punctuation, fed in odd chunk sizes.
        var state: UInt64 = 0x9E37_79B9_7F4A_7C15
        let alphabet = Array("{}[]\":,\\ \n-0123456789.eEtrufalsn\u{1}".utf8) + [0xC3, 0xA9, 0xFF, 0xED]
        for round in 0..<300 {
            var bytes: [UInt8] = []
            for _ in 0..<(round % 97 + 1) {
                state ^= state << 13; state ^= state >> 7; state ^= state << 17
                bytes.append(alphabet[Int(state % UInt64(alphabet.count))])
            }
            for mode in [JSONStreamMode.document, .jsonLines] {
                var decoder = JSONStreamDecoder(mode: mode, options: JSONDecodingOptions(maxDepth: 8, maxValueSize: 64))
                do {
                    var offset = 0
                    while offset < bytes.count {
                        let end = min(bytes.count, offset + round % 7 + 1)
                        _ = try decoder.feed(Array(bytes[offset..<end]))
                        offset = end
                    }
                    _ = try decoder.finish()
                } catch {
                    XCTAssertFalse(error.description.isEmpty)
                }
            }
        }
    }
}
