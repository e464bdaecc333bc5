import AzureCore
import Foundation

extension BlobService {
    func getMetadata(_ request: EmulatorRequest, account: String, container: String, name: String) async throws -> EmulatorResponse {
        let record = try await store.blob(account: account, container: container, name: name)
        try ConditionalHeaders(request).check(record, isRead: true)
        return EmulatorResponse(status: 200, headers: [("ETag", BlobHTTPHeaders.quoted(record.properties.etag)),
                                                       ("Last-Modified", HTTPDate.format(record.properties.lastModified))]
                                    + BlobHTTPHeaders.metadata(record.metadata))
    }

    /// Set Blob Metadata replaces all metadata (send existing + new) and gives the blob a new ETag.
    func setMetadata(_ request: EmulatorRequest, account: String, container: String, name: String) async throws -> EmulatorResponse {
        let metadata = try BlobHTTPHeaders.metadata(from: request)
        let conditions = ConditionalHeaders(request)
        let record = try await store.update(account: account, container: container, name: name, touch: true,
                                            precondition: { try conditions.check($0, isRead: false) },
                                            change: { $0.metadata = metadata })
        return EmulatorResponse(status: 200, headers: BlobHTTPHeaders.written(record))
    }

    func getTags(_ request: EmulatorRequest, account: String, container: String, name: String) async throws -> EmulatorResponse {
        let record = try await store.blob(account: account, container: container, name: name)
        return EmulatorResponse(status: 200, headers: [("Content-Type", "application/xml")], body: BlobTagsXML.document(record.tags))
    }

    /// Set Blob Tags replaces all tags (at most 10); 204. The ETag does not change, as in Azure.
    func setTags(_ request: EmulatorRequest, account: String, container: String, name: String) async throws -> EmulatorResponse {
        let tags = try BlobTagsXML.parse(request.body)
        try BlobTagRules.validate(tags)
        let conditions = ConditionalHeaders(request)
        _ = try await store.update(account: account, container: container, name: name, touch: false,
                                   precondition: { try conditions.check($0, isRead: false) },
                                   change: { $0.tags = tags })
        return EmulatorResponse(status: 204)
    }
}
