/// Events (or bytes) per second over a sliding window, from samples the caller records with their time. Pure: the
/// caller passes `now`. It feeds the progress display and tells the adaptive limiter what rate provoked throttling.
public struct ReplayRateMeter: Sendable, Equatable {
    public let window: Duration
    /// (time, amount) in time order; only the last `window` is kept, in buckets of a tenth of the window so memory
    /// stays fixed however fast the samples arrive.
    private var buckets: [(start: Duration, amount: Double)] = []
    private let bucketWidth: Duration

    public init(window: Duration = .seconds(5)) {
        self.window = window
        bucketWidth = window / 10
    }

    public mutating func record(_ amount: Double, now: Duration) {
        prune(now: now)
        if let last = buckets.last, now - last.start < bucketWidth {
            buckets[buckets.count - 1].amount += amount
        } else {
            buckets.append((now, amount))
        }
    }

    /// The rate over the window ending at `now`; over the time since the first sample while that is shorter.
    public func rate(now: Duration) -> Double {
        let recent = buckets.filter { now - $0.start < window }
        guard let first = recent.first else { return 0 }
        let span = max((now - first.start).replaySeconds, bucketWidth.replaySeconds)
        return recent.reduce(0) { $0 + $1.amount } / span
    }

    private mutating func prune(now: Duration) {
        while let first = buckets.first, now - first.start >= window { buckets.removeFirst() }
    }

    public static func == (lhs: ReplayRateMeter, rhs: ReplayRateMeter) -> Bool {
        lhs.window == rhs.window && lhs.buckets.elementsEqual(rhs.buckets) { $0.start == $1.start && $0.amount == $1.amount }
    }
}
