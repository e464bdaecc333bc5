import XCTest
@testable import DeadLetterKit

final class QueryFieldTests: XCTestCase {
    func testNamesReadBackAsTheSameField() throws {
        let fields: [QueryField] = QueryField.namedFields + [
            .data(path: ["temperature"]), .data(path: ["$dtId"]), .data(path: ["a.b", "0"]), .data(path: ["sp ace", "q\"uote"]),
            .data(path: ["@odata-type"]),
        ]
        for field in fields {
            let expression = try WhereExpression("\(field.name) exists")
            guard case .test(let test) = expression.root else { return XCTFail(field.name) }
            XCTAssertEqual(test.field, field, field.name)
        }
        XCTAssertEqual(QueryField.data(path: ["a.b", "0"]).name, "data.\"a.b\".0")
        XCTAssertEqual(QueryField.sourceTwin.description, "source_twin")
    }

    func testKinds() {
        XCTAssertEqual(QueryField.time.kind, .time)
        XCTAssertEqual(QueryField.deadlettered.kind, .time)
        XCTAssertEqual(QueryField.attempts.kind, .number)
        XCTAssertEqual(QueryField.twin.kind, .text)
        XCTAssertEqual(QueryField.patchPath.kind, .text)
        XCTAssertEqual(QueryField.data(path: ["x"]).kind, .dynamic)
    }

    func testEditDistanceCountsTranspositionsOnce() {
        XCTAssertEqual(QueryField.editDistance("tyep", "type"), 1)
        XCTAssertEqual(QueryField.editDistance("", "abc"), 3)
        XCTAssertEqual(QueryField.editDistance("kitten", "sitting"), 3)
        XCTAssertNil(QueryField.suggestion(for: "zzzzzz"))
        XCTAssertEqual(QueryField.suggestion(for: "reasn"), "reason")
        XCTAssertEqual(QueryField.suggestion(for: "dat"), "data.<path>")
    }

    func testNumberValuesKeepTheirText() {
        XCTAssertEqual(QueryValue.number(3), .number(3, text: "3"))
        XCTAssertEqual(QueryValue.number(2.5), .number(2.5, text: "2.5"))
    }

    func testCaretLinesShowLineBreaksAsSpaces() {
        XCTAssertEqual(QueryError.caretLines(expression: "type ==\n  x", column: 11), "  type ==   x\n            ^")
    }
}
