@testable import DeadLetterKit
import XCTest

/// The validator's fast paths (16-byte string scanning, hashed duplicate check, recorded member positions, reused
/// scratch memory) must give exactly the answers of the plain rules, at every position and on every path.
final class JSONValidatorFastPathTests: XCTestCase {
    private func validate(_ text: String, _ validator: inout JSONValidator) throws(JSONDecodingError) -> JSONValueKind {
        let bytes = Array(text.utf8)
        return try bytes.withUnsafeBufferPointer { (buffer) throws(JSONDecodingError) -> JSONValueKind in
            try validator.validate(buffer, baseDepth: 0)
        }
    }

    private func error(_ bytes: [UInt8]) -> JSONDecodingError? {
        var validator = JSONValidator(options: JSONDecodingOptions())
        do {
            _ = try bytes.withUnsafeBufferPointer { (buffer) throws(JSONDecodingError) -> JSONValueKind in
                try validator.validate(buffer, baseDepth: 0)
            }
            return nil
        } catch {
            return error
        }
    }

    func testSpecialBytesAreFoundAtEveryPositionOfAString() {
        // Blocks of 16 and 8 bytes and the tails after them: the byte must be found wherever it sits.
        for length in 0..<48 {
            for position in 0..<length {
                var content = [UInt8](repeating: UInt8(ascii: "a"), count: length)
                content[position] = 0x01
                XCTAssertEqual(error([JSONBytes.quote] + content + [JSONBytes.quote]),
                               .controlCharacterInString(0x01, offset: position + 1), "control byte at \(position) of \(length)")
                content[position] = 0xFF
                XCTAssertEqual(error([JSONBytes.quote] + content + [JSONBytes.quote]), .invalidUTF8(offset: position + 1))
                content[position] = 0xC3
                var valid = content
                valid.insert(0xA9, at: position + 1)
                XCTAssertNil(error([JSONBytes.quote] + valid + [JSONBytes.quote]), "é at \(position) of \(length)")
                content[position] = JSONBytes.quote
                XCTAssertEqual(error([JSONBytes.quote] + content + [JSONBytes.quote]),
                               position + 1 == length ? .trailingContent(offset: length + 1) : .trailingContent(offset: position + 2))
                content[position] = JSONBytes.backslash
                XCTAssertNotNil(error([JSONBytes.quote] + content + [JSONBytes.quote]))
            }
            XCTAssertEqual(error([JSONBytes.quote] + [UInt8](repeating: UInt8(ascii: "b"), count: length)),
                           .truncated(offset: length + 1, context: "a string starting at byte 0"))
        }
    }

    func testNamesThatCollideInTheHashAreNotDuplicates() throws {
        // Same length, same first and last 8 bytes: the same hash, so the names are compared for real.
        let a = "prefix12-A-suffix34", b = "prefix12-B-suffix34"
        var validator = JSONValidator(options: JSONDecodingOptions())
        XCTAssertEqual(try validate(#"{"\#(a)":1,"\#(b)":2,"x":{"\#(a)":3,"\#(b)":4}}"#, &validator), .object)
        XCTAssertThrowsError(try validate(#"{"\#(a)":1,"\#(b)":2,"\#(a)":3}"#, &validator)) { error in
            XCTAssertEqual(error as? JSONDecodingError, .duplicateKey(a, offset: 49))
        }
        // Short names and names that differ only in escapes.
        XCTAssertThrowsError(try validate(#"{"ab":1,"a\u0062":2}"#, &validator))
        XCTAssertEqual(try validate(#"{"ab":1,"ba":2,"a":3,"b":4,"":5}"#, &validator), .object)
        XCTAssertThrowsError(try validate(#"{"":1,"x":2,"":3}"#, &validator))
    }

    func testLargeObjectsAndDeepObjectsStillCatchDuplicates() throws {
        var validator = JSONValidator(options: JSONDecodingOptions())
        let many = (0..<100).map { "\"name-\($0)-with-a-longer-tail\":\($0)" }
        XCTAssertEqual(try validate("{" + many.joined(separator: ",") + "}", &validator), .object)
        XCTAssertThrowsError(try validate("{" + (many + [many[37]]).joined(separator: ",") + "}", &validator)) { error in
            guard case .duplicateKey("name-37-with-a-longer-tail", _)? = error as? JSONDecodingError else { return XCTFail("\(error)") }
        }
        // A large object's name set is dropped when it closes: a sibling with the same names is valid, and a
        // duplicate inside the sibling is still caught.
        let large = "{" + many.joined(separator: ",") + "}"
        XCTAssertEqual(try validate("[" + large + "," + large + "]", &validator), .array)
        XCTAssertThrowsError(try validate(#"{"a":\#(large),"b":{"#
                                          + (many + [many[99]]).joined(separator: ",") + "}}", &validator)) { error in
            guard case .duplicateKey("name-99-with-a-longer-tail", _)? = error as? JSONDecodingError else { return XCTFail("\(error)") }
        }
        // Names may repeat across objects, and an inner object's names do not leak into its parent.
        let nested = (0..<40).map { #"{"a":{"a":{"a":1},"b":2},"b":\#($0)}"# }
        XCTAssertEqual(try validate("[" + nested.joined(separator: ",") + "]", &validator), .array)
        XCTAssertThrowsError(try validate(#"{"a":{"x":1},"b":{"y":2,"y":3}}"#, &validator))
    }

    func testMembersOfTheRootAndOfItsObjectsAreRecorded() throws {
        var validator = JSONValidator(options: JSONDecodingOptions())
        let text = #"{"blob":"b","deadLetter":{},"list":[{"x":1}],"event":{"id":"e","data":{"deep":true}},"n":1}"#
        _ = try validate(text, &validator)
        let bytes = Array(text.utf8)
        func string(_ range: Range<Int>) -> String { String(decoding: bytes[range], as: UTF8.self) }
        XCTAssertEqual(validator.members.map { string($0.keyRange) }, ["blob", "deadLetter", "list", "event", "n"])
        XCTAssertEqual(validator.nestedObjects.map(\.member), [1, 3], "only object values are recorded, arrays are not")
        let event = validator.nestedObjects[1].members
        XCTAssertEqual(validator.nestedMembers[event].map { string($0.keyRange) }, ["id", "data"])
        XCTAssertEqual(validator.nestedMembers[event].map { string($0.valueRange) }, [#""e""#, #"{"deep":true}"#])
        XCTAssertTrue(validator.nestedObjects[0].members.isEmpty)
        // An array root records nothing; the next value starts afresh.
        _ = try validate(#"[{"a":{"b":1}}]"#, &validator)
        XCTAssertTrue(validator.members.isEmpty)
        XCTAssertTrue(validator.nestedObjects.isEmpty)
    }

    func testACopiedDecoderDoesNotShareItsScratchMemory() throws {
        let first = Array(#"{"a":1,"b":{"c":2}}"#.utf8) + [JSONBytes.newline]
        let second = Array(#"{"x":[1,2,3],"y":{"z":{"w":4}}}"#.utf8) + [JSONBytes.newline]
        var original = JSONStreamDecoder(mode: .jsonLines)
        _ = try original.feed(first)
        var copy = original
        let fromCopy = try copy.feed(second)
        let fromOriginal = try original.feed(second)
        XCTAssertEqual(fromCopy, fromOriginal)
        guard case .value(let value) = fromOriginal.first else { return XCTFail() }
        XCTAssertEqual(value.members.map { String(decoding: value.bytes[$0.keyRange], as: UTF8.self) }, ["x", "y"])
    }

    func testMessagesQuotePositionsInTheWholeInput() throws {
        // A truncated later element: its string opens at byte 21 of the input, not byte 6 of the element.
        let truncated = Array(#"[{"a":1},  {"b":2}, {"c":"cut"#.utf8)
        XCTAssertThrowsError(try JSONStreamDecoder.decode(truncated)) { error in
            guard case .truncated(let offset, let context)? = error as? JSONDecodingError else { return XCTFail("\(error)") }
            XCTAssertEqual(offset, truncated.count)
            XCTAssertTrue(context.contains("a string starting at byte 25"), context)
        }
        // A complete line that is not complete JSON: the positions quoted are those of the file.
        let lines = Array("{\"a\":1}\n{\"n\":-\n{\"t\":tru\n".utf8)
        let items = try JSONStreamDecoder.decode(lines, mode: .jsonLines)
        guard case .invalidValue(1, _, .truncated(_, let number)) = items[1],
              case .invalidValue(2, _, .truncated(_, let literal)) = items[2] else { return XCTFail("\(items)") }
        XCTAssertTrue(number.contains("a number starting at byte 13"), number)
        XCTAssertTrue(literal.contains("the literal true starting at byte 20"), literal)
    }
}
