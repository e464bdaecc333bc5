import Foundation

/// The first and last time seen on one clock (event time, or dead-letter time).
public struct StatsTimeRange: Sendable, Equatable {
    public private(set) var first: Date
    public private(set) var last: Date

    public init(first: Date, last: Date) {
        self.first = first
        self.last = last
    }

    init(_ date: Date) {
        self.init(first: date, last: date)
    }

    mutating func include(_ date: Date) {
        if date < first { first = date }
        if date > last { last = date }
    }

    static func including(_ range: StatsTimeRange?, _ date: Date?) -> StatsTimeRange? {
        guard let date else { return range }
        guard var range else { return StatsTimeRange(date) }
        range.include(date)
        return range
    }

    static func union(_ a: StatsTimeRange?, _ b: StatsTimeRange?) -> StatsTimeRange? {
        guard let b else { return a }
        return including(including(a, b.first), b.last)
    }
}
