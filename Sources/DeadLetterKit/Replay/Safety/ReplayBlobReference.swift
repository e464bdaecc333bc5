/// A source blob as the after-actions need it: where it is, and the ETag it had when its events were read, so a
/// delete only succeeds if nobody changed the blob since (`If-Match`).
public struct ReplayBlobReference: Sendable, Hashable, CustomStringConvertible {
    /// The container URL (without a query, so never a SAS) or local directory the blob was listed from.
    public var source: String
    public var blobName: String
    public var etag: String?

    public init(source: String, blobName: String, etag: String?) {
        self.source = source
        self.blobName = blobName
        self.etag = etag
    }

    var identity: BlobIdentity { BlobIdentity(source: source, blobName: blobName) }

    public var description: String {
        let separator = source.hasSuffix("/") || source.isEmpty ? "" : "/"
        return "\(source)\(separator)\(blobName)"
    }

    struct BlobIdentity: Hashable, Sendable {
        var source: String
        var blobName: String
    }
}
