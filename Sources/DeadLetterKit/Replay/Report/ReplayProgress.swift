/// A snapshot of a running replay for the CLI's progress line. Values, no rendering.
public struct ReplayProgress: Sendable, Equatable {
    /// Events taken from the source so far.
    public var selected: Int
    /// Events in requests that have been put on the wire (first attempts; retries not counted again).
    public var sent: Int
    /// Events the destination acknowledged (and the journal recorded).
    public var acknowledged: Int
    /// Events skipped because the journal says an earlier run delivered them.
    public var skipped: Int
    public var failed: Int
    /// Acknowledged events per second, over the last few seconds.
    public var eventsPerSecond: Double
    public var elapsed: Duration
    /// Time left at the current rate; nil when the total is not known.
    public var estimatedRemaining: Duration?
    /// Batches the adaptive limiter allows in flight now.
    public var allowedConcurrency: Int
    /// Throttling answers seen so far (429/503).
    public var throttled: Int

    public init(selected: Int = 0, sent: Int = 0, acknowledged: Int = 0, skipped: Int = 0, failed: Int = 0, eventsPerSecond: Double = 0,
                elapsed: Duration = .zero, estimatedRemaining: Duration? = nil, allowedConcurrency: Int = 0, throttled: Int = 0) {
        self.selected = selected
        self.sent = sent
        self.acknowledged = acknowledged
        self.skipped = skipped
        self.failed = failed
        self.eventsPerSecond = eventsPerSecond
        self.elapsed = elapsed
        self.estimatedRemaining = estimatedRemaining
        self.allowedConcurrency = allowedConcurrency
        self.throttled = throttled
    }

    /// Time left for `total` events at the current rate.
    static func remaining(total: Int?, done: Int, rate: Double) -> Duration? {
        guard let total, rate > 0, total >= done else { return nil }
        return ReplayTokenBucket.duration(seconds: Double(total - done) / rate)
    }
}
