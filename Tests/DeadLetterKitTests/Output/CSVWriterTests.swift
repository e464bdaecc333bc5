import XCTest
@testable import DeadLetterKit

final class CSVWriterTests: XCTestCase {
    func testRFC4180Quoting() {
        let writer = CSVWriter()
        XCTAssertEqual(writer.record(["plain", "with,comma", "say \"hi\"", "two\nlines", "cr\rhere", "", " spaced "]),
                       "plain,\"with,comma\",\"say \"\"hi\"\"\",\"two\nlines\",\"cr\rhere\",, spaced \r\n")
        XCTAssertEqual(CSVWriter.field("\""), "\"\"\"\"")
        XCTAssertEqual(CSVWriter.field("héllo"), "héllo")
    }

    func testLineEndingIsConfigurable() {
        XCTAssertEqual(CSVWriter(lineEnding: "\n").record(["a", "b"]), "a,b\n")
        XCTAssertEqual(CSVWriter().record([]), "\r\n")
    }
}
