import Foundation

/// What the aggregator needs to know about one matched dead letter: plain values, taken from the event by the
/// caller, so that stats do not depend on how events are modelled.
public struct StatsKeys: Sendable, Equatable {
    public var type: String?
    /// The twin of a twin event, the source twin of a relationship event, the twin of telemetry.
    public var twin: String?
    public var endpoint: String?
    /// The dead-letter reason.
    public var reason: String?
    public var model: String?
    /// The event's own time; nil when it has none (ADT telemetry).
    public var eventTime: Date?
    /// When it was dead-lettered (the folder hour or blob time).
    public var deadLetteredTime: Date?

    public init(type: String? = nil, twin: String? = nil, endpoint: String? = nil, reason: String? = nil,
                model: String? = nil, eventTime: Date? = nil, deadLetteredTime: Date? = nil) {
        self.type = type
        self.twin = twin
        self.endpoint = endpoint
        self.reason = reason
        self.model = model
        self.eventTime = eventTime
        self.deadLetteredTime = deadLetteredTime
    }

    /// The event time, unless it is the Event Grid schema's stand-in for "no time" (`0001-01-01T00:00:00Z`, what
    /// ADT telemetry carries there) or earlier.
    var ownEventTime: Date? {
        guard let eventTime, eventTime.timeIntervalSince1970 > Self.noTimeSentinel else { return nil }
        return eventTime
    }

    /// Where the event is placed in time: its own time, else when it was dead-lettered.
    var placementTime: Date? {
        ownEventTime ?? deadLetteredTime
    }

    /// 0001-01-01T00:00:00Z in seconds since 1970.
    static let noTimeSentinel: TimeInterval = -62_135_596_800

    func value(of dimension: StatsDimension) -> StatsGroupKey {
        let text: String?
        switch dimension {
        case .type: text = type
        case .twin: text = twin
        case .endpoint: text = endpoint
        case .reason: text = reason
        case .model: text = model
        case .hour: return placementTime.map { .hour(StatsClock.hourIndex($0)) } ?? .missing
        case .day: return placementTime.map { .day(StatsClock.dayIndex(hour: StatsClock.hourIndex($0))) } ?? .missing
        }
        return text.map { .text($0) } ?? .missing
    }
}
