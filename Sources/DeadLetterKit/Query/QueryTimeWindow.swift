import Foundation

/// A span of time with optional ends, each inclusive or exclusive. The flags give `[since, until)`: an event at
/// exactly `--since` is in, one at exactly `--until` is out, so consecutive windows neither overlap nor leave gaps.
public struct QueryTimeWindow: Sendable, Equatable {
    public struct Bound: Sendable, Equatable {
        public var date: Date
        public var isInclusive: Bool

        public init(_ date: Date, inclusive: Bool) {
            self.date = date
            self.isInclusive = inclusive
        }
    }

    public var lower: Bound?
    public var upper: Bound?

    public static let unbounded = QueryTimeWindow(lower: nil, upper: nil)

    public init(lower: Bound?, upper: Bound?) {
        self.lower = lower
        self.upper = upper
    }

    /// `[since, until)`.
    public init(since: Date?, until: Date?) {
        self.lower = since.map { Bound($0, inclusive: true) }
        self.upper = until.map { Bound($0, inclusive: false) }
    }

    public var since: Date? { lower?.date }
    public var until: Date? { upper?.date }
    public var isUnbounded: Bool { lower == nil && upper == nil }

    /// True when no time can be inside (the ends cross, or meet without both being inclusive).
    public var isEmpty: Bool {
        guard let lower, let upper else { return false }
        if lower.date > upper.date { return true }
        return lower.date == upper.date && !(lower.isInclusive && upper.isInclusive)
    }

    public func contains(_ date: Date) -> Bool {
        if let lower {
            if lower.isInclusive ? date < lower.date : date <= lower.date { return false }
        }
        if let upper {
            if upper.isInclusive ? date > upper.date : date >= upper.date { return false }
        }
        return true
    }

    /// The times in both windows.
    public func intersection(_ other: QueryTimeWindow) -> QueryTimeWindow {
        QueryTimeWindow(lower: Self.later(lower, other.lower), upper: Self.earlier(upper, other.upper))
    }

    /// Whether some time in `[start, end)` (a folder's hour or day) is inside.
    public func overlaps(from start: Date, to end: Date) -> Bool {
        !intersection(QueryTimeWindow(since: start, until: end)).isEmpty
    }

    /// The window with its lower end moved `before` earlier and its upper end `after` later.
    public func widened(before: TimeInterval, after: TimeInterval) -> QueryTimeWindow {
        var result = self
        result.lower?.date.addTimeInterval(-before)
        result.upper?.date.addTimeInterval(after)
        return result
    }

    /// The stricter of two lower bounds: the later date; at equal dates the exclusive one.
    private static func later(_ a: Bound?, _ b: Bound?) -> Bound? {
        guard let a else { return b }
        guard let b else { return a }
        if a.date != b.date { return a.date > b.date ? a : b }
        return Bound(a.date, inclusive: a.isInclusive && b.isInclusive)
    }

    /// The stricter of two upper bounds: the earlier date; at equal dates the exclusive one.
    private static func earlier(_ a: Bound?, _ b: Bound?) -> Bound? {
        guard let a else { return b }
        guard let b else { return a }
        if a.date != b.date { return a.date < b.date ? a : b }
        return Bound(a.date, inclusive: a.isInclusive && b.isInclusive)
    }

    /// RFC 3339 in UTC, with as many fractional digits as the time has (up to 7).
    static func format(_ date: Date) -> String {
        var body = RFC3339.format(date, fractionDigits: 7).dropLast()  // without the "Z"
        // The dot stops the loop, so zeros of the seconds themselves are never removed.
        while body.last == "0" { body = body.dropLast() }
        if body.last == "." { body = body.dropLast() }
        return body + "Z"
    }
}

extension QueryTimeWindow: CustomStringConvertible {
    /// `[2024-01-05T00:00:00Z, 2024-01-06T00:00:00Z)`, `>= 2024-01-05T00:00:00Z`, `< …`, or `any time`.
    public var description: String {
        switch (lower, upper) {
        case (nil, nil):
            return "any time"
        case (let lower?, nil):
            return (lower.isInclusive ? ">= " : "> ") + Self.format(lower.date)
        case (nil, let upper?):
            return (upper.isInclusive ? "<= " : "< ") + Self.format(upper.date)
        case (let lower?, let upper?):
            return (lower.isInclusive ? "[" : "(") + Self.format(lower.date) + ", " + Self.format(upper.date)
                + (upper.isInclusive ? "]" : ")")
        }
    }
}
