import Foundation

/// One blob as a List Blobs page (or a local mirror) describes it.
///
/// Values are kept as the service wrote them (`lastModified` is the RFC 1123 text, `etag` is unquoted as in
/// listings) so that they can be handed on unchanged: If-Match on delete, the `etag` field of an export record.
public struct BlobItem: Sendable, Hashable {
    public var name: String
    public var properties: BlobProperties
    /// `include=metadata`; empty when not requested or absent.
    public var metadata: [String: String]
    /// `include=tags`; empty when not requested or absent.
    public var tags: [String: String]

    public init(name: String, properties: BlobProperties = BlobProperties(), metadata: [String: String] = [:], tags: [String: String] = [:]) {
        self.name = name
        self.properties = properties
        self.metadata = metadata
        self.tags = tags
    }
}

/// The `<Properties>` of a listed blob that deadletter uses. Unknown properties are ignored.
public struct BlobProperties: Sendable, Hashable {
    /// RFC 1123, e.g. `Fri, 05 Jan 2024 13:02:11 GMT`.
    public var lastModified: String?
    public var creationTime: String?
    /// Unquoted, as in listings (`0x8DC...`). Quote it for If-Match.
    public var etag: String?
    public var contentLength: Int64?
    public var contentType: String?
    public var contentMD5: String?
    public var blobType: String?
    public var accessTier: String?

    public init(lastModified: String? = nil, creationTime: String? = nil, etag: String? = nil, contentLength: Int64? = nil,
                contentType: String? = nil, contentMD5: String? = nil, blobType: String? = nil, accessTier: String? = nil) {
        self.lastModified = lastModified
        self.creationTime = creationTime
        self.etag = etag
        self.contentLength = contentLength
        self.contentType = contentType
        self.contentMD5 = contentMD5
        self.blobType = blobType
        self.accessTier = accessTier
    }
}

/// One page of a List Blobs response.
public struct ListBlobsPage: Sendable, Hashable {
    public var blobs: [BlobItem]
    /// `<BlobPrefix><Name>` values (only with a delimiter), e.g. `ep1/2024/`.
    public var blobPrefixes: [String]
    /// nil when the listing is complete (absent or empty `<NextMarker/>`).
    public var nextMarker: String?

    public init(blobs: [BlobItem] = [], blobPrefixes: [String] = [], nextMarker: String? = nil) {
        self.blobs = blobs
        self.blobPrefixes = blobPrefixes
        self.nextMarker = nextMarker
    }
}

/// The seam between the container walker and whatever answers List Blobs: the Azure client, a local mirror
/// directory, or a test double. One call is one List Blobs request (one page).
public protocol BlobLister: Sendable {
    func listPage(prefix: String, delimiter: String?, marker: String?, maxResults: Int?) async throws -> ListBlobsPage
}

/// The seam for reading one blob's bytes as they arrive (the Azure client, a local file, a test double).
public protocol BlobReader: Sendable {
    /// The blob's body as a stream of chunks, in order. The stream throws on transport or HTTP failure.
    func readBlob(named name: String) async throws -> AsyncThrowingStream<[UInt8], any Error>
    /// Where tasks that wait on this reader's responses should run; nil for Swift's global pool.
    var preferredTaskExecutor: (any TaskExecutor)? { get }
}

extension BlobReader {
    public var preferredTaskExecutor: (any TaskExecutor)? { nil }
}
