import Foundation

/// A name/value pair kept in the order the client sent it (Azure returns metadata in that order, see
/// Fixtures/listings/include-metadata.xml: `<number>` before `<name>`).
struct BlobKeyValue: Sendable, Equatable, Codable {
    var name: String
    var value: String
}

/// Where a blob's bytes are.
enum BlobContent: Sendable {
    case memory([UInt8])
    /// A file under the storage directory (the mirror path, or the emulator's own content area for names that
    /// cannot be a path).
    case file(path: String)
}

/// Result of a synchronous copy, reported as `x-ms-copy-*` headers and, with `include=copy`, in listings.
struct BlobCopyInfo: Sendable, Equatable, Codable {
    var id: String
    var source: String
    var completionTime: Date
    var length: Int64
}

/// The system properties Azure keeps for a block blob.
struct BlobProperties: Sendable, Equatable {
    var contentLength: Int64
    var contentType: String = "application/octet-stream"
    var contentEncoding: String = ""
    var contentLanguage: String = ""
    var contentDisposition: String = ""
    var cacheControl: String = ""
    /// Base64 MD5 of the whole blob; nil when unknown (files dropped into a mirror directory).
    var contentMD5: String?
    var creationTime: Date
    var lastModified: Date
    /// Unquoted, e.g. `0x8DC0F3A2B4C5D6E`.
    var etag: String
    var copy: BlobCopyInfo?
}

struct BlobRecord: Sendable {
    var name: String
    var properties: BlobProperties
    var metadata: [BlobKeyValue]
    var tags: [BlobKeyValue]
    var content: BlobContent
}
