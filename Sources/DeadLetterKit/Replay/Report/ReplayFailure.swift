/// Why one event was not delivered. `category` is the short, stable key the summary counts by; `description` is
/// the full reason written into `--failed` as `"replayError"`.
public enum ReplayFailure: Sendable, Equatable, CustomStringConvertible {
    /// The event cannot be expressed for the target (schema, missing attribute, binary body).
    case unencodable(String)
    /// Larger than the target's per-event limit, measured on the bytes that would have been sent; never sent.
    case tooLarge(size: Int, limit: Int)
    /// The destination refused it alone (its batch was bisected down to this event).
    case rejected(status: Int, message: String)
    /// The destination said it was too large although it is within the configured limit.
    case refusedAsTooLarge(status: Int, message: String)
    /// Retries ran out; `mayHaveBeenDelivered` when an attempt's outcome was unknown.
    case retriesExhausted(attempts: Int, last: String, mayHaveBeenDelivered: Bool)
    /// Not retried because the outcome was unknown and ambiguous retries are off.
    case outcomeUnknown(String)
    /// The run stopped (Ctrl-C, a credential refused, the journal failing) before the event was acknowledged.
    case interrupted(String)
    /// Never sent: the target had stopped answering (the circuit breaker opened); the reason says why.
    case notSent(String)

    public var category: String {
        switch self {
        case .unencodable: return "cannot be expressed for the target"
        case .tooLarge: return "too large"
        case .rejected(let status, _): return "rejected by the destination (HTTP \(status))"
        case .refusedAsTooLarge(let status, _): return "refused as too large (HTTP \(status))"
        case .retriesExhausted: return "retries exhausted"
        case .outcomeUnknown: return "outcome unknown (not retried)"
        case .interrupted: return "interrupted"
        case .notSent: return "not sent: the target stopped answering"
        }
    }

    public var description: String {
        switch self {
        case .unencodable(let reason):
            return reason
        case .tooLarge(let size, let limit):
            return "the event is \(size) bytes as sent; the target's limit per event is \(limit) bytes"
        case .rejected(let status, let message):
            return "the destination refused this event (HTTP \(status))" + (message.isEmpty ? "" : ": \(message)")
        case .refusedAsTooLarge(let status, let message):
            return "the destination refused this event as too large (HTTP \(status))" + (message.isEmpty ? "" : ": \(message)")
        case .retriesExhausted(let attempts, let last, let maybe):
            return "not acknowledged after \(attempts) attempts; last: \(last)"
                + (maybe ? " (an attempt's outcome was unknown, so it may have been delivered)" : "")
        case .outcomeUnknown(let detail):
            return "the request's outcome is unknown (\(detail)) and ambiguous failures are not retried; it may have been delivered"
        case .interrupted(let why):
            return "not acknowledged: \(why)"
        case .notSent(let why):
            return "not sent: \(why)"
        }
    }
}
