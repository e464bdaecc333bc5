import XCTest
@testable import DeadLetterKit

/// Every way `--where` can be rejected, with the column the caret points at.
final class WhereExpressionErrorTests: XCTestCase {
    private let now = Date(timeIntervalSince1970: 1_704_466_800)

    private func assertError(_ expression: String, column: Int, contains fragment: String,
                             file: StaticString = #filePath, line: UInt = #line) {
        do {
            _ = try WhereExpression(expression, now: now)
            XCTFail("\(expression) should not parse", file: file, line: line)
        } catch {
            XCTAssertEqual(error.column, column, "\(expression): \(error)", file: file, line: line)
            XCTAssertTrue("\(error)".contains(fragment), "\(expression): '\(error)' lacks '\(fragment)'",
                          file: file, line: line)
        }
    }

    func testCaretPointsAtTheColumn() {
        XCTAssertThrowsError(try WhereExpression("type == and x", now: now)) { error in
            XCTAssertEqual("\(error)", """
                expected a value after '==', found 'and' at column 9
                  type == and x
                          ^
                """)
        }
        XCTAssertThrowsError(try WhereExpression("type == Foo", now: now)) { error in
            XCTAssertEqual("\(error)", """
                expected a value after '==', found 'Foo' at column 9
                  type == Foo
                          ^
                hint: text needs quotes: "Foo"
                """)
        }
        XCTAssertThrowsError(try WhereExpression("\ttype ==", now: now)) { error in
            XCTAssertEqual("\(error)", "expected a value after '==' at column 9\n  \ttype ==\n  \t       ^")
        }
    }

    func testStructure() {
        assertError("", column: 1, contains: "empty")
        assertError("   ", column: 1, contains: "empty")
        assertError("type == \"a\" xyz", column: 13, contains: "expected 'and', 'or' or the end of the expression, found 'xyz'")
        assertError("type == \"a\")", column: 12, contains: "no matching '('")
        assertError("(type == \"a\"", column: 13, contains: "expected ')' to close the '(' at column 1")
        assertError("(type == \"a\" or (twin == \"b\")", column: 30, contains: "close the '(' at column 1")
        assertError("()", column: 2, contains: "expected a test inside the parentheses")
        assertError("type == \"a\" and", column: 16, contains: "expected a test")
        assertError("type == \"a\" or or", column: 16, contains: "expected a field name, found 'or'")
        assertError("not", column: 4, contains: "expected a test")
        assertError("!", column: 2, contains: "expected a test")
        assertError("== \"a\"", column: 1, contains: "expected a field name, found '=='")
        assertError("\"type\" == \"a\"", column: 1, contains: "expected a field name, found a string")
    }

    func testOperators() {
        assertError("type \"a\"", column: 6, contains: "expected an operator after 'type'")
        assertError("type", column: 5, contains: "found the end of the expression")
        assertError("type = \"a\"", column: 6, contains: "'=' is not an operator at column 6\n  type = \"a\"\n       ^\nhint: use '==' to compare")
        assertError("type not like \"a\"", column: 10, contains: "expected 'in' or 'exists' after 'not'")
        assertError("type ~ Foo*", column: 8, contains: "expected a quoted pattern after '~'")
        assertError("twin =~ 42", column: 9, contains: "expected a quoted pattern after '=~'")
        assertError("time ~ \"2024*\"", column: 6, contains: "'~' matches text, but 'time' is a time")
        assertError("attempts =~ \"3\"", column: 10, contains: "'=~' matches text, but 'attempts' is a number")
    }

    func testValues() {
        assertError("type ==", column: 8, contains: "expected a value after '=='")
        assertError("type == Foo", column: 9, contains: "text needs quotes: \"Foo\"")
        assertError("deadlettered > time", column: 16, contains: "a field compares with a value, not with another field")
        assertError("twin == data.x", column: 9, contains: "not with another field")
        assertError("type == [\"a\"]", column: 9, contains: "needs 'in'")
        assertError("type == \"abc", column: 9, contains: "no closing \"")
        assertError("type == 'abc", column: 9, contains: "no closing '")
        assertError("type == \"\\u12\"", column: 10, contains: "four hex digits")
        assertError("data.x == 12abc", column: 11, contains: "'12abc' is not a number")
        assertError("data.x == 1.2.3", column: 11, contains: "is not a number")
        assertError("data.x < true", column: 10, contains: "'<' cannot compare with true")
        assertError("data.x >= null", column: 11, contains: "cannot compare with null")
    }

    func testTimes() {
        assertError("time > 6h", column: 8, contains: "write 'now - 6h'")
        assertError("time > -1h30m", column: 8, contains: "write 'now - 1h30m'")
        assertError("time > now -", column: 13, contains: "expected a duration after '-'")
        assertError("time > now - x", column: 14, contains: "found 'x' at column 14\n  time > now - x\n               ^\nhint: durations: 90s")
        assertError("time > now + 6", column: 14, contains: "expected a duration after '+'")
        assertError("time > 2024-13-01T00:00:00Z", column: 8, contains: "'2024-13-01T00:00:00Z' is not a valid time")
        assertError("time > 2024-01-05T13:00Z", column: 8, contains: "is not a valid time")
        assertError("time > 2024-01-05x", column: 8, contains: "'2024-01-05x' is not a valid time")
        assertError("time > \"yesterday\"", column: 8, contains: "'time' is a time, and \"yesterday\" is not RFC 3339")
        assertError("time > 5", column: 8, contains: "'time' is a time, not 5")
        assertError("deadlettered == true", column: 17, contains: "'deadlettered' is a time")
    }

    func testTypes() {
        assertError("subject == 42", column: 12, contains: "'subject' is text, not 42 at column 12")
        assertError("twin == true", column: 9, contains: "put the value in quotes: \"true\"")
        assertError("reason == now", column: 11, contains: "'reason' is text")
        assertError("subject == null", column: 12, contains: "write 'not subject exists'")
        assertError("attempts > \"3\"", column: 12, contains: "'attempts' is a number")
        assertError("attempts in [1, \"2\"]", column: 17, contains: "'attempts' is a number")
    }

    func testLists() {
        assertError("type in \"a\"", column: 9, contains: "expected '[' after 'in'")
        assertError("type in [\"a\" \"b\"]", column: 14, contains: "expected ',' or ']' in the list, found a string")
        assertError("type in [\"a\",", column: 14, contains: "expected a value in the list")
        assertError("type in [\"a\"", column: 13, contains: "expected ',' or ']'")
        assertError("type not in [,]", column: 14, contains: "expected a value in the list, found ','")
    }

    func testFields() {
        assertError("data == 1", column: 5, contains: "'data' needs a path")
        assertError("data. == 1", column: 6, contains: "expected a path segment after '.'")
        assertError("data.a. == 1", column: 8, contains: "expected a path segment")
        assertError("data.\"a == 1", column: 6, contains: "no closing \"")
        assertError("and == 1", column: 1, contains: "expected a field name, found 'and'")
    }

    func testUnknownFieldsSuggestAndListValidFields() {
        func assertUnknown(_ expression: String, name: String, suggestion: String?, column: Int = 1,
                           file: StaticString = #filePath, line: UInt = #line) {
            XCTAssertThrowsError(try WhereExpression(expression, now: now)) { error in
                XCTAssertEqual(error as? QueryError, .unknownField(expression: expression, column: column, name: name,
                                                                   suggestion: suggestion), file: file, line: line)
                XCTAssertTrue("\(error)".contains("valid fields: id, type, source, subject, twin, source_twin, target_twin, "
                    + "relationship, model, time, deadlettered, endpoint, reason, attempts, outcome, blob, patch.path, data.<path>"),
                              "\(error)", file: file, line: line)
            }
        }
        assertUnknown("tyep == \"a\"", name: "tyep", suggestion: "type")
        assertUnknown("Type == \"a\"", name: "Type", suggestion: "type")
        assertUnknown("sourceTwin == \"a\"", name: "sourceTwin", suggestion: "source_twin")
        assertUnknown("eventTime > now", name: "eventTime", suggestion: "time")
        assertUnknown("dtId == \"a\"", name: "dtId", suggestion: "twin")
        assertUnknown("dta.temp > 3", name: "dta.temp", suggestion: "data.temp")
        assertUnknown("patch.paht ~ \"/a*\"", name: "patch.paht", suggestion: "patch.path")
        assertUnknown("patch ~ \"/a*\"", name: "patch", suggestion: "patch.path")
        assertUnknown("x and flavour == \"a\"", name: "x", suggestion: nil)
        assertUnknown("type == \"a\" and flavour == \"a\"", name: "flavour", suggestion: nil, column: 17)
        XCTAssertThrowsError(try WhereExpression("tyep == \"a\"", now: now)) { error in
            XCTAssertEqual("\(error)", """
                unknown field 'tyep' at column 1
                  tyep == "a"
                  ^
                hint: did you mean 'type'? valid fields: id, type, source, subject, twin, source_twin, target_twin, \
                relationship, model, time, deadlettered, endpoint, reason, attempts, outcome, blob, patch.path, data.<path>
                """)
        }
    }

    func testRegexErrors() {
        XCTAssertThrowsError(try WhereExpression("twin =~ \"pump-(\"", now: now)) { error in
            guard case .invalidRegex(_, let column, let pattern, let reason) = error as? QueryError else {
                return XCTFail("\(error)")
            }
            XCTAssertEqual(column, 9)
            XCTAssertEqual(pattern, "pump-(")
            XCTAssertEqual(reason, "expected ')'")
            XCTAssertTrue("\(error)".hasPrefix("invalid regular expression 'pump-(': expected ')' at column 9\n"), "\(error)")
        }
        assertError("type =~ \"*x\"", column: 9, contains: "quantifier")
        assertError("type == \"a\" or twin =~ '[z-a]'", column: 24, contains: "invalid regular expression '[z-a]'")
    }

    func testGlobErrors() {
        XCTAssertThrowsError(try WhereExpression("type ~ \"a[bc\"", now: now)) { error in
            XCTAssertEqual(error as? QueryError, .invalidGlobInExpression(expression: "type ~ \"a[bc\"", column: 8,
                                                                          pattern: "a[bc", reason: .unclosedClass(position: 2)))
            XCTAssertTrue("\(error)".hasPrefix("invalid glob 'a[bc': the '[' at position 2 has no closing ']'"), "\(error)")
        }
        assertError("type ~ 'x\\\\'", column: 8, contains: "invalid glob")
    }

    func testOptionErrors() {
        XCTAssertThrowsError(try DeadLetterFilter(flags: .init(types: ["Twin.[Update"]), now: now)) { error in
            XCTAssertEqual(error as? QueryError, .invalidGlob(option: "--type", pattern: "Twin.[Update",
                                                              reason: .unclosedClass(position: 6)))
            XCTAssertNil((error as? QueryError)?.column)
        }
        XCTAssertThrowsError(try DeadLetterFilter(flags: .init(since: "soon"), now: now)) { error in
            XCTAssertEqual(error as? QueryError, .invalidTime(option: "--since", text: "soon"))
        }
        XCTAssertThrowsError(try DeadLetterFilter(flags: .init(since: "1h", until: "2h"), now: now)) { error in
            XCTAssertEqual("\(error)", "--since 2024-01-05T14:00:00Z is not before --until 2024-01-05T13:00:00Z, so nothing can match")
        }
        XCTAssertThrowsError(try DeadLetterFilter(flags: .init(whereExpression: "typo == 1"), now: now)) { error in
            XCTAssertEqual((error as? QueryError)?.column, 1)
        }
    }
}
