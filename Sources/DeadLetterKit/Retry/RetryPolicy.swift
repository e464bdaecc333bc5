/// The limits of retrying one logical operation (a List Blobs page, a Get Blob, a publish…). A value: the same policy
/// is shared by every call of a client, and each call runs its own `RetryState` from it.
public struct RetryPolicy: Sendable, Equatable {
    /// Total attempts including the first one.
    public var maxAttempts: Int
    /// No retry is scheduled that would start after this much time since the first attempt began.
    public var maxTotalTime: Duration
    /// The ceiling of the first back-off; it doubles with every retry up to `maxDelay` (full jitter picks a
    /// uniformly random delay below the ceiling, so many clients hitting a busy account spread out).
    public var baseDelay: Duration
    public var maxDelay: Duration
    /// A server's `Retry-After` is honoured up to this value, so a misconfigured proxy cannot park us for an hour.
    public var maxRetryAfter: Duration
    /// 408 Request Timeout, 429 Too Many Requests, and the 5xx codes Azure Storage uses for transient trouble.
    public var retryableStatuses: Set<Int>

    public init(maxAttempts: Int = 6, maxTotalTime: Duration = .seconds(120), baseDelay: Duration = .milliseconds(200),
                maxDelay: Duration = .seconds(15), maxRetryAfter: Duration = .seconds(60),
                retryableStatuses: Set<Int> = [408, 429, 500, 502, 503, 504]) {
        self.maxAttempts = max(1, maxAttempts)
        self.maxTotalTime = maxTotalTime
        self.baseDelay = baseDelay
        self.maxDelay = maxDelay
        self.maxRetryAfter = maxRetryAfter
        self.retryableStatuses = retryableStatuses
    }

    public static let `default` = RetryPolicy()
    /// Blob downloads: ten attempts within the default's two-minute cap. At 20% transient faults one read in ~10^7
    /// fails for good (0.2^10), against one in ~15,600 with six attempts, which a 50k-blob export would hit.
    public static let reads = RetryPolicy(maxAttempts: 10)
    /// One attempt, no retries (for callers that retry at a higher level).
    public static let never = RetryPolicy(maxAttempts: 1)

    /// Whether a request with this HTTP method may be sent twice without changing the result. POST is not unless
    /// the caller knows better (e.g. a publish that carries a de-duplication id) and says so.
    public static func isIdempotent(method: String) -> Bool {
        switch method.uppercased() {
        case "GET", "HEAD", "PUT", "DELETE", "OPTIONS": return true
        default: return false
        }
    }
}

extension Duration {
    /// Seconds as a Double, for back-off arithmetic.
    var retrySeconds: Double {
        let (seconds, attoseconds) = components
        return Double(seconds) + Double(attoseconds) / 1e18
    }

    /// `1.5 s`, `250 ms`: for messages.
    var retryDisplay: String {
        let value = retrySeconds
        if value < 1 { return "\(Int((value * 1000).rounded())) ms" }
        return "\((value * 10).rounded() / 10) s"
    }
}
