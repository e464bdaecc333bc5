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
}
