import XCTest
@testable import DeadLetterKit

final class QueryTimeTests: XCTestCase {
    private let now = Date(timeIntervalSince1970: 1_704_466_800)  // 2024-01-05T15:00:00Z

    func testDurations() {
        XCTAssertEqual(QueryDuration.parse("90s"), 90)
        XCTAssertEqual(QueryDuration.parse("90m"), 5400)
        XCTAssertEqual(QueryDuration.parse("6h"), 21_600)
        XCTAssertEqual(QueryDuration.parse("2d"), 172_800)
        XCTAssertEqual(QueryDuration.parse("1w"), 604_800)
        XCTAssertEqual(QueryDuration.parse("1h30m"), 5400)
        XCTAssertEqual(QueryDuration.parse("1d2h3m4s"), 93_784)
        XCTAssertEqual(QueryDuration.parse("1.5h"), 5400)
        XCTAssertEqual(QueryDuration.parse("0s"), 0)
    }

    func testNotDurations() {
        for text in ["", "6", "h", "6x", "1ms", "6hours", "30m1h", "1h1h", "1h 30m", "-6h", "6h!", "1..5h", ".5h"] {
            XCTAssertNil(QueryDuration.parse(text), text)
        }
    }

    func testDurationFormat() {
        XCTAssertEqual(QueryDuration.format(5400), "1h30m")
        XCTAssertEqual(QueryDuration.format(90_000), "1d1h")
        XCTAssertEqual(QueryDuration.format(0), "0s")
        XCTAssertEqual(QueryDuration.format(61), "1m1s")
    }

    func testRelativeTimesCountBackFromNow() throws {
        XCTAssertEqual(try QueryTimeArgument.parse("90m", now: now), now.addingTimeInterval(-5400))
        XCTAssertEqual(try QueryTimeArgument.parse("2d", now: now), now.addingTimeInterval(-172_800))
        XCTAssertEqual(try QueryTimeArgument.parse("1h30m", now: now), now.addingTimeInterval(-5400))
        XCTAssertEqual(try QueryTimeArgument.parse("now", now: now), now)
        XCTAssertEqual(try QueryTimeArgument.parse(" 6h ", now: now), now.addingTimeInterval(-21_600))
    }

    func testAbsoluteTimes() throws {
        XCTAssertEqual(try QueryTimeArgument.parse("2024-01-05T13:00:00Z", now: now), Date(timeIntervalSince1970: 1_704_459_600))
        XCTAssertEqual(try QueryTimeArgument.parse("2024-01-05T14:00:00+01:00", now: now), Date(timeIntervalSince1970: 1_704_459_600))
        XCTAssertEqual(try QueryTimeArgument.parse("2024-01-05T13:00:00.1234567Z", now: now).timeIntervalSince1970,
                       1_704_459_600.1234567, accuracy: 1e-6)
        XCTAssertEqual(try QueryTimeArgument.parse("2024-01-05", now: now), Date(timeIntervalSince1970: 1_704_412_800))
        XCTAssertEqual(try QueryTimeArgument.parse("2024-02-29", now: now), Date(timeIntervalSince1970: 1_709_164_800))
    }

    func testInvalidTimesNameTheOption() {
        for text in ["yesterday", "2024-13-01", "2023-02-29", "2024-01-05T25:00:00Z", "6 h", ""] {
            XCTAssertThrowsError(try QueryTimeArgument.parse(text, now: now, option: "--until"), text) { error in
                XCTAssertEqual(error as? QueryError, .invalidTime(option: "--until", text: text))
                XCTAssertTrue("\(error)".contains("--until"), "\(error)")
                XCTAssertTrue("\(error)".contains("1h30m"), "\(error)")
            }
        }
    }

    func testWindowEdgesSinceInclusiveUntilExclusive() {
        let since = Date(timeIntervalSince1970: 1000), until = Date(timeIntervalSince1970: 2000)
        let window = QueryTimeWindow(since: since, until: until)
        XCTAssertTrue(window.contains(since))
        XCTAssertTrue(window.contains(until.addingTimeInterval(-0.001)))
        XCTAssertFalse(window.contains(until))
        XCTAssertFalse(window.contains(since.addingTimeInterval(-0.001)))
        XCTAssertEqual(window.description, "[1970-01-01T00:16:40Z, 1970-01-01T00:33:20Z)")
        XCTAssertTrue(QueryTimeWindow.unbounded.contains(.distantPast))
    }

    func testWindowIntersectionKeepsTheStricterEnds() {
        let a = QueryTimeWindow(since: Date(timeIntervalSince1970: 100), until: Date(timeIntervalSince1970: 500))
        let b = QueryTimeWindow(lower: .init(Date(timeIntervalSince1970: 200), inclusive: false),
                                upper: .init(Date(timeIntervalSince1970: 500), inclusive: true))
        let both = a.intersection(b)
        XCTAssertEqual(both.lower, .init(Date(timeIntervalSince1970: 200), inclusive: false))
        XCTAssertEqual(both.upper, .init(Date(timeIntervalSince1970: 500), inclusive: false))
        XCTAssertEqual(a.intersection(.unbounded), a)
        let point = QueryTimeWindow(lower: .init(Date(timeIntervalSince1970: 7), inclusive: true),
                                    upper: .init(Date(timeIntervalSince1970: 7), inclusive: true))
        XCTAssertFalse(point.isEmpty)
        XCTAssertTrue(point.contains(Date(timeIntervalSince1970: 7)))
        XCTAssertTrue(QueryTimeWindow(since: Date(timeIntervalSince1970: 7), until: Date(timeIntervalSince1970: 7)).isEmpty)
        XCTAssertTrue(QueryTimeWindow(since: Date(timeIntervalSince1970: 8), until: Date(timeIntervalSince1970: 7)).isEmpty)
    }

    func testWindowOverlapsFolderSpans() {
        let hour: TimeInterval = 3600
        let window = QueryTimeWindow(since: Date(timeIntervalSince1970: 10 * hour + 1800), until: Date(timeIntervalSince1970: 12 * hour))
        XCTAssertFalse(window.overlaps(from: Date(timeIntervalSince1970: 9 * hour), to: Date(timeIntervalSince1970: 10 * hour)))
        XCTAssertTrue(window.overlaps(from: Date(timeIntervalSince1970: 10 * hour), to: Date(timeIntervalSince1970: 11 * hour)))
        XCTAssertTrue(window.overlaps(from: Date(timeIntervalSince1970: 11 * hour), to: Date(timeIntervalSince1970: 12 * hour)))
        XCTAssertFalse(window.overlaps(from: Date(timeIntervalSince1970: 12 * hour), to: Date(timeIntervalSince1970: 13 * hour)))
    }

    func testTimeFormatKeepsOnlyNeededFractionDigits() {
        XCTAssertEqual(QueryTimeWindow.format(Date(timeIntervalSince1970: 1_704_459_600)), "2024-01-05T13:00:00Z")
        XCTAssertEqual(QueryTimeWindow.format(Date(timeIntervalSince1970: 1_704_459_610.5)), "2024-01-05T13:00:10.5Z")
        XCTAssertEqual(QueryTimeWindow.format(Date(timeIntervalSince1970: 1_704_459_600.25)), "2024-01-05T13:00:00.25Z")
    }
}
