import Foundation
import XCTest
@testable import DeadLetterKit

final class StatsRenderingTests: XCTestCase {
    /// Six dead letters between 13:00 and 16:00 with a quiet hour at 14:00; the telemetry event has no time of its
    /// own and is placed by its dead-letter time.
    static func smallReport() -> StatsReport {
        var stats = StatsAggregator(dimensions: [.type, .twin])
        let update = "Microsoft.DigitalTwins.Twin.Update"
        for (type, twin, event, deadLettered) in [
            (update, "room-1", "2024-01-05T13:02:11Z", "2024-01-05T13:05:00Z"),
            (update, "room-1", "2024-01-05T13:20:00Z", "2024-01-05T13:25:00Z"),
            (update, "room-2", "2024-01-05T13:40:00Z", "2024-01-05T13:45:00Z"),
            (update, "room-2", "2024-01-05T15:10:00Z", "2024-01-05T15:15:00Z"),
            ("Microsoft.DigitalTwins.Relationship.Create", "room-3", "2024-01-05T15:30:00Z", "2024-01-05T15:35:00Z"),
            ("microsoft.iot.telemetry", "room-1", "0001-01-01T00:00:00Z", "2024-01-05T16:00:00Z"),
        ] {
            stats.add(StatsKeys(type: type, twin: twin, endpoint: "ep1", eventTime: RFC3339.parse(event),
                                deadLetteredTime: RFC3339.parse(deadLettered)))
        }
        return stats.report()
    }

    func testTextReportExactly() {
        let expected = """
        6 dead letters
                       first seen            last seen
        event time     2024-01-05T13:02:11Z  2024-01-05T15:30:00Z
        dead-lettered  2024-01-05T13:05:00Z  2024-01-05T16:00:00Z
        1 without an event time of their own, placed in time by when they were dead-lettered

        type / twin                                 count  share
        Microsoft.DigitalTwins.Twin.Update              4  66.7%
          room-1                                        2  33.3%
          room-2                                        2  33.3%
        Microsoft.DigitalTwins.Relationship.Create      1  16.7%
          room-3                                        1  16.7%
        microsoft.iot.telemetry                         1  16.7%
          room-1                                        1  16.7%

        dead letters per hour (event time; dead-letter time for events without one)
        2024-01-05 13:00  ████████ 3
        2024-01-05 14:00  0
        2024-01-05 15:00  █████▍ 2
        2024-01-05 16:00  ██▋ 1

        """
        XCTAssertEqual(StatsTextRenderer.renderWithHistogram(Self.smallReport(), barWidth: 8), expected)
    }

    func testLongLabelsAreCutAndOtherGroupsNamed() {
        var stats = StatsAggregator(dimensions: [.reason])
        for (reason, count) in [("a-very-long-dead-letter-reason-text", 3), ("b", 2), ("c", 1), ("d", 1)] {
            for _ in 0..<count { stats.add(StatsKeys(reason: reason)) }
        }
        let expected = """
        7 dead letters
        7 without any time, left out of the histogram

        reason      count  share
        a-very-lo…      3  42.9%
        b               2  28.6%
        (other 2)       2  28.6%

        """
        XCTAssertEqual(StatsTextRenderer.renderWithHistogram(stats.report(top: 2), maxLabelWidth: 10), expected)
    }

    func testEmptyReport() {
        XCTAssertEqual(StatsTextRenderer.renderWithHistogram(StatsAggregator(dimensions: [.type]).report()), "0 dead letters\n")
    }

    func testBarsScaleInEighths() {
        XCTAssertEqual(StatsHistogramRenderer.bar(count: 0, largest: 10, width: 10), "")
        XCTAssertEqual(StatsHistogramRenderer.bar(count: 10, largest: 10, width: 10), String(repeating: "█", count: 10))
        XCTAssertEqual(StatsHistogramRenderer.bar(count: 1, largest: 1000, width: 10), "▏")  // never invisible
        XCTAssertEqual(StatsHistogramRenderer.bar(count: 1234, largest: 10_000, width: 60), "███████▍")
        XCTAssertEqual(StatsHistogramRenderer.bar(count: 5, largest: 10, width: 3), "█▌")
    }

    func testBarWidthFitsTheTerminal() {
        let histogram = Self.smallReport().histogram
        XCTAssertEqual(StatsHistogramRenderer.barWidth(for: histogram, terminalColumns: nil), 60)
        // 16 label + 2 + bar + 1 + 1 digit + 1 spare = 80
        XCTAssertEqual(StatsHistogramRenderer.barWidth(for: histogram, terminalColumns: 80), 59)
        XCTAssertEqual(StatsHistogramRenderer.barWidth(for: histogram, terminalColumns: 20), 10)
    }

    func testPercentagesNeverRoundToAllOrNothingWrongly() {
        XCTAssertEqual(StatsTextRenderer.percentage(1, of: 3), "33.3%")
        XCTAssertEqual(StatsTextRenderer.percentage(2, of: 3), "66.7%")
        XCTAssertEqual(StatsTextRenderer.percentage(9_999, of: 10_000), "99.9%")
        XCTAssertEqual(StatsTextRenderer.percentage(5, of: 5), "100.0%")
        XCTAssertEqual(StatsTextRenderer.percentage(0, of: 5), "0.0%")
    }

    func testJSONExactly() {
        var report = Self.smallReport()
        report.groups = Array(report.groups.prefix(1)) + [StatsGroup(key: .missing, count: 1), StatsGroup(key: .other(keys: 4), count: 9)]
        let expected = """
        {
          "total": 6,
          "withoutEventTime": 1,
          "withoutAnyTime": 0,
          "first": {
            "eventTime": "2024-01-05T13:02:11Z",
            "deadLettered": "2024-01-05T13:05:00Z"
          },
          "last": {
            "eventTime": "2024-01-05T15:30:00Z",
            "deadLettered": "2024-01-05T16:00:00Z"
          },
          "groupBy": [
            "type",
            "twin"
          ],
          "groups": [
            {
              "key": "Microsoft.DigitalTwins.Twin.Update",
              "count": 4,
              "groups": [
                {
                  "key": "room-1",
                  "count": 2
                },
                {
                  "key": "room-2",
                  "count": 2
                }
              ]
            },
            {
              "key": null,
              "count": 1
            },
            {
              "otherKeys": 4,
              "count": 9
            }
          ],
          "histogram": {
            "bucket": "hour",
            "bucketHours": 1,
            "buckets": [
              {
                "start": "2024-01-05T13:00:00Z",
                "count": 3
              },
              {
                "start": "2024-01-05T14:00:00Z",
                "count": 0
              },
              {
                "start": "2024-01-05T15:00:00Z",
                "count": 2
              },
              {
                "start": "2024-01-05T16:00:00Z",
                "count": 1
              }
            ]
          }
        }
        """
        XCTAssertEqual(StatsJSONRenderer.json(report).rendered(), expected)
    }

    func testJSONTimeKeysAndFractions() {
        XCTAssertEqual(StatsClock.timestamp(RFC3339.parse("2024-01-05T13:02:11.25Z")!), "2024-01-05T13:02:11.25Z")
        XCTAssertEqual(StatsJSONRenderer.json(StatsGroup(key: .hour(473_077), count: 1)).rendered(pretty: false),
                       "{\"key\":\"2023-12-20T13:00:00Z\",\"count\":1}")
        XCTAssertEqual(StatsJSONRenderer.json(StatsGroup(key: .day(19_727), count: 1)).rendered(pretty: false),
                       "{\"key\":\"2024-01-05\",\"count\":1}")
    }
}
