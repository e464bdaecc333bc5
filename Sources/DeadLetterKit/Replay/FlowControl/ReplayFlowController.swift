/// The run's shared flow control: how many batches may be in flight, and how long the next one must wait for the
/// `--rate` / `--rate-bytes` buckets, the adaptive rate ceiling and any `Retry-After` pause. The decisions are the
/// pure `ReplayTokenBucket` and `ReplayAdaptiveLimiter`; this actor only holds them and reads the run clock.
actor ReplayFlowController {
    private var limiter: ReplayAdaptiveLimiter
    private var eventBucket: ReplayTokenBucket?
    private var byteBucket: ReplayTokenBucket?
    /// Follows `limiter.rateCeiling` while the destination is throttling at one batch in flight.
    private var adaptiveBucket: ReplayTokenBucket?
    private let clock: ReplayRunClock

    init(configuration: ReplayConfiguration, clock: ReplayRunClock) {
        self.clock = clock
        limiter = ReplayAdaptiveLimiter(settings: .init(maxConcurrency: configuration.concurrency))
        let now = clock.now()
        eventBucket = configuration.eventsPerSecond.map { ReplayTokenBucket(ratePerSecond: $0, now: now) }
        // A request larger than the burst is paced by the debt it leaves, not refused.
        byteBucket = configuration.bytesPerSecond.map { ReplayTokenBucket(ratePerSecond: $0, now: now) }
    }

    var allowedConcurrency: Int { limiter.allowedConcurrency }
    var throttleSignals: Int { limiter.throttleSignals }

    /// Takes the tokens for one request of `events` events and `bytes` bytes and returns how long to wait before
    /// sending it.
    func reserve(events: Int, bytes: Int) -> Duration {
        let now = clock.now()
        var wait = limiter.pause(now: now)
        if eventBucket != nil { wait = max(wait, eventBucket!.take(Double(events), now: now)) }
        if byteBucket != nil { wait = max(wait, byteBucket!.take(Double(bytes), now: now)) }
        if adaptiveBucket != nil { wait = max(wait, adaptiveBucket!.take(Double(events), now: now)) }
        return wait
    }

    /// The destination throttled a batch; `observedRate` is the recent acknowledged rate.
    func throttled(retryAfter: Duration?, observedRate: Double) {
        let now = clock.now()
        limiter.recordThrottle(now: now, retryAfter: retryAfter, observedRate: observedRate)
        followCeiling(now: now)
    }

    func acknowledged() {
        let now = clock.now()
        limiter.recordSuccess(now: now)
        followCeiling(now: now)
    }

    private func followCeiling(now: Duration) {
        guard let ceiling = limiter.rateCeiling else {
            adaptiveBucket = nil
            return
        }
        if adaptiveBucket == nil {
            adaptiveBucket = ReplayTokenBucket(ratePerSecond: ceiling, burst: 1, now: now)
        } else {
            adaptiveBucket!.setRate(ceiling, now: now)
        }
    }
}
