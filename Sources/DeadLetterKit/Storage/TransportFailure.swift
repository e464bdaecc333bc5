import AsyncHTTPClient
import NIOCore
import NIOHTTP1
import NIOPosix
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Sorts the errors AsyncHTTPClient and SwiftNIO throw into the connection failures the retry policy knows; nil for
/// everything a retry cannot fix (bad URL, TLS misconfiguration, cancellation, a client already shut down).
enum TransportFailure {
    static func classify(_ error: any Error) -> RetryOutcome.ConnectionFailure? {
        if error is CancellationError { return nil }
        if let blobError = error as? BlobServiceError, case .truncatedBody = blobError { return .truncatedBody }
        if let client = error as? HTTPClientError {
            switch client {
            case .connectTimeout, .getConnectionFromPoolTimeout, .socksHandshakeTimeout, .httpProxyHandshakeTimeout,
                 .tlsHandshakeTimeout:
                return .connectFailed
            case .readTimeout, .writeTimeout, .deadlineExceeded:
                return .readTimeout
            case .remoteConnectionClosed, .bodyLengthMismatch, .uncleanShutdown:
                return .connectionReset
            default:
                return nil
            }
        }
        if let io = error as? IOError {
            switch io.errnoCode {
            case ECONNREFUSED, ENETUNREACH, EHOSTUNREACH, ETIMEDOUT, EADDRNOTAVAIL: return .connectFailed
            case ECONNRESET, EPIPE, ECONNABORTED: return .connectionReset
            default: return nil
            }
        }
        if let channel = error as? ChannelError {
            switch channel {
            case .connectTimeout: return .connectFailed
            case .ioOnClosedChannel, .eof, .outputClosed, .alreadyClosed, .inputClosed: return .connectionReset
            default: return nil
            }
        }
        // Every address of the host refused or timed out.
        if error is NIOConnectionError { return .connectFailed }
        // The peer sent a broken or cut response.
        if error is HTTPParserError { return .connectionReset }
        return nil
    }
}
