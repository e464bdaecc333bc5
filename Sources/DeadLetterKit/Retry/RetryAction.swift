/// What to do after a failed attempt.
public enum RetryAction: Sendable, Equatable {
    case retry(after: Duration)
    case giveUp(RetryGiveUpReason)
}

public enum RetryGiveUpReason: Sendable, Equatable, CustomStringConvertible {
    /// The failure is not one that a second try can fix (a 4xx other than 408/429, a malformed answer).
    case notRetryable
    /// The failure might be transient, but the request may already have had its effect (POST).
    case notIdempotent
    case attemptsExhausted(attempts: Int)
    /// The next wait would end after the policy's total time budget.
    case timeBudgetExhausted(elapsed: Duration, limit: Duration)

    public var description: String {
        switch self {
        case .notRetryable: return "the failure is not transient"
        case .notIdempotent: return "the request is not idempotent, so it is not sent twice"
        case .attemptsExhausted(let attempts): return "gave up after \(attempts) attempts"
        case .timeBudgetExhausted(let elapsed, let limit):
            return "gave up after \(elapsed.retryDisplay) (retry budget \(limit.retryDisplay))"
        }
    }
}
