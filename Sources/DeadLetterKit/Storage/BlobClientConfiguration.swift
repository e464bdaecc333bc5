import AsyncHTTPClient
import NIOCore

/// Tuning of a `BlobClient` and of the HTTP client under it.
public struct BlobClientConfiguration: Sendable {
    /// Parallel requests the caller intends (`--concurrency`); the connection pool is sized to it, since
    /// AsyncHTTPClient's default of 8 connections per host would serialize a 32-way download.
    public var concurrency: Int
    public var connectTimeout: Duration
    /// Longest wait for the next bytes of a response.
    public var readTimeout: Duration
    /// Deadline of one attempt, body included.
    public var attemptTimeout: Duration
    /// Every request (Get Blob too, unless `readRetry` says otherwise or this is the default policy).
    public var retry: RetryPolicy
    /// Get Blob and the resumes of a broken download. When nil, reads use `RetryPolicy.reads` if `retry` is the
    /// default, and `retry` itself if the caller chose one (so that `retry: .never` still means no retries at all).
    public var readRetry: RetryPolicy?
    /// Accepted by Azure and by Azurite (which rejects versions it does not know).
    public var apiVersion: String
    /// What `BlobLister.listPage` asks for (`include=`); `list(…)` takes its own.
    public var listInclude: ListBlobsInclude
    /// Error bodies are read up to this size (they are a few hundred bytes).
    public var maxErrorBodyBytes: Int

    public init(concurrency: Int = 32, connectTimeout: Duration = .seconds(10), readTimeout: Duration = .seconds(60),
                attemptTimeout: Duration = .seconds(600), retry: RetryPolicy = .default, readRetry: RetryPolicy? = nil,
                apiVersion: String = "2021-12-02", listInclude: ListBlobsInclude = [], maxErrorBodyBytes: Int = 64 * 1024) {
        self.concurrency = max(1, concurrency)
        self.connectTimeout = connectTimeout
        self.readTimeout = readTimeout
        self.attemptTimeout = attemptTimeout
        self.retry = retry
        self.readRetry = readRetry
        self.apiVersion = apiVersion
        self.listInclude = listInclude
        self.maxErrorBodyBytes = maxErrorBodyBytes
    }

    /// The policy a request of this operation runs under. Reads get more attempts by default: an export makes one
    /// per blob, tens of thousands per run, and at 20% faults six attempts lose one read in ~15,600.
    public func retryPolicy(for operation: StorageOperation) -> RetryPolicy {
        guard operation == .read else { return retry }
        return readRetry ?? (retry == .default ? .reads : retry)
    }

    /// The AsyncHTTPClient configuration this implies.
    public var httpClientConfiguration: HTTPClient.Configuration {
        var configuration = HTTPClient.Configuration()
        configuration.connectionPool = .init(idleTimeout: .seconds(60), concurrentHTTP1ConnectionsPerHostSoftLimit: concurrency)
        // Our retry policy decides about failed connects; the pool's own endless re-connecting would hide them.
        configuration.connectionPool.retryConnectionEstablishment = false
        configuration.timeout = .init(connect: Self.timeAmount(connectTimeout), read: Self.timeAmount(readTimeout))
        // Storage never redirects; following one would send the credential to another host.
        configuration.redirectConfiguration = .disallow
        configuration.decompression = .disabled
        // No tracing spans: with the default no-op tracer each request still parsed its URL into span attributes
        // (3% of an export's CPU).
        configuration.tracing.tracer = nil
        return configuration
    }

    static func timeAmount(_ duration: Duration) -> TimeAmount {
        .nanoseconds(Int64(duration.retrySeconds * 1e9))
    }
}

/// The `include=` values of List Blobs that deadletter uses.
public struct ListBlobsInclude: OptionSet, Sendable, Hashable {
    public let rawValue: Int
    public init(rawValue: Int) { self.rawValue = rawValue }

    public static let metadata = ListBlobsInclude(rawValue: 1 << 0)
    public static let tags = ListBlobsInclude(rawValue: 1 << 1)
    public static let snapshots = ListBlobsInclude(rawValue: 1 << 2)
    public static let versions = ListBlobsInclude(rawValue: 1 << 3)
    public static let deleted = ListBlobsInclude(rawValue: 1 << 4)

    /// The comma list in the service's spelling, nil when empty.
    var queryValue: String? {
        let names: [(ListBlobsInclude, String)] = [(.metadata, "metadata"), (.tags, "tags"), (.snapshots, "snapshots"),
                                                   (.versions, "versions"), (.deleted, "deleted")]
        let chosen = names.filter { contains($0.0) }.map(\.1)
        return chosen.isEmpty ? nil : chosen.joined(separator: ",")
    }
}
