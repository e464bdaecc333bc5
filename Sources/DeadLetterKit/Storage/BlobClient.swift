import AsyncHTTPClient
import Logging
import NIOPosix

/// The Blob service client for one container, on AsyncHTTPClient: paged listing, streamed and whole reads,
/// properties, delete, metadata, tags and copy. Every call goes through one retry policy and one authorizer.
///
/// The `HTTPClient` belongs to the caller (share one per process and shut it down at exit);
/// `BlobClient.makeHTTPClient(_:)` builds one whose connection pool fits the configured concurrency.
public struct BlobClient: BlobLister, BlobReader, Sendable {
    public let location: BlobContainerLocation
    public let authorizer: any StorageAuthorizer
    public let configuration: BlobClientConfiguration
    let httpClient: HTTPClient
    let logger: Logger

    public init(location: BlobContainerLocation, authorizer: any StorageAuthorizer, httpClient: HTTPClient,
                configuration: BlobClientConfiguration = BlobClientConfiguration(),
                logger: Logger = Logger(label: "deadletter.storage", factory: { _ in SwiftLogNoOpLogHandler() })) {
        self.location = location
        self.authorizer = authorizer
        self.httpClient = httpClient
        self.configuration = configuration
        self.logger = logger
    }

    /// An HTTP client sized and timed for `configuration`. The caller shuts it down.
    public static func makeHTTPClient(_ configuration: BlobClientConfiguration = BlobClientConfiguration()) -> HTTPClient {
        HTTPClient(eventLoopGroup: HTTPClient.defaultEventLoopGroup, configuration: configuration.httpClientConfiguration)
    }

    /// Where tasks that wait on this client's responses should run (see `EventLoopTaskExecutor`): its HTTP client's
    /// event loops, when they are NIO's POSIX loops.
    public var preferredTaskExecutor: (any TaskExecutor)? {
        (httpClient.eventLoopGroup as? MultiThreadedEventLoopGroup).map(EventLoopTaskExecutor.init(group:))
    }

    /// Which credential this client uses (no secret), for logs.
    public var credentialSource: CredentialSource { authorizer.source }
}
