/// How big one publish request may be. Sizes are counted on the exact bytes sent: the JSON array `[a,b,c]` the
/// target writes, brackets and commas included.
public struct ReplayBatchLimits: Sendable, Equatable, CustomStringConvertible {
    /// The whole request body (Event Grid 1 MB, Event Hubs 1 MB, Service Bus REST batch 1 MB).
    public var maxRequestBytes: Int
    /// One encoded event or message (Event Grid 1 MB, Event Hubs 1 MB, Service Bus Standard 256 KB).
    public var maxEventBytes: Int
    /// Events per request, whatever their size.
    public var maxEvents: Int

    public static let megabyte = 1_048_576

    public init(maxRequestBytes: Int, maxEventBytes: Int, maxEvents: Int) {
        self.maxRequestBytes = max(3, maxRequestBytes)
        self.maxEventBytes = max(1, maxEventBytes)
        self.maxEvents = max(1, maxEvents)
    }

    /// The largest single item that can be sent at all: within the per-event limit and alone in a request.
    public var largestItem: Int { min(maxEventBytes, maxRequestBytes - ReplayBatcher<Never>.framingBytes) }

    /// The same limits with at most `count` events per request (a `--rate` keeps batches small so the pace is smooth).
    public func capped(maxEvents count: Int) -> ReplayBatchLimits {
        var copy = self
        copy.maxEvents = max(1, min(maxEvents, count))
        return copy
    }

    public var description: String {
        "at most \(maxEvents) events and \(maxRequestBytes) bytes per request, \(maxEventBytes) bytes per event"
    }
}
