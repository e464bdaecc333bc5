import Foundation

/// What a filter tells the container walker before anything is listed, so it can skip folders that cannot hold a
/// match. A push-down only ever selects *more* than the filter: everything it keeps is still filtered after decoding.
///
/// Dead-letter folders are named for the hour an event was dead-lettered, not for the event's time, and an event is
/// dead-lettered only after delivery has been retried for up to the endpoint's time-to-live (24 h at most in Event
/// Grid). So an event-time window prunes folders only after widening: see `deadLetterScanWindow`.
public struct QueryPushDown: Sendable, Equatable {
    /// Window on the event's time (`time`: its own, or its dead-letter time when it has none).
    public var eventTime: QueryTimeWindow
    /// Window on the dead-letter time (`deadlettered`: folder hour or blob last-modified).
    public var deadLetterTime: QueryTimeWindow
    /// The endpoints that can hold a match; nil means all.
    public var endpoints: QueryEndpointSelection?

    public static let unconstrained = QueryPushDown(eventTime: .unbounded, deadLetterTime: .unbounded, endpoints: nil)

    /// How long after its time an event may be dead-lettered: Event Grid retries for at most 24 h (1440 minutes of
    /// time-to-live); one more hour covers the folder-hour rounding and late writes.
    public static let defaultMaximumDeliveryDelay: TimeInterval = 25 * 3600
    /// How much earlier than its own time an event may appear to be dead-lettered, for clocks that disagree.
    public static let defaultClockSkew: TimeInterval = 5 * 60

    public init(eventTime: QueryTimeWindow = .unbounded, deadLetterTime: QueryTimeWindow = .unbounded,
                endpoints: QueryEndpointSelection? = nil) {
        self.eventTime = eventTime
        self.deadLetterTime = deadLetterTime
        self.endpoints = endpoints
    }

    /// Both sets of constraints at once.
    public func intersection(_ other: QueryPushDown) -> QueryPushDown {
        let endpoints: QueryEndpointSelection? = switch (self.endpoints, other.endpoints) {
        case (nil, nil): nil
        case (let one?, nil), (nil, let one?): one
        case (let a?, let b?): a.intersection(b)
        }
        return QueryPushDown(eventTime: eventTime.intersection(other.eventTime),
                             deadLetterTime: deadLetterTime.intersection(other.deadLetterTime),
                             endpoints: endpoints)
    }

    /// True when no event can match, so nothing needs to be listed.
    public var selectsNothing: Bool {
        eventTime.isEmpty || deadLetterTime.isEmpty || endpoints?.isEmpty == true
            || deadLetterScanWindow().isEmpty
    }

    /// The dead-letter times that can hold a match: the dead-letter window, intersected with the event-time window
    /// widened by `maximumDeliveryDelay` after (an event from 10:00 may be dead-lettered until the next day) and
    /// `clockSkew` before.
    public func deadLetterScanWindow(maximumDeliveryDelay: TimeInterval = defaultMaximumDeliveryDelay,
                                     clockSkew: TimeInterval = defaultClockSkew) -> QueryTimeWindow {
        deadLetterTime.intersection(eventTime.widened(before: clockSkew, after: maximumDeliveryDelay))
    }

    /// Whether a folder holding dead letters from `[start, end)` (an hour, a day, a month) may hold a match.
    public func mayContainDeadLetters(from start: Date, to end: Date,
                                      maximumDeliveryDelay: TimeInterval = defaultMaximumDeliveryDelay,
                                      clockSkew: TimeInterval = defaultClockSkew) -> Bool {
        deadLetterScanWindow(maximumDeliveryDelay: maximumDeliveryDelay, clockSkew: clockSkew)
            .overlaps(from: start, to: end)
    }

    /// Whether the endpoint folder `name` may hold a match.
    public func includesEndpoint(_ name: String) -> Bool {
        endpoints?.matches(name) ?? true
    }
}

extension QueryPushDown: CustomStringConvertible {
    /// One line, e.g. `event time [2024-01-05T00:00:00Z, 2024-01-06T00:00:00Z); dead-letter time any time; endpoints all`.
    public var description: String {
        "event time \(eventTime); dead-letter time \(deadLetterTime); endpoints \(endpoints?.description ?? "all")"
    }
}
