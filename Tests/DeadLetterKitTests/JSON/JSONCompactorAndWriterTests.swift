@testable import DeadLetterKit
import XCTest

final class JSONCompactorAndWriterTests: XCTestCase {
    func testCompactorRemovesOnlyWhitespaceOutsideStrings() {
        let pretty = Array("{\n  \"a b\" : [ 1.50 , \"x \\\" y\\n\" ],\r\n\t\"c\":{ } }\n".utf8)
        XCTAssertEqual(String(decoding: JSONCompactor.compact(pretty), as: UTF8.self), "{\"a b\":[1.50,\"x \\\" y\\n\"],\"c\":{}}")
        XCTAssertFalse(JSONCompactor.isCompact(pretty))
        XCTAssertTrue(JSONCompactor.isCompact(JSONCompactor.compact(pretty)))
    }

    func testCompactingFixturesKeepsEverythingButWhitespace() throws {
        for path in try EventFixtures.allJSONFiles() {
            let bytes = try EventFixtures.bytes(path)
            let compact = JSONCompactor.compact(bytes)
            XCTAssertNoThrow(try JSONRawValue.parse(compact), path)
            XCTAssertEqual(JSONCompactor.compact(compact), compact, path)
            // Removing the whitespace of the input outside strings must give the same bytes: check by counting.
            XCTAssertEqual(compact.filter { !JSONBytes.isWhitespace($0) }, bytes.filter { !JSONBytes.isWhitespace($0) }, path)
        }
    }

    func testWriterEscapesPerRFC8259() throws {
        var writer = JSONWriter()
        writer.beginObject()
        writer.key("quote\"back\\slash")
        writer.string("ctl \u{0}\u{8}\u{c}\n\r\t\u{1f} é😀 /")
        writer.key("n")
        writer.number(-42)
        writer.key("t")
        writer.number(text: "1.50")
        writer.key("list")
        writer.beginArray()
        writer.bool(true)
        writer.null()
        writer.raw(Array("{\"raw\":[1]}".utf8))
        writer.beginObject()
        writer.endObject()
        writer.endArray()
        writer.member("skipped", nil, omitNil: true)
        writer.member("nil", nil)
        writer.endObject()
        let text = String(decoding: writer.bytes, as: UTF8.self)
        XCTAssertEqual(text, #"{"quote\"back\\slash":"ctl \u0000\b\f\n\r\t\u001F é😀 /","n":-42,"t":1.50,"list":[true,null,{"raw":[1]},{}],"nil":null}"#)
        let parsed = try JSONRawValue.parse(writer.bytes)
        XCTAssertEqual(parsed[member: "quote\"back\\slash"]?.string, "ctl \u{0}\u{8}\u{c}\n\r\t\u{1f} é😀 /")
        writer.reset()
        writer.string("again")
        XCTAssertEqual(writer.bytes, Array("\"again\"".utf8))
    }

    func testEscapedStringsRoundTripThroughTheDecoder() throws {
        var scalars = (0..<0x80).map { Character(Unicode.Scalar($0)!) }
        scalars += ["é", "€", "😀", "\u{2028}"]
        let text = String(scalars)
        var out: [UInt8] = []
        JSONWriter.appendQuoted(text, to: &out)
        XCTAssertEqual(try JSONRawValue.parse(out).string, text)
    }
}
