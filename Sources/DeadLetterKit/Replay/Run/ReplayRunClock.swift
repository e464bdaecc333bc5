/// Time since the run started, from the monotonic clock: what the pure state machines (token buckets, the adaptive
/// limiter, the rate meter) are given as `now`.
struct ReplayRunClock: Sendable {
    private let start = ContinuousClock.now

    func now() -> Duration { ContinuousClock.now - start }
}
