import AzureCore

extension BlobClient {
    /// Delete Blob. With `ifMatch` (an ETag from the listing, quoted or not) the blob is only deleted if it has not
    /// changed since; otherwise the call fails with 412 ConditionNotMet and the blob stays.
    public func deleteBlob(named name: String, ifMatch etag: String? = nil, includeSnapshots: Bool = false) async throws {
        var plan = BlobRequestPlan(operation: .delete, method: .DELETE, blobName: name)
        plan.successStatuses = [202]
        if let etag { plan.headers.append(("If-Match", Self.quotedETag(etag))) }
        if includeSnapshots { plan.headers.append(("x-ms-delete-snapshots", "include")) }
        try await perform(plan) { _, _ in }
    }

    /// Set Blob Metadata. It replaces all metadata, so pass the existing entries together with the new ones.
    public func setMetadata(_ metadata: [String: String], onBlob name: String, ifMatch etag: String? = nil) async throws {
        var plan = BlobRequestPlan(operation: .setMetadata, method: .PUT, blobName: name)
        plan.query = [("comp", "metadata")]
        for (key, value) in metadata.sorted(by: { $0.key < $1.key }) { plan.headers.append(("x-ms-meta-\(key)", value)) }
        if let etag { plan.headers.append(("If-Match", Self.quotedETag(etag))) }
        try await perform(plan) { _, _ in }
    }

    /// Set Blob Tags (replaces all tags; at most 10). Answered with 204.
    public func setTags(_ tags: [String: String], onBlob name: String) async throws {
        var plan = BlobRequestPlan(operation: .setTags, method: .PUT, blobName: name)
        plan.query = [("comp", "tags")]
        plan.headers = [("Content-Type", "application/xml; charset=utf-8")]
        plan.body = Array(Self.tagsXML(tags).utf8)
        plan.successStatuses = [204]
        try await perform(plan) { _, _ in }
    }

    /// `<Tags><TagSet><Tag><Key>…</Key><Value>…</Value></Tag>…</TagSet></Tags>`, keys sorted for a stable body.
    static func tagsXML(_ tags: [String: String]) -> String {
        var xml = "<?xml version=\"1.0\" encoding=\"utf-8\"?><Tags><TagSet>"
        for (key, value) in tags.sorted(by: { $0.key < $1.key }) {
            xml += "<Tag><Key>\(XMLText.escape(key))</Key><Value>\(XMLText.escape(value))</Value></Tag>"
        }
        return xml + "</TagSet></Tags>"
    }

    /// Copies blob `source` to `destination` in this container. `synchronous` uses Copy Blob From URL
    /// (`x-ms-requires-sync: true`, up to 256 MiB, done when the call returns); otherwise the service copies in the
    /// background and the result may say `pending`. The source is made readable with the client's own credential.
    public func copyBlob(from source: String, to destination: String, synchronous: Bool = true) async throws -> BlobCopyResult {
        var sourceURL = location.blobURL(source)
        var plan = BlobRequestPlan(operation: .copy, method: .PUT, blobName: destination)
        plan.successStatuses = [201, 202]
        switch try await authorizer.copySourceAccess(container: location.containerName, blob: source) {
        case .none: break
        case .query(let sas): sourceURL += "?" + sas
        case .authorizationHeader(let value): plan.headers.append(("x-ms-copy-source-authorization", value))
        }
        plan.headers.append(("x-ms-copy-source", sourceURL))
        if synchronous { plan.headers.append(("x-ms-requires-sync", "true")) }
        return try await perform(plan) { response, _ in
            BlobCopyResult(copyID: response.headers.first(name: "x-ms-copy-id"),
                           status: response.headers.first(name: "x-ms-copy-status"),
                           etag: response.headers.first(name: "ETag").map(Self.unquotedETag))
        }
    }
}

/// What Copy Blob answers.
public struct BlobCopyResult: Sendable, Equatable {
    public var copyID: String?
    /// `success` or `pending`.
    public var status: String?
    /// The destination's new ETag, unquoted.
    public var etag: String?
}
