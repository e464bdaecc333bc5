import XCTest
@testable import DeadLetterKit

final class WhereExpressionEvaluationTests: XCTestCase {
    private let now = Date(timeIntervalSince1970: 1_704_466_800)  // 2024-01-05T15:00:00Z
    private let update = QueryTestEvent.twinUpdate("pump-7")  // time 13:00, dead-lettered 14:00
    private let relationship = QueryTestEvent.relationship(from: "pump-7", to: "tank-2")

    private func matches(_ expression: String, _ event: QueryTestEvent, file: StaticString = #filePath,
                         line: UInt = #line) -> Bool {
        do {
            return try WhereExpression(expression, now: now).matches(event)
        } catch {
            XCTFail("\(expression): \(error)", file: file, line: line)
            return false
        }
    }

    private func assertMatch(_ expression: String, _ event: QueryTestEvent, _ expected: Bool = true,
                             file: StaticString = #filePath, line: UInt = #line) {
        XCTAssertEqual(matches(expression, event, file: file, line: line), expected, expression, file: file, line: line)
    }

    func testEveryNamedField() {
        assertMatch("id == \"e-1\"", update)
        assertMatch("type == \"Microsoft.DigitalTwins.Twin.Update\"", update)
        assertMatch("source ~ \"https://adt-1.*\"", update)
        assertMatch("subject == \"pump-7\"", update)
        assertMatch("twin == \"pump-7\"", update)
        assertMatch("source_twin == \"pump-7\"", relationship)
        assertMatch("target_twin == \"tank-2\"", relationship)
        assertMatch("relationship == \"feeds\"", relationship)
        assertMatch("model == \"dtmi:com:example:Pump;1\"", update)
        assertMatch("time == 2024-01-05T13:00:00Z", update)
        assertMatch("deadlettered == 2024-01-05T14:00:00Z", update)
        assertMatch("endpoint == \"adt-main\"", update)
        assertMatch("reason == \"TimeToLiveExceeded\"", update)
        assertMatch("attempts == 4", update)
        assertMatch("outcome == \"TimedOut\"", update)
        assertMatch("blob == \"adt-main/2024/01/05/14/e-1.json\"", update)
        assertMatch("patch.path == \"/status/mode\"", update)
        assertMatch("data.modelId == \"dtmi:com:example:Pump;1\"", update)
        assertMatch("data.$relationshipName == \"feeds\"", relationship)
        assertMatch("id == \"e-2\"", update, false)
    }

    func testComparisonOperators() {
        assertMatch("attempts != 3", update)
        assertMatch("attempts != 4", update, false)
        assertMatch("attempts < 5", update)
        assertMatch("attempts < 4", update, false)
        assertMatch("attempts <= 4", update)
        assertMatch("attempts > 3", update)
        assertMatch("attempts > 4", update, false)
        assertMatch("attempts >= 4", update)
        assertMatch("attempts >= 4.5", update, false)
        assertMatch("attempts == 4.0", update)
        assertMatch("attempts == 4e0", update)
        assertMatch("id < \"f\"", update)
        assertMatch("id > \"e-0\" and id <= \"e-1\"", update)
        assertMatch("id >= \"e-2\"", update, false)
    }

    func testGlobAndRegex() {
        assertMatch("type ~ \"*.Twin.*\"", update)
        assertMatch("type ~ \"*.twin.*\"", update, false)
        assertMatch("twin ~ \"pump-[0-9]\"", update)
        assertMatch("twin =~ \"^pump-\\d+$\"", update)
        assertMatch("twin =~ 'ump'", update)  // found anywhere
        assertMatch("twin =~ \"^ump\"", update, false)
        assertMatch("patch.path =~ \"^/status/\"", update)
        assertMatch("attempts exists and not (twin =~ \"tank\")", update)
    }

    func testInAndExists() {
        assertMatch("type in [\"a\", \"Microsoft.DigitalTwins.Twin.Update\"]", update)
        assertMatch("type in [\"a\", \"b\",]", update, false)
        assertMatch("type in []", update, false)
        assertMatch("attempts in [1, 2, 4]", update)
        assertMatch("type not in [\"a\", \"b\"]", update)
        assertMatch("type not in [\"Microsoft.DigitalTwins.Twin.Update\"]", update, false)
        assertMatch("relationship exists", relationship)
        assertMatch("relationship exists", update, false)
        assertMatch("relationship not exists", update)
        assertMatch("not relationship exists", update)
        assertMatch("patch.path exists", update)
    }

    func testRelationshipsMatchByEitherEnd() {
        assertMatch("twin == \"pump-7\"", relationship)
        assertMatch("twin == \"tank-2\"", relationship)
        assertMatch("twin ~ \"tank-*\"", relationship)
        assertMatch("twin in [\"x\", \"tank-2\"]", relationship)
        assertMatch("twin =~ \"^tank\"", relationship)
        assertMatch("twin == \"valve-1\"", relationship, false)
        assertMatch("source_twin == \"tank-2\"", relationship, false)
        assertMatch("target_twin ~ \"tank*\" and source_twin ~ \"pump*\"", relationship)
    }

    func testListSemantics() {
        // `!=` on a list means no element equals: it is exactly `not ==`.
        assertMatch("twin != \"tank-2\"", relationship, false)
        assertMatch("twin != \"valve-1\"", relationship)
        assertMatch("patch.path != \"/temperature\"", update, false)
        var event = QueryTestEvent()
        event[.data(path: ["tags"])] = .list([.string("hot"), .list([.string("deep")]), .number(3)])
        event[.twin] = .list([])
        assertMatch("data.tags == \"hot\"", event)
        assertMatch("data.tags == \"deep\"", event)  // nested arrays are searched too
        assertMatch("data.tags == 3", event)
        assertMatch("data.tags > 2", event)
        assertMatch("data.tags ~ \"d*\"", event)
        assertMatch("data.tags exists", event)
        // An empty list exists, but has no element to match.
        assertMatch("twin exists", event)
        assertMatch("twin == \"x\"", event, false)
        assertMatch("twin ~ \"*\"", event, false)
        assertMatch("twin != \"x\"", event)
    }

    func testMissingFields() {
        let empty = QueryTestEvent()
        for expression in ["subject == \"x\"", "subject < \"x\"", "subject >= \"\"", "subject ~ \"*\"", "subject =~ \"\"",
                           "subject in [\"x\"]", "subject exists", "attempts > 0", "time < now", "data.x == null",
                           "data.x == false"] {
            assertMatch(expression, empty, false)
        }
        for expression in ["subject != \"x\"", "not subject exists", "subject not in [\"x\"]", "not subject ~ \"*\"",
                           "data.x != null", "not attempts > 0"] {
            assertMatch(expression, empty)
        }
    }

    func testTypedComparisonsOnData() {
        var event = QueryTestEvent()
        event[.data(path: ["temperature"])] = .number(21.5, text: "21.5")
        event[.data(path: ["code"])] = .string("42")
        event[.data(path: ["on"])] = .bool(true)
        event[.data(path: ["gone"])] = .null
        event[.data(path: ["when"])] = .string("2024-01-05T12:00:00.5+00:00")
        event[.data(path: ["a.b", "0"])] = .string("dotted")
        event[.data(path: ["items", "1", "name"])] = .string("second")
        assertMatch("data.temperature > 20", event)
        assertMatch("data.temperature == 21.5", event)
        assertMatch("data.temperature == \"21.5\"", event, false)  // no conversion between text and numbers
        assertMatch("data.code == 42", event, false)
        assertMatch("data.code == \"42\"", event)
        assertMatch("data.on == true", event)
        assertMatch("data.on != false", event)
        assertMatch("data.on == \"true\"", event, false)
        assertMatch("data.gone == null", event)
        assertMatch("data.gone exists", event)  // present, even though null
        assertMatch("data.on == null", event, false)
        // Text is read as RFC 3339 when compared with a time.
        assertMatch("data.when < 2024-01-05T12:00:01Z", event)
        assertMatch("data.when > now - 3h", event)
        assertMatch("data.when == 2024-01-05T12:00:00.5Z", event)
        assertMatch("data.code < now", event, false)  // not a time
        assertMatch("data.\"a.b\".0 == \"dotted\"", event)
        assertMatch("data.'a.b'.0 == 'dotted'", event)
        assertMatch("data.items.1.name == \"second\"", event)
    }

    func testTimesAndNow() {
        // update: time 2024-01-05T13:00:00Z, dead-lettered 14:00; now is 15:00.
        assertMatch("time > now - 6h", update)
        assertMatch("time > now - 1h30m", update, false)
        assertMatch("time >= now - 2h", update)  // exactly 13:00
        assertMatch("time > now - 2h", update, false)
        assertMatch("time < now + 1d", update)
        assertMatch("time >= 2024-01-05 and time < 2024-01-06", update)
        assertMatch("time == \"2024-01-05T14:00:00+01:00\"", update)
        assertMatch("time == 2024-01-05T14:00:00+01:00", update)
        assertMatch("time < 2024-01-05T13:00:00Z + 1s", update)
        assertMatch("time in [2024-01-05T13:00:00Z, 2024-01-06]", update)
        assertMatch("deadlettered >= 2024-01-05T14:00:00Z and deadlettered < 2024-01-05T15:00:00Z", update)
    }

    func testTelemetryIsPlacedInTimeByItsDeadLetterTime() {
        let hour = QueryTestEvent.hourZero.addingTimeInterval(9 * 3600)
        let telemetry = QueryTestEvent.telemetry("pump-7", deadlettered: hour, data: [["temperature"]: .number(80)])
        assertMatch("time >= 2024-01-05T09:00:00Z and time < 2024-01-05T10:00:00Z and data.temperature >= 80", telemetry)
    }

    func testEndpointIgnoresCase() {
        let event = QueryTestEvent.telemetry("pump-7", deadlettered: now)  // endpoint "EG-Telemetry"
        assertMatch("endpoint == \"eg-telemetry\"", event)
        assertMatch("endpoint != \"EG-TELEMETRY\"", event, false)
        assertMatch("endpoint in [\"x\", \"eg-TELEMETRY\"]", event)
        assertMatch("endpoint ~ \"eg-*\"", event)
        assertMatch("endpoint =~ \"^eg-tele\"", event)
        assertMatch("endpoint > \"eg-a\"", event)
        assertMatch("type ~ \"MICROSOFT.*\"", event, false)  // other fields are case-sensitive
    }

    func testStringsAndEscapes() {
        var event = QueryTestEvent()
        event[.subject] = .string("line\n\"quoted\" it's é\\x")
        assertMatch("subject == \"line\\n\\\"quoted\\\" it's \\u00e9\\\\x\"", event)
        assertMatch("subject == 'line\\n\"quoted\" it\\'s é\\\\x'", event)
        assertMatch("subject =~ \"\\\"quoted\\\"\"", event)
        assertMatch("subject =~ \"\\s\\\"\"", event)  // unknown escapes reach the regex as written
        assertMatch("subject ~ \"*\\\\x\"", event)  // `\\\\` in the string is one backslash, which the glob escapes
    }

    func testPrecedenceNotThenAndThenOr() throws {
        // not a or b and c  ==  (not a) or (b and c)
        let plain = try WhereExpression("not data.a == true or data.b == true and data.c == true", now: now)
        let symbols = try WhereExpression("!data.a == true || data.b == true && data.c == true", now: now)
        let upper = try WhereExpression("NOT data.a == true OR data.b == true AND data.c == true", now: now)
        let grouped = try WhereExpression("(not data.a == true or data.b == true) and data.c == true", now: now)
        let negatedGroup = try WhereExpression("not (data.a == true or data.b == true)", now: now)
        for bits in 0..<8 {
            let (a, b, c) = (bits & 1 != 0, bits & 2 != 0, bits & 4 != 0)
            var event = QueryTestEvent()
            event[.data(path: ["a"])] = .bool(a)
            event[.data(path: ["b"])] = .bool(b)
            event[.data(path: ["c"])] = .bool(c)
            XCTAssertEqual(plain.matches(event), !a || (b && c), "a=\(a) b=\(b) c=\(c)")
            XCTAssertEqual(symbols.matches(event), !a || (b && c))
            XCTAssertEqual(upper.matches(event), !a || (b && c))
            XCTAssertEqual(grouped.matches(event), (!a || b) && c)
            XCTAssertEqual(negatedGroup.matches(event), !(a || b))
        }
        XCTAssertEqual(plain.description, "not (data.a == true) or (data.b == true and data.c == true)")
        XCTAssertEqual(grouped.description, "(not (data.a == true) or data.b == true) and data.c == true")
    }

    func testDoubleNegationAndNesting() {
        assertMatch("not not type ~ \"*Update\"", update)
        assertMatch("!!(((type ~ \"*Update\")))", update)
        assertMatch("((id == \"x\") or (id == \"e-1\" and (attempts > 3 or attempts < 0)))", update)
    }

    func testDescriptionReadsBackToTheSameExpression() throws {
        for text in ["type ~ \"*Twin*\" and (twin == 'a\"b' or not data.\"x.y\".0 exists)",
                     "endpoint in [\"A\", \"b\"] && time > now - 6h || attempts >= 2.50",
                     "subject =~ \"^\\\\d+$\" and data.$dtId != null and patch.path not in []"] {
            let first = try WhereExpression(text, now: now)
            let second = try WhereExpression(first.description, now: now)
            XCTAssertEqual(first.description, second.description)
        }
        XCTAssertEqual(try WhereExpression("time > now - 6h", now: now).description, "time > 2024-01-05T09:00:00Z")
    }
}

final class WhereExpressionHelpTests: XCTestCase {
    /// The examples in the help text must parse, and every named field must be mentioned.
    func testHelpExamplesParseAndNameEveryField() throws {
        let lines = WhereExpression.help.split(separator: "\n")
        let examples = lines.compactMap { line -> String? in
            let text = line.trimmingCharacters(in: .whitespaces)
            if text.hasPrefix("examples: ") { return String(text.dropFirst("examples: ".count)) }
            return lines.firstIndex(of: line).map { lines[..<$0].contains { $0.contains("examples:") } } == true ? text : nil
        }
        XCTAssertEqual(examples.count, 3)
        for example in examples { XCTAssertNoThrow(try WhereExpression(example), example) }
        for field in QueryField.namedFields { XCTAssertTrue(WhereExpression.help.contains(field.name), field.name) }
    }
}
