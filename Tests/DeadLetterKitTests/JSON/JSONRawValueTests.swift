@testable import DeadLetterKit
import XCTest

final class JSONRawValueTests: XCTestCase {
    private let event = Array(#"""
    {"id":"1","data":{"$dtId":"room 1","$metadata":{"$model":"dtmi:x;1"},"patch":[{"op":"replace","path":"/a"},{"op":"add","path":"/b\/c"}],
     "n":-1.50e3,"t":true,"z":null,"0":"zero","odd.name":{"x":1},"esc\u0061ped":"yes"}}
    """#.utf8)

    func testPathAccessReturnsRawBytesStringsAndNumberText() throws {
        let raw = try JSONRawValue.parse(event)
        XCTAssertEqual(raw[path: "data.$dtId"]?.string, "room 1")
        XCTAssertEqual(raw[path: "data.$dtId"]?.bytes, ArraySlice(Array("\"room 1\"".utf8)))
        XCTAssertEqual(raw[path: "data.$metadata.$model"]?.string, "dtmi:x;1")
        XCTAssertEqual(raw[path: "data.patch.1.path"]?.string, "/b/c")
        XCTAssertEqual(raw[path: "data.patch[0].op"]?.string, "replace")
        XCTAssertEqual(raw[path: "data.n"]?.numberText, "-1.50e3")
        XCTAssertEqual(raw[path: "data.n"]?.double, -1500)
        XCTAssertEqual(raw[path: "data.t"]?.bool, true)
        XCTAssertEqual(raw[path: "data.z"]?.isNull, true)
        XCTAssertEqual(raw[path: "data.0"]?.string, "zero", "a digit segment on an object names a member")
        XCTAssertEqual(raw[path: #"data["odd.name"].x"#]?.int, 1)
        XCTAssertEqual(raw[path: "data.escaped"]?.string, "yes", "names are compared after unescaping")
        XCTAssertEqual(raw[path: "data.patch"]?.kind, .array)
        XCTAssertEqual(raw[path: "data.patch"]?.bytes.first, UInt8(ascii: "["))
        XCTAssertNil(raw[path: "data.missing"])
        XCTAssertNil(raw[path: "data.patch.7"])
        XCTAssertNil(raw[path: "id.x"])
        XCTAssertTrue(raw[path: "data.$dtId"]!.stringEquals("room 1"))
        XCTAssertFalse(raw[path: "data.$dtId"]!.stringEquals("room"))
    }

    func testWildcardsCollectEveryMatch() throws {
        let raw = try JSONRawValue.parse(event)
        let paths = raw.values(at: try JSONPath("data.patch[*].path")).compactMap(\.string)
        XCTAssertEqual(paths, ["/a", "/b/c"])
        XCTAssertEqual(raw.values(at: try JSONPath("data.patch.*.op")).compactMap(\.string), ["replace", "add"])
        XCTAssertEqual(raw[path: "data"]?.members.map(\.name), ["$dtId", "$metadata", "patch", "n", "t", "z", "0", "odd.name", "escaped"])
        XCTAssertEqual(raw[path: "data.patch"]?.elements.count, 2)
    }

    func testPathParsingAndDescription() throws {
        XCTAssertEqual(try JSONPath("a.b.0.c").components, [.member("a"), .member("b"), .index(0), .member("c")])
        XCTAssertEqual(try JSONPath(#"a["x.y"][2][*]"#).components, [.member("a"), .member("x.y"), .index(2), .wildcard])
        XCTAssertEqual(try JSONPath("data.$dtId").description, "data.$dtId")
        XCTAssertEqual(try JSONPath(#"a["x.y"]"#).description, #"a["x.y"]"#)
        XCTAssertThrowsError(try JSONPath("a..b"))
        XCTAssertThrowsError(try JSONPath("a."))
        XCTAssertThrowsError(try JSONPath("a[1"))
        XCTAssertThrowsError(try JSONPath("a[x]")) { error in
            XCTAssertTrue("\(error)".contains("a[x]"))
        }
    }

    func testMalformedBytesGiveNilNotACrash() {
        let broken = JSONRawValue(validatedBytes: Array("{\"a\":{\"b\":\"unterminated".utf8))
        XCTAssertNil(broken[path: "a.b"])
        XCTAssertNil(JSONRawValue(validatedBytes: [])[path: "a"])
        XCTAssertNil(JSONRawValue(validatedBytes: Array("[1,".utf8))[index: 1])
    }
}
