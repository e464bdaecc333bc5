/// The finished numbers of a `stats` run, ready for a renderer.
public struct StatsReport: Sendable, Equatable {
    public var total: Int
    public var withoutEventTime: Int
    public var withoutAnyTime: Int
    public var eventTimes: StatsTimeRange?
    public var deadLetteredTimes: StatsTimeRange?
    public var dimensions: [StatsDimension]
    /// Top level groups, largest first; each holds the next dimension's groups.
    public var groups: [StatsGroup]
    public var histogram: StatsHistogram

    public init(total: Int, withoutEventTime: Int, withoutAnyTime: Int, eventTimes: StatsTimeRange?,
                deadLetteredTimes: StatsTimeRange?, dimensions: [StatsDimension], groups: [StatsGroup],
                histogram: StatsHistogram) {
        self.total = total
        self.withoutEventTime = withoutEventTime
        self.withoutAnyTime = withoutAnyTime
        self.eventTimes = eventTimes
        self.deadLetteredTimes = deadLetteredTimes
        self.dimensions = dimensions
        self.groups = groups
        self.histogram = histogram
    }
}

/// A group at one level: its key, how many dead letters it holds, and its groups one level down (none at the last
/// level and for the `(other N)` remainder).
public struct StatsGroup: Sendable, Equatable {
    public var key: StatsGroupKey
    public var count: Int
    public var children: [StatsGroup]

    public init(key: StatsGroupKey, count: Int, children: [StatsGroup] = []) {
        self.key = key
        self.count = count
        self.children = children
    }
}
