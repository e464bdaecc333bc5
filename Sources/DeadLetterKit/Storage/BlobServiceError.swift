import AzureCore

/// Everything that can go wrong talking to the Blob service, with the request (method + redacted URL) and, for
/// authorization failures, what the credential lacks.
public enum BlobServiceError: Error, CustomStringConvertible, Sendable {
    /// The service answered with an error status.
    case http(BlobHTTPFailure)
    /// The body ended before `Content-Length` bytes arrived.
    case truncatedBody(blob: String, expected: Int64, received: Int64, request: BlobRequestSummary)
    /// A streamed read broke after bytes were already handed out and could not be resumed from there (resumes used
    /// up, no ETag, or the blob changed: a resume must not mix two versions).
    case interrupted(blob: String, deliveredBytes: Int64, reason: String, request: BlobRequestSummary)
    /// The exchange failed below HTTP (connect, reset, timeout, TLS).
    case transport(reason: String, request: BlobRequestSummary)
    /// A 2xx response whose body could not be read.
    case malformedResponse(StorageXMLError)
    /// The last failure of an operation that was retried until the policy gave up.
    indirect case retriesExhausted(attempts: Int, reason: RetryGiveUpReason, last: BlobServiceError)

    /// The HTTP status, when the service answered.
    public var status: Int? {
        switch self {
        case .http(let failure): return failure.status
        case .retriesExhausted(_, _, let last): return last.status
        default: return nil
        }
    }

    /// The Azure error code (`x-ms-error-code` or `<Code>`), when the service sent one.
    public var errorCode: String? {
        switch self {
        case .http(let failure): return failure.code
        case .retriesExhausted(_, _, let last): return last.errorCode
        default: return nil
        }
    }

    public var description: String {
        let text: String
        switch self {
        case .http(let failure):
            text = failure.description
        case .truncatedBody(let blob, let expected, let received, let request):
            text = "the body of blob '\(blob)' ended after \(received) of \(expected) bytes (\(request))"
        case .interrupted(let blob, let delivered, let reason, let request):
            text = "reading blob '\(blob)' broke after \(delivered) bytes had been delivered and could not be resumed (\(reason)) (\(request))"
        case .transport(let reason, let request):
            text = "\(request) failed: \(reason)"
        case .malformedResponse(let error):
            text = error.description
        case .retriesExhausted(let attempts, let reason, let last):
            text = "\(last.description) [\(attempts) attempts; \(reason)]"
        }
        return Redactor.redact(text)
    }
}

/// An error status from the Blob service, with what the body and headers said and a hint a user can act on.
public struct BlobHTTPFailure: Sendable, Equatable, CustomStringConvertible {
    public var status: Int
    public var code: String?
    /// The first line of `<Message>`.
    public var message: String?
    /// `<AuthenticationErrorDetail>`, with any request signature it quotes masked.
    public var authenticationDetail: String?
    public var requestID: String?
    public var operation: StorageOperation
    public var request: BlobRequestSummary
    /// What to do about it (which permission is missing, what expired, which container does not exist).
    public var hint: String?

    public var description: String {
        var text = "\(operation.rawValue) \(request) returned HTTP \(status)"
        if let code { text += " \(code)" }
        if let hint {
            text += ": \(hint)"
        } else if let message, !message.isEmpty {
            text += ": \(message)"
        }
        if let authenticationDetail, !authenticationDetail.isEmpty { text += " (detail: \(authenticationDetail))" }
        if let requestID { text += " [x-ms-request-id \(requestID)]" }
        return Redactor.redact(text)
    }
}
