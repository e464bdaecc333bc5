import AzureCore
import Foundation

/// `BlobProperties` for a mirrored file, shaped like a listing's: RFC 1123 Last-Modified, an unquoted `0x…` ETag.
enum LocalBlobProperties {
    static func properties(for status: LocalFileStatus, name: String) -> BlobProperties {
        let modified = Date(timeIntervalSince1970: Double(status.modifiedSeconds))
        // Dead letters are JSON; anything else in a mirror (.DS_Store, notes) is not, and should not claim to be.
        let contentType = BlobLayoutParser.isJSONFileName(BlobPathSegments.lastSegment(name))
            ? "application/json" : "application/octet-stream"
        return BlobProperties(lastModified: HTTPDate.format(modified), etag: etag(for: status),
                              contentLength: status.size, contentType: contentType, blobType: "BlockBlob")
    }

    /// Changes whenever the file's size or modification time changes, like a service ETag does on every write:
    /// `0x` + 16 hex digits of the mtime in nanoseconds + 16 hex digits of the size.
    static func etag(for status: LocalFileStatus) -> String {
        let nanoseconds = UInt64(bitPattern: Int64(status.modifiedSeconds) &* 1_000_000_000 &+ Int64(status.modifiedNanoseconds))
        return "0x" + hex16(nanoseconds) + hex16(UInt64(bitPattern: status.size))
    }

    private static func hex16(_ value: UInt64) -> String {
        let digits = String(value, radix: 16, uppercase: true)
        return String(repeating: "0", count: 16 - digits.count) + digits
    }
}
