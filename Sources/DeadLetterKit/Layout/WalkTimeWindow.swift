import Foundation

/// The time range a walk is about, before it becomes a range of folder hours.
public enum WalkTimeWindow: Sendable, Hashable {
    /// Every folder hour.
    case unbounded
    /// The events' own time (`--since`/`--until`). A folder hour is when the event was *dead-lettered*, which is
    /// later than the event's time by up to the delivery delay, so the walker keeps folders up to
    /// `until + maxDeliveryDelay`. Folders that end before `since` cannot hold such events and are pruned.
    case eventTime(since: Date?, until: Date?)
    /// Dead-letter time, compared with the folder hours as is.
    case deadLetterTime(from: Date?, to: Date?)
}

/// A closed range of instants that folder hours must overlap; nil ends are open.
public struct FolderHourWindow: Sendable, Hashable {
    public var lowerBound: Date?
    public var upperBound: Date?

    public init(lowerBound: Date? = nil, upperBound: Date? = nil) {
        self.lowerBound = lowerBound
        self.upperBound = upperBound
    }

    public var isUnbounded: Bool { lowerBound == nil && upperBound == nil }

    /// Whether the folder covering `[start, end)` (seconds since 1970) can hold a blob dead-lettered in the window.
    func overlaps(start: Int, end: Int) -> Bool {
        if let upperBound, Double(start) > upperBound.timeIntervalSince1970 { return false }
        if let lowerBound, Double(end) <= lowerBound.timeIntervalSince1970 { return false }
        return true
    }

    public func contains(folderHour: Date) -> Bool {
        let start = Int(folderHour.timeIntervalSince1970.rounded(.down))
        return overlaps(start: start, end: start + 3600)
    }
}
