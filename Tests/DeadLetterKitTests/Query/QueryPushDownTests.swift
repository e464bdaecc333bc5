import XCTest
@testable import DeadLetterKit

final class QueryPushDownTests: XCTestCase {
    private let now = Date(timeIntervalSince1970: 1_704_466_800)  // 2024-01-05T15:00:00Z
    private let t13 = Date(timeIntervalSince1970: 1_704_459_600)  // 2024-01-05T13:00:00Z
    private let t14 = Date(timeIntervalSince1970: 1_704_463_200)
    private let hour: TimeInterval = 3600

    private func pushDown(_ expression: String) throws -> QueryPushDown {
        try WhereExpression(expression, now: now).pushDown
    }

    private func inclusive(_ date: Date) -> QueryTimeWindow.Bound { .init(date, inclusive: true) }
    private func exclusive(_ date: Date) -> QueryTimeWindow.Bound { .init(date, inclusive: false) }

    func testTimeComparisonsBecomeWindows() throws {
        XCTAssertEqual(try pushDown("time >= 2024-01-05T13:00:00Z").eventTime, QueryTimeWindow(lower: inclusive(t13), upper: nil))
        XCTAssertEqual(try pushDown("time > 2024-01-05T13:00:00Z").eventTime, QueryTimeWindow(lower: exclusive(t13), upper: nil))
        XCTAssertEqual(try pushDown("time < 2024-01-05T13:00:00Z").eventTime, QueryTimeWindow(lower: nil, upper: exclusive(t13)))
        XCTAssertEqual(try pushDown("time <= 2024-01-05T13:00:00Z").eventTime, QueryTimeWindow(lower: nil, upper: inclusive(t13)))
        XCTAssertEqual(try pushDown("time == 2024-01-05T13:00:00Z").eventTime,
                       QueryTimeWindow(lower: inclusive(t13), upper: inclusive(t13)))
        XCTAssertEqual(try pushDown("time in [2024-01-05T14:00:00Z, 2024-01-05T13:00:00Z]").eventTime,
                       QueryTimeWindow(lower: inclusive(t13), upper: inclusive(t14)))
        XCTAssertEqual(try pushDown("time > now - 2h").eventTime, QueryTimeWindow(lower: exclusive(t13), upper: nil))
        XCTAssertEqual(try pushDown("deadlettered >= \"2024-01-05T13:00:00Z\" and deadlettered < 2024-01-05T14:00:00Z"),
                       QueryPushDown(deadLetterTime: QueryTimeWindow(since: t13, until: t14)))
    }

    func testConjunctsIntersect() throws {
        let result = try pushDown("time >= 2024-01-05T10:00:00Z and time > 2024-01-05T13:00:00Z and type ~ \"*\" "
                                  + "and (time < 2024-01-05T16:00:00Z and time <= 2024-01-05T14:00:00Z)")
        XCTAssertEqual(result.eventTime, QueryTimeWindow(lower: exclusive(t13), upper: inclusive(t14)))
        XCTAssertEqual(result.deadLetterTime, .unbounded)
        XCTAssertNil(result.endpoints)
        let contradictory = try pushDown("time < 2024-01-05T13:00:00Z and time >= 2024-01-05T14:00:00Z")
        XCTAssertTrue(contradictory.eventTime.isEmpty)
        XCTAssertTrue(contradictory.selectsNothing)
        // Equal ends: the exclusive one wins.
        XCTAssertTrue(try pushDown("time >= 2024-01-05T13:00:00Z and time < 2024-01-05T13:00:00Z").selectsNothing)
        XCTAssertFalse(try pushDown("time >= 2024-01-05T13:00:00Z and time <= 2024-01-05T13:00:00Z").selectsNothing)
    }

    func testWhatIsNotPushedDown() throws {
        for expression in [
            "time >= 2024-01-05T13:00:00Z or type == \"x\"",
            "not time < 2024-01-05T13:00:00Z",
            "time != 2024-01-05T13:00:00Z",
            "not (time >= 2024-01-05T13:00:00Z and endpoint == \"a\")",
            "endpoint == \"a\" or endpoint == \"b\"",
            "endpoint != \"a\"",
            "endpoint not in [\"a\"]",
            "endpoint =~ \"^a\"",
            "endpoint exists",
            "type == \"x\" or (time > now - 1h and endpoint == \"a\")",
            "data.time > 2024-01-05T13:00:00Z",
            "patch.path ~ \"/a*\"",
        ] {
            XCTAssertEqual(try pushDown(expression), .unconstrained, expression)
        }
        // A pushable term next to an `or` is still pushed; the `or` is not.
        let mixed = try pushDown("time >= 2024-01-05T13:00:00Z and (endpoint == \"a\" or time < 2024-01-05T14:00:00Z)")
        XCTAssertEqual(mixed, QueryPushDown(eventTime: QueryTimeWindow(lower: inclusive(t13), upper: nil)))
    }

    func testEndpointsFromWhere() throws {
        XCTAssertEqual(try pushDown("endpoint == \"adt-Main\"").endpoints?.exactNames, ["adt-Main"])
        XCTAssertEqual(try pushDown("endpoint in [\"a\", \"b\"]").endpoints?.exactNames, ["a", "b"])
        let glob = try XCTUnwrap(try pushDown("endpoint ~ \"eg-*\"").endpoints)
        XCTAssertNil(glob.exactNames)
        XCTAssertTrue(glob.matches("EG-telemetry"))
        XCTAssertFalse(glob.matches("adt-main"))
        // Intersections: names filtered by globs, names by names.
        XCTAssertEqual(try pushDown("endpoint in [\"eg-a\", \"adt-b\", \"EG-c\"] and endpoint ~ \"eg-*\"").endpoints?.exactNames,
                       ["eg-a", "EG-c"])
        XCTAssertEqual(try pushDown("endpoint ~ \"*-a\" and endpoint in [\"eg-a\", \"adt-b\"]").endpoints?.exactNames, ["eg-a"])
        XCTAssertEqual(try pushDown("endpoint in [\"a\", \"b\"] and endpoint == \"B\"").endpoints?.exactNames, ["b"])
        let none = try XCTUnwrap(try pushDown("endpoint == \"a\" and endpoint == \"b\"").endpoints)
        XCTAssertTrue(none.isEmpty)
        XCTAssertEqual(none.description, "none")
        XCTAssertFalse(none.matches("a"))
        // Two globs cannot be merged into one: both are kept and both must match.
        let both = try XCTUnwrap(try pushDown("endpoint ~ \"eg-*\" and endpoint ~ \"*-prod\"").endpoints)
        XCTAssertEqual(both.groups.count, 2)
        XCTAssertTrue(both.matches("eg-x-prod"))
        XCTAssertFalse(both.matches("eg-x-test"))
        XCTAssertFalse(both.matches("adt-prod"))
        XCTAssertEqual(both.description, "eg-* and *-prod")
    }

    func testFlagsAndWhereIntersect() throws {
        let filter = try DeadLetterFilter(flags: .init(since: "2024-01-05T10:00:00Z", until: "2024-01-05T14:00:00Z",
                                                       endpoints: ["eg-*", "adt-main"],
                                                       whereExpression: "time >= 2024-01-05T13:00:00Z and endpoint != \"x\" "
                                                           + "and endpoint in [\"EG-one\", \"other\", \"ADT-MAIN\"]"),
                                          now: now)
        let result = filter.pushDown
        XCTAssertEqual(result.eventTime, QueryTimeWindow(since: t13, until: t14))
        XCTAssertEqual(result.deadLetterTime, .unbounded)
        XCTAssertEqual(result.endpoints?.exactNames, ["EG-one", "ADT-MAIN"])
        XCTAssertTrue(result.includesEndpoint("eg-one"))
        XCTAssertFalse(result.includesEndpoint("other"))
    }

    func testByDeadletterTimeMovesTheFlagWindow() throws {
        let filter = try DeadLetterFilter(flags: .init(since: "2h", byDeadletterTime: true,
                                                       whereExpression: "time < 2024-01-05T14:00:00Z"), now: now)
        XCTAssertEqual(filter.pushDown.deadLetterTime, QueryTimeWindow(since: t13, until: nil))
        XCTAssertEqual(filter.pushDown.eventTime, QueryTimeWindow(lower: nil, upper: exclusive(t14)))
        XCTAssertNil(filter.pushDown.endpoints)
    }

    func testScanWindowIsWidenedForDeliveryRetries() throws {
        let pushDown = QueryPushDown(eventTime: QueryTimeWindow(since: t13, until: t14))
        let scan = pushDown.deadLetterScanWindow()
        XCTAssertEqual(scan, QueryTimeWindow(since: t13.addingTimeInterval(-300), until: t14.addingTimeInterval(25 * hour)))
        // An event from 13:30 dead-lettered 20 h later sits in the folder of 09:00 the next day: still scanned.
        let folder = t13.addingTimeInterval(20 * hour)
        XCTAssertTrue(pushDown.mayContainDeadLetters(from: folder, to: folder.addingTimeInterval(hour)))
        XCTAssertTrue(pushDown.mayContainDeadLetters(from: t14.addingTimeInterval(24 * hour), to: t14.addingTimeInterval(25 * hour)))
        XCTAssertFalse(pushDown.mayContainDeadLetters(from: t14.addingTimeInterval(25 * hour), to: t14.addingTimeInterval(26 * hour)))
        // Dead letters cannot come before the event (beyond clock skew).
        XCTAssertFalse(pushDown.mayContainDeadLetters(from: t13.addingTimeInterval(-2 * hour), to: t13.addingTimeInterval(-hour)))
        XCTAssertTrue(pushDown.mayContainDeadLetters(from: t13.addingTimeInterval(-hour), to: t13))
        // Day folders.
        let day = QueryTestEvent.hourZero
        XCTAssertTrue(pushDown.mayContainDeadLetters(from: day, to: day.addingTimeInterval(24 * hour)))
        XCTAssertFalse(pushDown.mayContainDeadLetters(from: day.addingTimeInterval(-24 * hour), to: day))
        // A narrower delay setting narrows the scan.
        XCTAssertFalse(pushDown.mayContainDeadLetters(from: folder, to: folder.addingTimeInterval(hour),
                                                      maximumDeliveryDelay: 2 * hour))
    }

    func testScanWindowIntersectsWithTheDeadLetterWindow() {
        let pushDown = QueryPushDown(eventTime: QueryTimeWindow(since: t13, until: t14),
                                     deadLetterTime: QueryTimeWindow(since: t14, until: nil))
        XCTAssertEqual(pushDown.deadLetterScanWindow(), QueryTimeWindow(since: t14, until: t14.addingTimeInterval(25 * hour)))
        XCTAssertFalse(pushDown.mayContainDeadLetters(from: t13, to: t14))
        XCTAssertTrue(QueryPushDown.unconstrained.mayContainDeadLetters(from: .distantPast, to: .distantFuture))
        let impossible = QueryPushDown(eventTime: QueryTimeWindow(since: t14, until: nil),
                                       deadLetterTime: QueryTimeWindow(since: nil, until: t13))
        XCTAssertTrue(impossible.selectsNothing)
    }

    func testDescription() throws {
        XCTAssertEqual(QueryPushDown.unconstrained.description, "event time any time; dead-letter time any time; endpoints all")
        XCTAssertEqual(try pushDown("time >= 2024-01-05T13:00:00Z and time < 2024-01-05T14:00:00Z and endpoint ~ 'eg-*'").description,
                       "event time [2024-01-05T13:00:00Z, 2024-01-05T14:00:00Z); dead-letter time any time; endpoints eg-*")
    }
}
