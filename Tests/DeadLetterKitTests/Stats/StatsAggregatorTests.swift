import Foundation
import XCTest
@testable import DeadLetterKit

final class StatsAggregatorTests: XCTestCase {
    static func at(_ text: String) -> Date {
        RFC3339.parse(text)!
    }

    static func keys(_ type: String?, twin: String?, event: String?, deadLettered: String?, endpoint: String? = "ep1",
                     reason: String? = "MaxDeliveryAttemptsExceeded") -> StatsKeys {
        StatsKeys(type: type, twin: twin, endpoint: endpoint, reason: reason, model: nil,
                  eventTime: event.map(at), deadLetteredTime: deadLettered.map(at))
    }

    func testTotalsAndFirstLastOnBothClocks() {
        var stats = StatsAggregator()
        stats.add(Self.keys("a", twin: nil, event: "2024-01-05T13:02:11Z", deadLettered: "2024-01-05T14:00:00Z"))
        stats.add(Self.keys("a", twin: nil, event: "2024-01-05T11:00:00Z", deadLettered: "2024-01-05T13:00:00Z"))
        // ADT telemetry in the Event Grid schema: a zero time that means "none".
        stats.add(Self.keys("t", twin: nil, event: "0001-01-01T00:00:00Z", deadLettered: "2024-01-05T16:00:00Z"))
        stats.add(Self.keys("t", twin: nil, event: nil, deadLettered: nil))
        let report = stats.report()
        XCTAssertEqual(report.total, 4)
        XCTAssertEqual(report.withoutEventTime, 2)
        XCTAssertEqual(report.withoutAnyTime, 1)
        XCTAssertEqual(report.eventTimes, StatsTimeRange(first: Self.at("2024-01-05T11:00:00Z"), last: Self.at("2024-01-05T13:02:11Z")))
        XCTAssertEqual(report.deadLetteredTimes, StatsTimeRange(first: Self.at("2024-01-05T13:00:00Z"), last: Self.at("2024-01-05T16:00:00Z")))
        // 11:00 and 13:00 by event time, 16:00 by dead-letter time; the untimed one is not drawn.
        XCTAssertEqual(report.histogram.buckets.map(\.count), [1, 0, 1, 0, 0, 1])
        XCTAssertEqual(report.histogram.buckets.first?.start, Self.at("2024-01-05T11:00:00Z"))
    }

    func testNestedGroupsLargestFirstWithMissingValues() {
        var stats = StatsAggregator(dimensions: [.type, .twin])
        for (type, twin) in [("update", "room-1"), ("update", "room-2"), ("update", "room-1"), ("create", "room-9"), ("telemetry", nil)] {
            stats.add(Self.keys(type, twin: twin, event: nil, deadLettered: nil))
        }
        stats.add(Self.keys(nil, twin: "room-1", event: nil, deadLettered: nil))
        let groups = stats.report().groups
        XCTAssertEqual(groups, [
            StatsGroup(key: .text("update"), count: 3, children: [
                StatsGroup(key: .text("room-1"), count: 2),
                StatsGroup(key: .text("room-2"), count: 1),
            ]),
            StatsGroup(key: .text("create"), count: 1, children: [StatsGroup(key: .text("room-9"), count: 1)]),
            StatsGroup(key: .text("telemetry"), count: 1, children: [StatsGroup(key: .missing, count: 1)]),
            StatsGroup(key: .missing, count: 1, children: [StatsGroup(key: .text("room-1"), count: 1)]),
        ])
    }

    func testTopNSumsTheRestAtEachLevel() {
        var stats = StatsAggregator(dimensions: [.endpoint, .twin])
        for (twin, count) in [("a", 5), ("b", 4), ("c", 3), ("d", 2), ("e", 1)] {
            for _ in 0..<count { stats.add(Self.keys("t", twin: twin, event: nil, deadLettered: nil, endpoint: "ep1")) }
        }
        stats.add(Self.keys("t", twin: "a", event: nil, deadLettered: nil, endpoint: "ep2"))
        stats.add(Self.keys("t", twin: "z", event: nil, deadLettered: nil, endpoint: "ep3"))

        let top2 = stats.report(top: 2).groups
        XCTAssertEqual(top2.map(\.key), [.text("ep1"), .text("ep2"), .text("ep3")])  // a remainder of one is shown as itself
        XCTAssertEqual(top2[0].children, [
            StatsGroup(key: .text("a"), count: 5),
            StatsGroup(key: .text("b"), count: 4),
            StatsGroup(key: .other(keys: 3), count: 6),
        ])
        XCTAssertEqual(stats.report(top: 1).groups.map(\.key), [.text("ep1"), .other(keys: 2)])
        XCTAssertEqual(stats.report(top: 1).groups.last?.count, 2)
        XCTAssertEqual(stats.report(top: 1).groups.last?.key.label, "(other 2)")
        XCTAssertEqual(stats.report(top: 4).groups[0].children.count, 5)
        XCTAssertEqual(stats.report().groups[0].children.map(\.count), [5, 4, 3, 2, 1])
    }

    func testHourAndDayDimensionsUseThePlacementTime() {
        var stats = StatsAggregator(dimensions: [.day, .hour])
        stats.add(Self.keys("t", twin: nil, event: "2024-01-05T13:59:59Z", deadLettered: "2024-01-06T02:00:00Z"))
        stats.add(Self.keys("t", twin: nil, event: "2024-01-05T13:00:00Z", deadLettered: nil))
        stats.add(Self.keys("t", twin: nil, event: nil, deadLettered: "2024-01-06T00:30:00Z"))
        let groups = stats.report().groups
        XCTAssertEqual(groups.map(\.key.label), ["2024-01-05", "2024-01-06"])
        XCTAssertEqual(groups[0].children.map(\.key.label), ["2024-01-05 13:00"])
        XCTAssertEqual(groups[0].children.map(\.count), [2])
        XCTAssertEqual(groups[1].children.map(\.key.label), ["2024-01-06 00:00"])
    }

    func testHistogramIsContiguousAcrossGaps() {
        var stats = StatsAggregator()
        for time in ["2024-01-05T22:10:00Z", "2024-01-05T22:50:00Z", "2024-01-06T01:00:00Z", "2024-01-06T01:59:59Z", "2024-01-06T01:30:00Z"] {
            stats.add(Self.keys("t", twin: nil, event: time, deadLettered: nil))
        }
        let histogram = stats.report().histogram
        XCTAssertEqual(histogram.bucketHours, 1)
        XCTAssertEqual(histogram.buckets.map { histogram.label(of: $0) },
                       ["2024-01-05 22:00", "2024-01-05 23:00", "2024-01-06 00:00", "2024-01-06 01:00"])
        XCTAssertEqual(histogram.buckets.map(\.count), [2, 0, 0, 3])
    }

    func testLongSpansUseCoarserBuckets() {
        var stats = StatsAggregator()
        stats.add(Self.keys("t", twin: nil, event: "2024-01-01T05:00:00Z", deadLettered: nil))
        stats.add(Self.keys("t", twin: nil, event: "2024-01-20T23:00:00Z", deadLettered: nil))
        stats.add(Self.keys("t", twin: nil, event: "2024-01-20T01:00:00Z", deadLettered: nil))
        // 20 days is 475 hours: more than 336, so per day, from midnight.
        let daily = stats.report().histogram
        XCTAssertEqual(daily.bucketHours, 24)
        XCTAssertEqual(daily.bucketName, "day")
        XCTAssertEqual(daily.buckets.count, 20)
        XCTAssertEqual(daily.buckets.first.map { daily.label(of: $0) }, "2024-01-01")
        XCTAssertEqual(daily.buckets.last?.count, 2)
        XCTAssertEqual(stats.report(maxHistogramBuckets: 500).histogram.bucketHours, 1)

        // Two years: per week, weeks starting on Monday (2024-01-01 was a Monday; 2025-12-31 is in the week of 12-29).
        stats.add(Self.keys("t", twin: nil, event: "2025-12-31T12:00:00Z", deadLettered: nil))
        let weekly = stats.report().histogram
        XCTAssertEqual(weekly.bucketHours, 168)
        XCTAssertEqual(weekly.buckets.first.map { weekly.label(of: $0) }, "2024-01-01")
        XCTAssertEqual(weekly.buckets.last.map { weekly.label(of: $0) }, "2025-12-29")
        XCTAssertEqual(weekly.buckets.count, 105)
        XCTAssertEqual(weekly.buckets.reduce(0) { $0 + $1.count }, 4)

        let capped = stats.report(maxHistogramBuckets: 20).histogram
        XCTAssertEqual(capped.bucketHours, 168 * 6)
        XCTAssertEqual(capped.bucketName, "6 weeks")
        XCTAssertLessThanOrEqual(capped.buckets.count, 20)
        XCTAssertEqual(capped.buckets.reduce(0) { $0 + $1.count }, 4)
    }

    func testMergeEqualsFeedingOneAggregator() {
        var all = StatsAggregator(dimensions: [.reason, .type])
        var left = StatsAggregator(dimensions: [.reason, .type])
        var right = StatsAggregator(dimensions: [.reason, .type])
        for index in 0..<50 {
            let keys = Self.keys("type-\(index % 3)", twin: nil, event: index % 7 == 0 ? nil : "2024-01-05T\(10 + index % 5):00:00Z",
                                 deadLettered: "2024-01-05T18:00:00Z", reason: index % 2 == 0 ? "TimeToLiveExceeded" : nil)
            all.add(keys)
            if index < 20 { left.add(keys) } else { right.add(keys) }
        }
        left.merge(right)
        XCTAssertEqual(left.report(top: 2), all.report(top: 2))
    }
}
