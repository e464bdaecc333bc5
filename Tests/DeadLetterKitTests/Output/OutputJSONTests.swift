import XCTest
@testable import DeadLetterKit

final class OutputJSONTests: XCTestCase {
    func testRendersInMemberOrderWithEscapes() {
        let value = OutputJSON.object([
            ("z", .int(1)),
            ("a", .array([.bool(true), .null, .double(1.5), .double(.nan)])),
            ("text", .string("q\"\\\n\u{01}é")),
            ("none", .string(nil)),
            ("empty", .object([])),
            ("list", .array([])),
        ])
        XCTAssertEqual(value.rendered(pretty: false),
                       #"{"z":1,"a":[true,null,1.5,null],"text":"q\"\\\n\u0001é","none":null,"empty":{},"list":[]}"#)
        XCTAssertEqual(OutputJSON.object([("a", .array([.int(1)]))]).rendered(), "{\n  \"a\": [\n    1\n  ]\n}")
    }

    /// Strings without anything to escape are appended whole; the scan must still find an escape after non-ASCII
    /// text and at every position of a long string.
    func testEscapesAreFoundAnywhereInAString() {
        XCTAssertEqual(OutputJSON.string("zwölf € 🙂").rendered(pretty: false), "\"zwölf € 🙂\"")
        XCTAssertEqual(OutputJSON.string("é\"").rendered(pretty: false), "\"é\\\"\"")
        XCTAssertEqual(OutputJSON.string("").rendered(pretty: false), "\"\"")
        let plain = String(repeating: "a", count: 40)
        for position in 0...plain.count {
            var text = plain
            text.insert("\t", at: text.index(text.startIndex, offsetBy: position))
            let expected = "\"" + String(plain.prefix(position)) + "\\t" + String(plain.dropFirst(position)) + "\""
            XCTAssertEqual(OutputJSON.string(text).rendered(pretty: false), expected, "tab at \(position)")
        }
    }
}
