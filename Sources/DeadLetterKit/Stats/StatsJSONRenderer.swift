/// `stats --format json`: the same numbers as the text report, for scripts.
///
/// ```
/// {"total": 12, "withoutEventTime": 3, "withoutAnyTime": 0,
///  "first": {"eventTime": "…", "deadLettered": "…"}, "last": {…},
///  "groupBy": ["type", "twin"],
///  "groups": [{"key": "…", "count": 10, "groups": […]}, {"key": null, "count": 2}, {"otherKeys": 5, "count": 7}],
///  "histogram": {"bucket": "hour", "bucketHours": 1, "buckets": [{"start": "2024-01-05T13:00:00Z", "count": 4}]}}
/// ```
/// A group whose dimension is missing has `"key": null`; the remainder beyond `--top` has `otherKeys` instead
/// of a key. Hour keys are RFC 3339 timestamps, day keys `yyyy-mm-dd`.
public enum StatsJSONRenderer {
    /// The document as a value, so that the caller can add members (the run summary) before writing it.
    public static func json(_ report: StatsReport) -> OutputJSON {
        .object([
            ("total", .int(report.total)),
            ("withoutEventTime", .int(report.withoutEventTime)),
            ("withoutAnyTime", .int(report.withoutAnyTime)),
            ("first", .object([
                ("eventTime", .string(report.eventTimes.map { StatsClock.timestamp($0.first) })),
                ("deadLettered", .string(report.deadLetteredTimes.map { StatsClock.timestamp($0.first) })),
            ])),
            ("last", .object([
                ("eventTime", .string(report.eventTimes.map { StatsClock.timestamp($0.last) })),
                ("deadLettered", .string(report.deadLetteredTimes.map { StatsClock.timestamp($0.last) })),
            ])),
            ("groupBy", .array(report.dimensions.map { .string($0.rawValue) })),
            ("groups", .array(report.groups.map(json))),
            ("histogram", json(report.histogram)),
        ])
    }

    static func json(_ group: StatsGroup) -> OutputJSON {
        var members: [(String, OutputJSON)]
        switch group.key {
        case .text(let value): members = [("key", .string(value))]
        case .hour(let hour): members = [("key", .string(StatsClock.timestamp(StatsClock.date(hour: hour))))]
        case .day(let day): members = [("key", .string(StatsClock.dayLabel(day)))]
        case .missing: members = [("key", .null)]
        case .other(let keys): members = [("otherKeys", .int(keys))]
        }
        members.append(("count", .int(group.count)))
        if !group.children.isEmpty {
            members.append(("groups", .array(group.children.map(json))))
        }
        return .object(members)
    }

    static func json(_ histogram: StatsHistogram) -> OutputJSON {
        .object([
            ("bucket", .string(histogram.bucketName)),
            ("bucketHours", .int(histogram.bucketHours)),
            ("buckets", .array(histogram.buckets.map { bucket in
                .object([("start", .string(StatsClock.timestamp(bucket.start))), ("count", .int(bucket.count))])
            })),
        ])
    }
}
