import AsyncHTTPClient
import NIOHTTP1

extension BlobClient {
    /// Get Blob Properties (HEAD): properties and metadata from the response headers.
    public func properties(of name: String) async throws -> BlobItem {
        let plan = BlobRequestPlan(operation: .getProperties, method: .HEAD, blobName: name)
        return try await perform(plan) { response, _ in Self.blobItem(named: name, headers: response.headers) }
    }

    /// Maps Get Blob / HEAD headers to the listing's model (the ETag unquoted, as listings have it).
    static func blobItem(named name: String, headers: HTTPHeaders) -> BlobItem {
        var properties = BlobProperties()
        properties.lastModified = headers.first(name: "Last-Modified")
        properties.creationTime = headers.first(name: "x-ms-creation-time")
        properties.etag = headers.first(name: "ETag").map(unquotedETag)
        properties.contentLength = headers.first(name: "Content-Length").flatMap { Int64($0) }
        properties.contentType = headers.first(name: "Content-Type")
        properties.contentMD5 = headers.first(name: "Content-MD5")
        properties.blobType = headers.first(name: "x-ms-blob-type")
        properties.accessTier = headers.first(name: "x-ms-access-tier")
        var metadata: [String: String] = [:]
        for header in headers where header.name.lowercased().hasPrefix("x-ms-meta-") {
            metadata[String(header.name.dropFirst("x-ms-meta-".count))] = header.value
        }
        return BlobItem(name: name, properties: properties, metadata: metadata)
    }

    static func unquotedETag(_ etag: String) -> String {
        etag.count >= 2 && etag.hasPrefix("\"") && etag.hasSuffix("\"") ? String(etag.dropFirst().dropLast()) : etag
    }

    static func quotedETag(_ etag: String) -> String {
        etag.hasPrefix("\"") || etag == "*" ? etag : "\"\(etag)\""
    }
}
