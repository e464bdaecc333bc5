import XCTest
@testable import DeadLetterKit

final class JSONPrettyPrinterTests: XCTestCase {
    static let event = #"{"id":"e1" , "data":{"n":1.0e+2,"neg":-0.50,"big":12345678901234567890,"s":"caf\u00e9 \"q\" \\ \/","#
        + #""empty":{},"list":[ ],"nested":[1,[true,false],{"k":null}]},"ünï":"é"}"#

    func testIndentsAndKeepsTokensVerbatim() throws {
        let expected = #"""
        {
          "id": "e1",
          "data": {
            "n": 1.0e+2,
            "neg": -0.50,
            "big": 12345678901234567890,
            "s": "caf\u00e9 \"q\" \\ \/",
            "empty": {},
            "list": [],
            "nested": [
              1,
              [
                true,
                false
              ],
              {
                "k": null
              }
            ]
          },
          "ünï": "é"
        }
        """#
        XCTAssertEqual(try JSONPrettyPrinter().format(Self.event), expected)
    }

    func testCompactDropsOnlyWhitespaceOutsideStrings() throws {
        let input = "{ \"a\" : [ 1 , 2.50E-3 ] ,\n\t\"b\" : \"x  y\\n\" }"
        XCTAssertEqual(try JSONPrettyPrinter(layout: .compact).format(input), "{\"a\":[1,2.50E-3],\"b\":\"x  y\\n\"}")
        XCTAssertEqual(try JSONPrettyPrinter(layout: .compact).format(" 42 "), "42")
    }

    func testColoursKeysStringsNumbersAndLiterals() throws {
        let text = try JSONPrettyPrinter(colored: true).format(#"{"k":["s",1,null]}"#)
        let expected = "{\n  \u{1B}[1;34m\"k\"\u{1B}[0m: [\n    \u{1B}[32m\"s\"\u{1B}[0m,\n    \u{1B}[36m1\u{1B}[0m,\n"
            + "    \u{1B}[35mnull\u{1B}[0m\n  ]\n}"
        XCTAssertEqual(text, expected)
    }

    func testFourSpaceIndentAndByteAPI() throws {
        var output = Array("> ".utf8)
        try Array(#"{"a":[1]}"#.utf8).withUnsafeBytes { try JSONPrettyPrinter(layout: .indented(spaces: 4)).format($0, into: &output) }
        XCTAssertEqual(String(decoding: output, as: UTF8.self), "> {\n    \"a\": [\n        1\n    ]\n}")
    }

    func testErrorsNameTheOffset() {
        let printer = JSONPrettyPrinter()
        XCTAssertThrowsError(try printer.format(#"{"a":1,}"#)) { error in
            XCTAssertEqual(error as? JSONPrettyPrintError, .unexpectedByte(offset: 7, found: UInt8(ascii: "}"), expected: "a string key"))
            XCTAssertEqual("\(error)", "invalid JSON at byte 7: found '}', expected a string key")
        }
        XCTAssertThrowsError(try printer.format(#"{"a" 1}"#)) { error in
            XCTAssertEqual(error as? JSONPrettyPrintError, .unexpectedByte(offset: 5, found: UInt8(ascii: "1"), expected: "':'"))
        }
        XCTAssertThrowsError(try printer.format(#"[1,2"#)) { error in
            XCTAssertEqual(error as? JSONPrettyPrintError, .unexpectedEnd(offset: 4, expected: "',' or a closing bracket"))
        }
        XCTAssertThrowsError(try printer.format(#"{"a":"open}"#)) { error in
            XCTAssertEqual(error as? JSONPrettyPrintError, .unterminatedString(offset: 5))
        }
        XCTAssertThrowsError(try printer.format(#"[tru]"#)) { error in
            XCTAssertEqual(error as? JSONPrettyPrintError, .invalidLiteral(offset: 1, text: "tru"))
        }
        XCTAssertThrowsError(try printer.format(#"[1]]"#)) { error in
            XCTAssertEqual(error as? JSONPrettyPrintError, .unexpectedByte(offset: 3, found: UInt8(ascii: "]"), expected: "the end of the document"))
        }
        XCTAssertThrowsError(try printer.format(#"[1}"#)) { error in
            XCTAssertEqual("\(error)", "invalid JSON at byte 2: found '}', expected ',' or ']'")
        }
        XCTAssertThrowsError(try printer.format("")) { error in
            XCTAssertEqual(error as? JSONPrettyPrintError, .unexpectedEnd(offset: 0, expected: "a value"))
        }
    }

    func testOutputUnchangedOnError() {
        var output = Array("keep".utf8)
        XCTAssertThrowsError(try Array("[1,".utf8).withUnsafeBytes { try JSONPrettyPrinter().format($0, into: &output) })
        XCTAssertEqual(output, Array("keep".utf8))
    }
}
