/// A token bucket as a plain value: it reads no clock, the caller passes `now` (time since any fixed origin, e.g.
/// the start of the run), so every branch is testable without sleeping.
///
/// `take` never refuses: it lets the balance go negative and answers how long the caller must wait before acting.
/// A debt makes later callers queue behind earlier ones, so concurrent workers share the rate fairly and a batch
/// larger than the burst (a 1 MB batch against `--rate-bytes 256k`) is simply paced, not rejected.
public struct ReplayTokenBucket: Sendable, Equatable {
    public private(set) var ratePerSecond: Double
    /// The most tokens that can build up while idle. Small on purpose (a tenth of a second by default): a long
    /// idle spell must not let a burst through that breaks the rate a user asked for.
    public let burst: Double
    public private(set) var tokens: Double
    public private(set) var updatedAt: Duration

    public init(ratePerSecond: Double, burst: Double? = nil, now: Duration = .zero) {
        precondition(ratePerSecond > 0, "a token bucket needs a positive rate")
        self.ratePerSecond = ratePerSecond
        self.burst = max(1, burst ?? ratePerSecond / 10)
        tokens = self.burst
        updatedAt = now
    }

    /// Takes `amount` tokens at `now` and returns how long to wait before acting on them (zero when they were there).
    public mutating func take(_ amount: Double, now: Duration) -> Duration {
        refill(now: now)
        tokens -= amount
        return tokens >= 0 ? .zero : Self.duration(seconds: -tokens / ratePerSecond)
    }

    /// How long until `amount` tokens would be available, without taking them.
    public func waitBeforeTaking(_ amount: Double, now: Duration) -> Duration {
        var copy = self
        copy.refill(now: now)
        let missing = amount - copy.tokens
        return missing <= 0 ? .zero : Self.duration(seconds: missing / ratePerSecond)
    }

    /// Changes the rate from `now` on; tokens earned until now are credited at the old rate first.
    public mutating func setRate(_ rate: Double, now: Duration) {
        precondition(rate > 0, "a token bucket needs a positive rate")
        refill(now: now)
        ratePerSecond = rate
    }

    private mutating func refill(now: Duration) {
        guard now > updatedAt else { return }
        tokens = min(burst, tokens + (now - updatedAt).replaySeconds * ratePerSecond)
        updatedAt = now
    }

    static func duration(seconds: Double) -> Duration {
        .nanoseconds(Int64((seconds * 1e9).rounded(.up)))
    }
}

extension Duration {
    /// Seconds as a Double, for rate arithmetic.
    var replaySeconds: Double {
        let (seconds, attoseconds) = components
        return Double(seconds) + Double(attoseconds) / 1e18
    }
}
