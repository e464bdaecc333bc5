import AzureCore
import XCTest

final class EncodingAndDateTests: XCTestCase {
    func testPercentEncodingMatchesPythonQuoteWithEmptySafe() {
        XCTAssertEqual(PercentEncoding.encode("a b&c/d+é~"), "a%20b%26c%2Fd%2B%C3%A9~")
        XCTAssertEqual(PercentEncoding.encodePath("ep1/2024/a b.json"), "ep1/2024/a%20b.json")
        XCTAssertEqual(PercentEncoding.decode("a%20b%2Bc+d", plusAsSpace: true), "a b+c d")
        XCTAssertEqual(PercentEncoding.decode("100%"), "100%", "a malformed escape is kept")
    }

    func testHTTPDateRoundTrip() throws {
        let date = Date(timeIntervalSince1970: 1_704_459_731)  // 2024-01-05T13:02:11Z, a Friday
        XCTAssertEqual(HTTPDate.format(date), "Fri, 05 Jan 2024 13:02:11 GMT")
        XCTAssertEqual(HTTPDate.parse("Fri, 05 Jan 2024 13:02:11 GMT"), date)
        XCTAssertNil(HTTPDate.parse("2024-01-05"))
    }

    func testXMLEscaping() {
        XCTAssertEqual(XMLText.escape("a&b<c>\"d'"), "a&amp;b&lt;c&gt;&quot;d&apos;")
        XCTAssertTrue(XMLText.isXMLSafe("ep1/é/ü.json"))
        XCTAssertFalse(XMLText.isXMLSafe("bad\u{FFFE}name"))
    }
}
