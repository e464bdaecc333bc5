import Foundation

/// The retry decision for one logical operation, as a pure state machine: it is told what happened and answers
/// whether (and after how long) to try again. It performs no I/O and reads no clock, so every branch is testable;
/// the caller measures `elapsed` and passes the wall-clock `now` that an HTTP-date `Retry-After` is relative to.
///
/// `RNG` is injected so tests can pin the jitter.
public struct RetryState<RNG: RandomNumberGenerator & Sendable>: Sendable {
    public let policy: RetryPolicy
    public let isIdempotent: Bool
    /// Attempts started so far; the first attempt counts from the moment the state is created.
    public private(set) var attempts: Int = 1
    private var random: RNG

    public init(policy: RetryPolicy, isIdempotent: Bool, random: RNG) {
        self.policy = policy
        self.isIdempotent = isIdempotent
        self.random = random
    }

    /// Decides after a failed attempt. On `.retry` the caller waits and starts attempt `attempts` (already counted).
    /// - Parameters:
    ///   - elapsed: time since the first attempt began.
    ///   - nowSecondsSince1970: wall clock, only used for a `Retry-After` given as a date.
    public mutating func decide(after outcome: RetryOutcome, elapsed: Duration,
                                nowSecondsSince1970: Double = Date().timeIntervalSince1970) -> RetryAction {
        var serverDelay: Duration?
        switch outcome {
        case .permanent:
            return .giveUp(.notRetryable)
        case .status(let status, let retryAfter):
            guard policy.retryableStatuses.contains(status) else { return .giveUp(.notRetryable) }
            serverDelay = retryAfter.map { min($0.delay(nowSecondsSince1970: nowSecondsSince1970), policy.maxRetryAfter) }
        case .connection:
            break
        }
        guard isIdempotent else { return .giveUp(.notIdempotent) }
        guard attempts < policy.maxAttempts else { return .giveUp(.attemptsExhausted(attempts: attempts)) }
        let delay = serverDelay ?? jitteredBackoff(retryIndex: attempts - 1)
        guard elapsed + delay < policy.maxTotalTime else {
            return .giveUp(.timeBudgetExhausted(elapsed: elapsed, limit: policy.maxTotalTime))
        }
        attempts += 1
        return .retry(after: delay)
    }

    /// The ceiling of the back-off before retry number `retryIndex + 1`: base · 2^index, at most `maxDelay`.
    public func backoffCeiling(retryIndex: Int) -> Duration {
        let base = Self.seconds(policy.baseDelay)
        let ceiling = min(Self.seconds(policy.maxDelay), base * pow(2, Double(min(retryIndex, 62))))
        return .nanoseconds(Int64(ceiling * 1e9))
    }

    /// "Full jitter" (AWS architecture blog): uniformly random in [0, ceiling].
    private mutating func jitteredBackoff(retryIndex: Int) -> Duration {
        let ceiling = Self.seconds(backoffCeiling(retryIndex: retryIndex))
        // 53 random bits as a fraction in [0, 1). Done by hand: Double.random(in:using:) may draw again and again,
        // which a pinned test generator would turn into an endless loop.
        let fraction = Double(random.next() >> 11) * 0x1p-53
        return .nanoseconds(Int64(ceiling * fraction * 1e9))
    }

    static func seconds(_ duration: Duration) -> Double { duration.retrySeconds }
}

extension RetryState where RNG == SystemRandomNumberGenerator {
    public init(policy: RetryPolicy, isIdempotent: Bool) {
        self.init(policy: policy, isIdempotent: isIdempotent, random: SystemRandomNumberGenerator())
    }
}
