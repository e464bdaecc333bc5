import Foundation

/// Counts matched dead letters for `stats`: totals, nested group counts, first and last seen, and counts per hour.
///
/// Fed one `StatsKeys` per dead letter; memory grows with the number of distinct keys (group combinations and
/// hours), never with the number of events, so a million events over a day cost a few kilobytes. Aggregators
/// filled by concurrent workers can be combined with `merge`.
public struct StatsAggregator: Sendable {
    public let dimensions: [StatsDimension]
    public private(set) var total = 0
    /// Dead letters whose event has no time of its own (placed by their dead-letter time).
    public private(set) var withoutEventTime = 0
    /// Dead letters with neither an event time nor a dead-letter time: counted, but not in the histogram.
    public private(set) var withoutAnyTime = 0
    public private(set) var eventTimes: StatsTimeRange?
    public private(set) var deadLetteredTimes: StatsTimeRange?
    var groups = StatsGroupCounter()
    /// Count per hour since 1970 of the placement time (event time, else dead-letter time).
    var hourCounts: [Int: Int] = [:]

    public init(dimensions: [StatsDimension] = []) {
        self.dimensions = dimensions
    }

    public mutating func add(_ keys: StatsKeys) {
        total += 1
        let eventTime = keys.ownEventTime
        eventTimes = StatsTimeRange.including(eventTimes, eventTime)
        deadLetteredTimes = StatsTimeRange.including(deadLetteredTimes, keys.deadLetteredTime)
        if eventTime == nil {
            withoutEventTime += 1
            if keys.deadLetteredTime == nil { withoutAnyTime += 1 }
        }
        if let placed = keys.placementTime {
            hourCounts[StatsClock.hourIndex(placed), default: 0] += 1
        }
        groups.add(keys, dimensions: dimensions[...])
    }

    /// Adds another aggregator's counts (same dimensions) to this one.
    public mutating func merge(_ other: StatsAggregator) {
        precondition(other.dimensions == dimensions, "merging stats grouped by different dimensions")
        total += other.total
        withoutEventTime += other.withoutEventTime
        withoutAnyTime += other.withoutAnyTime
        eventTimes = StatsTimeRange.union(eventTimes, other.eventTimes)
        deadLetteredTimes = StatsTimeRange.union(deadLetteredTimes, other.deadLetteredTimes)
        hourCounts.merge(other.hourCounts, uniquingKeysWith: +)
        groups.merge(other.groups)
    }
}

/// One node of the group tree: the count at this level and the counts one level down, by key.
struct StatsGroupCounter: Sendable {
    var count = 0
    var children: [StatsGroupKey: StatsGroupCounter] = [:]

    /// Counts `keys` here and in the child for its value of the next dimension, recursively; the dictionary's
    /// in-place `default:` subscript avoids copying subtrees.
    mutating func add(_ keys: StatsKeys, dimensions: ArraySlice<StatsDimension>) {
        count += 1
        guard let dimension = dimensions.first else { return }
        children[keys.value(of: dimension), default: StatsGroupCounter()].add(keys, dimensions: dimensions.dropFirst())
    }

    mutating func merge(_ other: StatsGroupCounter) {
        count += other.count
        for (key, child) in other.children {
            children[key, default: StatsGroupCounter()].merge(child)
        }
    }
}
