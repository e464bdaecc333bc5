extension StatsAggregator {
    /// The numbers so far, with each group level cut to its `top` largest groups (the rest summed as
    /// `(other N)`) and the histogram bucketed to at most `maxHistogramBuckets` lines.
    public func report(top: Int? = nil, maxHistogramBuckets: Int = StatsHistogram.defaultMaxBuckets) -> StatsReport {
        StatsReport(
            total: total,
            withoutEventTime: withoutEventTime,
            withoutAnyTime: withoutAnyTime,
            eventTimes: eventTimes,
            deadLetteredTimes: deadLetteredTimes,
            dimensions: dimensions,
            groups: Self.groups(of: groups, top: top),
            histogram: StatsHistogram(hourCounts: hourCounts, maxBuckets: maxHistogramBuckets)
        )
    }

    /// Children largest first (ties by key), cut to `top`. A remainder of a single group is shown as itself:
    /// `(other 1)` would take the same line and say less.
    static func groups(of node: StatsGroupCounter, top: Int?) -> [StatsGroup] {
        let sorted = node.children.sorted { lhs, rhs in
            lhs.value.count != rhs.value.count ? lhs.value.count > rhs.value.count : StatsGroupKey.precedes(lhs.key, rhs.key)
        }
        let limit = top.map { max(1, $0) } ?? sorted.count
        let shown = sorted.count > limit + 1 ? limit : sorted.count
        var result = sorted[..<shown].map { key, child in
            StatsGroup(key: key, count: child.count, children: groups(of: child, top: top))
        }
        if shown < sorted.count {
            let rest = sorted[shown...]
            result.append(StatsGroup(key: .other(keys: rest.count), count: rest.reduce(0) { $0 + $1.value.count }))
        }
        return result
    }
}
