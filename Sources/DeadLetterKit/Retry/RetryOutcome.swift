import AzureCore
import Foundation

/// What went wrong with one attempt, reduced to what the retry decision needs. Successful attempts are not outcomes:
/// the caller simply stops.
public enum RetryOutcome: Sendable, Equatable {
    /// The server answered with a non-success status; `retryAfter` is the parsed `Retry-After` header, if any.
    case status(Int, retryAfter: RetryAfter?)
    /// The exchange broke below HTTP.
    case connection(ConnectionFailure)
    /// Anything else (a malformed response, a local error): retrying cannot help.
    case permanent

    public enum ConnectionFailure: String, Sendable, Equatable {
        /// Connection refused, connect timeout, DNS failure, no connection from the pool in time.
        case connectFailed = "could not connect"
        /// The peer reset or closed the connection before the response was complete.
        case connectionReset = "connection reset"
        /// No bytes arrived within the read timeout (or the attempt's deadline passed).
        case readTimeout = "read timed out"
        /// The body ended before `Content-Length` bytes arrived.
        case truncatedBody = "body truncated"
    }
}

/// The `Retry-After` header: either a number of seconds or an HTTP date (RFC 9110 §10.2.3).
public enum RetryAfter: Sendable, Equatable {
    case seconds(Int)
    /// Seconds since 1970, as the HTTP date names them.
    case date(secondsSince1970: Int)

    /// Parses the header value; nil when it is neither form.
    public static func parse(_ value: String) -> RetryAfter? {
        let trimmed = value.trimmingCharacters(in: .whitespaces)
        if let seconds = Int(trimmed) { return seconds >= 0 ? .seconds(seconds) : nil }
        guard let date = HTTPDate.parse(trimmed) else { return nil }
        return .date(secondsSince1970: Int(date.timeIntervalSince1970))
    }

    /// How long to wait from `now` (seconds since 1970); never negative.
    public func delay(nowSecondsSince1970 now: Double) -> Duration {
        switch self {
        case .seconds(let seconds): return .seconds(seconds)
        case .date(let target): return .milliseconds(Int64((max(0, Double(target) - now) * 1000).rounded()))
        }
    }
}
