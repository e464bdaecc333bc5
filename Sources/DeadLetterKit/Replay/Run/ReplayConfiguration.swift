/// Everything a replay run needs besides the target, the journal and the events: flow control, retries, safety.
public struct ReplayConfiguration: Sendable {
    /// `--concurrency`: batches in flight at most (the adaptive limiter may allow fewer while throttled).
    public var concurrency: Int
    /// `--rate`: events per second at most; nil for as fast as the destination accepts.
    public var eventsPerSecond: Double?
    /// `--rate-bytes`: request bytes per second at most.
    public var bytesPerSecond: Double?
    /// Retries of one batch (throttling, server errors, dropped connections). `Retry-After` is honoured.
    public var retry: RetryPolicy
    /// Whether to retry a batch whose fate is unknown (a 500, or a connection lost after the request went out).
    /// Publishing is not idempotent, so such a retry may deliver its events twice: they are counted as possible
    /// duplicates. When false those batches fail instead (at-most-once), reason "outcome unknown".
    public var retryAmbiguousFailures: Bool
    /// Deadline of one publish request.
    public var requestTimeout: Duration
    /// `--max-consecutive-failures`: batches in a row that gave up on timeouts or connection failures before the run
    /// stops sending and records the rest as failed (`ReplayCircuitBreaker`); 0 never stops.
    public var maxConsecutiveFailures: Int
    /// After a stop request (Ctrl-C), in-flight batches get this long to finish before they are abandoned.
    public var drainTimeout: Duration
    /// `--after keep|delete|tag`.
    public var afterAction: ReplayAfterAction
    /// True when a filter selected the events, so a blob may hold events that were not replayed: before a delete or
    /// tag, the blob's events are counted again (`ReplaySourceBlobActions.eventCount`) and it is kept unless they
    /// were all acknowledged.
    public var sourceIsFiltered: Bool
    /// `--failed FILE.jsonl`: every event that could not be sent, as an export record with `"replayError"`.
    public var failedEventsPath: String?
    /// The number of events expected, when known (a dry run or a count), for the progress ETA.
    public var expectedEvents: Int?

    public init(concurrency: Int = 8, eventsPerSecond: Double? = nil, bytesPerSecond: Double? = nil,
                retry: RetryPolicy = Self.defaultRetryPolicy, retryAmbiguousFailures: Bool = true,
                requestTimeout: Duration = .seconds(60), maxConsecutiveFailures: Int = 5, drainTimeout: Duration = .seconds(30), afterAction: ReplayAfterAction = .keep,
                sourceIsFiltered: Bool = false, failedEventsPath: String? = nil, expectedEvents: Int? = nil) {
        self.concurrency = max(1, concurrency)
        self.eventsPerSecond = eventsPerSecond.flatMap { $0 > 0 ? $0 : nil }
        self.bytesPerSecond = bytesPerSecond.flatMap { $0 > 0 ? $0 : nil }
        self.retry = retry
        self.retryAmbiguousFailures = retryAmbiguousFailures
        self.requestTimeout = requestTimeout
        self.maxConsecutiveFailures = max(0, maxConsecutiveFailures)
        self.drainTimeout = drainTimeout
        self.afterAction = afterAction
        self.sourceIsFiltered = sourceIsFiltered
        self.failedEventsPath = failedEventsPath
        self.expectedEvents = expectedEvents
    }

    /// Patient by default: a replay after an outage would rather wait out throttling than fail events. 408, 429 and
    /// the 5xx codes are retried up to 10 times within 10 minutes, backing off up to 30 s (or as `Retry-After` says).
    public static let defaultRetryPolicy = RetryPolicy(maxAttempts: 10, maxTotalTime: .seconds(600), baseDelay: .milliseconds(250),
                                                       maxDelay: .seconds(30), maxRetryAfter: .seconds(120),
                                                       retryableStatuses: [408, 429, 500, 502, 503, 504])

    /// Events per request under `--rate`: a tenth of a second's worth, so the pace is smooth rather than one burst per second.
    func batchEventCap() -> Int? {
        eventsPerSecond.map { max(1, Int(($0 / 10).rounded(.down))) }
    }
}

/// `--after`: what happens to a source blob once every one of its events was acknowledged.
public enum ReplayAfterAction: String, Sendable, Hashable, CaseIterable {
    case keep
    /// Delete it, only if its ETag is unchanged (`If-Match`).
    case delete
    /// Set the blob index tag `deadletter-replayed=<time>`.
    case tag

    public static let tagName = "deadletter-replayed"
}
