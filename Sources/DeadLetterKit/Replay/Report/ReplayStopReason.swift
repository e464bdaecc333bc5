import AzureCore

/// How a run ended.
public enum ReplayStopReason: Sendable, Equatable, CustomStringConvertible {
    /// Every selected event was dealt with (sent, skipped or failed).
    case completed
    /// A stop was requested (SIGINT/SIGTERM via `ReplayCancellation`, or the task was cancelled).
    case interrupted
    /// The destination refused the credential (401/403): the message names the credential and what the service said.
    case credentialRejected(String)
    /// The topic or entity does not exist (404/410).
    case targetMissing(String)
    /// The journal could not be written: acknowledged batches could no longer be recorded.
    case journalFailed(String)
    /// The event source failed (listing or reading broke) after this many events.
    case sourceFailed(String)
    /// The target kept failing below HTTP (timeouts, refused connections) until the circuit breaker opened; every
    /// event not acknowledged was recorded as failed. The run accounted for everything, so it exits 2.
    case targetUnreachable(String)

    public var isCompleted: Bool { self == .completed }

    public var description: String {
        switch self {
        case .completed: return "completed"
        case .interrupted: return "interrupted"
        case .credentialRejected(let message): return Redactor.redact(message)
        case .targetMissing(let message): return Redactor.redact(message)
        case .journalFailed(let message): return message
        case .sourceFailed(let message): return Redactor.redact(message)
        case .targetUnreachable(let message): return Redactor.redact(message)
        }
    }

    /// A short key for JSON output.
    public var key: String {
        switch self {
        case .completed: return "completed"
        case .interrupted: return "interrupted"
        case .credentialRejected: return "credentialRejected"
        case .targetMissing: return "targetMissing"
        case .journalFailed: return "journalFailed"
        case .sourceFailed: return "sourceFailed"
        case .targetUnreachable: return "targetUnreachable"
        }
    }
}
