/// What one publish request came to, reduced to what the runner must decide: commit, retry, split, fail or stop.
enum ReplayPublishOutcome: Sendable, Equatable {
    case accepted
    /// The service refused the batch for now and did not take it (429, 503 ServerBusy, 403 QuotaExceeded): slow
    /// down and retry; no duplicate can result.
    case throttled(status: Int, retryAfter: RetryAfter?, message: String)
    /// Nothing reached the service (the connection could not be made): safe to retry.
    case notDelivered(RetryOutcome.ConnectionFailure)
    /// The request went out but its fate is unknown (500/502/504/408, a reset or timeout before the answer): the
    /// service may have accepted the batch. A retry may duplicate its events.
    case uncertain(RetryOutcome, message: String)
    /// The request (413) or one of its events (Service Bus 403 MessageSizeExceeded) is too large.
    case tooLarge(status: Int, message: String)
    /// The service refused the batch as malformed or invalid (400 and other 4xx): one of its events is at fault.
    case rejected(status: Int, message: String)
    /// 401/403: the credential is wrong, expired or lacks the role. Nothing more can succeed.
    case unauthorized(status: Int, message: String)
    /// 404/410: the topic or entity does not exist. Nothing more can succeed.
    case missingEntity(status: Int, message: String)
    /// No credential header could be made (a token command or managed identity failed).
    case credentialUnavailable(message: String)
}
