/// Slows a replay down when the destination pushes back (429, 503 ServerBusy) and speeds it up again after, by
/// additive increase / multiplicative decrease — the rule TCP uses, for the same reason: many senders converge on
/// what the service can take without being told the number.
///
/// Two levers, in order: first the number of batches in flight (`window`), halved on throttling and grown by
/// `1/window` per acknowledged batch (about one more batch per round trip); once it is down to one batch and the
/// service still throttles, a rate ceiling in events per second, halved from the rate that was being achieved
/// and raised a step per acknowledged batch until it is twice that rate, when it is lifted again.
///
/// A pure value: it is told what happened and when, and answers how much is allowed.
public struct ReplayAdaptiveLimiter: Sendable, Equatable {
    public struct Settings: Sendable, Equatable {
        /// `--concurrency`: never more batches in flight than this.
        public var maxConcurrency: Int
        public var decreaseFactor: Double
        /// Throttling answers that arrive within this time of a decrease are the same signal (all the batches that
        /// were already in flight come back throttled together), so they cut only once.
        public var holdoff: Duration
        /// The ceiling never goes below this many events per second.
        public var minimumRate: Double
        /// The first ceiling when nothing has been acknowledged yet to measure a rate from.
        public var initialRateCeiling: Double
        /// Each acknowledged batch raises the ceiling by this fraction of the rate it was cut from.
        public var rateIncreaseFraction: Double

        public init(maxConcurrency: Int, decreaseFactor: Double = 0.5, holdoff: Duration = .seconds(1), minimumRate: Double = 1,
                    initialRateCeiling: Double = 100, rateIncreaseFraction: Double = 0.05) {
            self.maxConcurrency = max(1, maxConcurrency)
            self.decreaseFactor = min(max(decreaseFactor, 0.05), 0.95)
            self.holdoff = holdoff
            self.minimumRate = max(0.1, minimumRate)
            self.initialRateCeiling = max(self.minimumRate, initialRateCeiling)
            self.rateIncreaseFraction = max(0.001, rateIncreaseFraction)
        }
    }

    public let settings: Settings
    /// Allowed batches in flight, fractional so additive increase can grow it by less than one at a time.
    public private(set) var window: Double
    /// Events per second allowed while throttled at one batch in flight; nil when no ceiling applies.
    public private(set) var rateCeiling: Double?
    /// No new batch should start before this time: the longest `Retry-After` the service asked for.
    public private(set) var resumeAt: Duration?
    /// Every throttling answer seen (for the summary).
    public private(set) var throttleSignals = 0
    /// How many times the allowance was actually cut.
    public private(set) var decreases = 0
    private var lastDecrease: Duration?
    private var rateStep = 0.0
    private var releaseRate = 0.0

    public init(settings: Settings) {
        self.settings = settings
        window = Double(settings.maxConcurrency)
    }

    /// How many batches may be in flight now.
    public var allowedConcurrency: Int { min(settings.maxConcurrency, max(1, Int(window))) }

    /// A batch came back throttled (429, 503, ServerBusy).
    /// - Parameters:
    ///   - retryAfter: the service's `Retry-After`, if it sent one: every worker pauses until then.
    ///   - observedRate: events per second acknowledged recently, the starting point of a rate ceiling.
    public mutating func recordThrottle(now: Duration, retryAfter: Duration?, observedRate: Double) {
        throttleSignals += 1
        if let retryAfter, retryAfter > .zero { resumeAt = max(resumeAt ?? .zero, now + retryAfter) }
        if let lastDecrease, now - lastDecrease < settings.holdoff { return }
        lastDecrease = now
        decreases += 1
        if window >= 2 {
            window = max(1, window * settings.decreaseFactor)
            return
        }
        window = 1
        let base = rateCeiling ?? (observedRate > 0 ? observedRate : settings.initialRateCeiling / settings.decreaseFactor)
        if rateCeiling == nil {
            // The steps and the release point are fixed by the rate that first provoked throttling.
            releaseRate = 2 * base
            rateStep = max(settings.minimumRate / 10, base * settings.rateIncreaseFraction)
        }
        rateCeiling = max(settings.minimumRate, base * settings.decreaseFactor)
    }

    /// A batch was acknowledged.
    public mutating func recordSuccess(now: Duration) {
        if let ceiling = rateCeiling {
            let raised = ceiling + rateStep
            rateCeiling = raised >= releaseRate ? nil : raised
            return
        }
        window = min(Double(settings.maxConcurrency), window + 1 / max(1, window))
    }

    /// How long a new batch must wait for a `Retry-After` pause to end (zero when there is none).
    public func pause(now: Duration) -> Duration {
        guard let resumeAt, resumeAt > now else { return .zero }
        return resumeAt - now
    }
}
