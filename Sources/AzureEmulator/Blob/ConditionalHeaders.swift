import AzureCore
import Foundation

/// `If-Match`, `If-None-Match`, `If-Modified-Since`, `If-Unmodified-Since` against a blob's current version.
struct ConditionalHeaders: Sendable {
    var ifMatch: String?
    var ifNoneMatch: String?
    var ifModifiedSince: Date?
    var ifUnmodifiedSince: Date?

    init(_ request: EmulatorRequest) {
        ifMatch = request.header("If-Match")
        ifNoneMatch = request.header("If-None-Match")
        ifModifiedSince = request.header("If-Modified-Since").flatMap(HTTPDate.parse)
        ifUnmodifiedSince = request.header("If-Unmodified-Since").flatMap(HTTPDate.parse)
    }

    var isEmpty: Bool { ifMatch == nil && ifNoneMatch == nil && ifModifiedSince == nil && ifUnmodifiedSince == nil }

    /// Throws the Azure error for a failed condition. Reads answer 304 for If-None-Match / If-Modified-Since; writes
    /// answer 412, except `If-None-Match: *` on an existing blob which Put Blob answers with 409 BlobAlreadyExists.
    func check(_ record: BlobRecord?, isRead: Bool, isCreate: Bool = false) throws {
        guard !isEmpty else { return }
        guard let record else {
            if ifMatch != nil { throw isRead ? BlobServiceError.blobNotFound() : BlobServiceError.conditionNotMet() }
            return
        }
        let etag = record.properties.etag
        // Last-Modified has one-second resolution on the wire; compare at that resolution.
        let modified = record.properties.lastModified.timeIntervalSince1970.rounded(.down)
        if let ifMatch, !Self.matches(ifMatch, etag: etag) { throw BlobServiceError.conditionNotMet() }
        if let ifUnmodifiedSince, modified > ifUnmodifiedSince.timeIntervalSince1970 { throw BlobServiceError.conditionNotMet() }
        if let ifNoneMatch, Self.matches(ifNoneMatch, etag: etag) {
            if isRead { throw BlobServiceError.notModified() }
            if isCreate && ifNoneMatch.trimmingCharacters(in: .whitespaces) == "*" { throw BlobServiceError.blobAlreadyExists() }
            throw BlobServiceError.conditionNotMet()
        }
        if let ifModifiedSince, modified <= ifModifiedSince.timeIntervalSince1970 {
            throw isRead ? BlobServiceError.notModified() : BlobServiceError.conditionNotMet()
        }
    }

    /// `*` or a comma list of quoted (or bare) ETags.
    static func matches(_ header: String, etag: String) -> Bool {
        for candidate in header.split(separator: ",") {
            var value = candidate.trimmingCharacters(in: .whitespaces)
            if value == "*" { return true }
            if value.hasPrefix("W/") { value.removeFirst(2) }
            if value.hasPrefix("\""), value.hasSuffix("\""), value.count >= 2 { value = String(value.dropFirst().dropLast()) }
            if value == etag { return true }
        }
        return false
    }
}
