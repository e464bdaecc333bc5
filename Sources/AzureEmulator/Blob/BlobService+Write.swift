import AzureCore
import Foundation

extension BlobService {
    /// Put Blob (block blobs): stores the body, computes Content-MD5, keeps `x-ms-meta-*`, `x-ms-tags` and the
    /// content headers; answers 201.
    func putBlob(_ request: EmulatorRequest, account: String, container: String, name: String, grant: AuthorizationGrant) async throws -> EmulatorResponse {
        guard let blobType = request.header("x-ms-blob-type") else { throw BlobServiceError.missingHeader("x-ms-blob-type") }
        guard blobType == "BlockBlob" else { throw BlobServiceError.notImplemented("\(blobType)s (only BlockBlob)") }
        let body = request.body
        let computedMD5 = ContentHash.md5Base64(body)
        if let sent = request.header("Content-MD5"), sent != computedMD5 {
            throw BlobServiceError.md5Mismatch(userSpecified: sent, calculated: computedMD5)
        }
        var template = try Self.writeTemplate(from: request)
        template.contentMD5 = request.header("x-ms-blob-content-md5") ?? computedMD5
        let conditions = ConditionalHeaders(request)
        let record = try await store.putBlob(account: account, container: container, name: name, bytes: body, template: template) { existing in
            try conditions.check(existing, isRead: false, isCreate: true)
            if existing != nil, !grant.mayOverwrite { throw BlobServiceError.permissionMismatch() }
        }
        // As in Azure, a blob written whole drops the blocks staged for it.
        await stagedBlocks.discard(.init(account: account, container: container, name: name))
        var headers = BlobHTTPHeaders.written(record)
        headers.append(("Content-MD5", computedMD5))
        return EmulatorResponse(status: 201, headers: headers)
    }

    /// Delete Blob: 202, honouring If-Match (412 ConditionNotMet), so a replay can delete only what it read.
    func deleteBlob(_ request: EmulatorRequest, account: String, container: String, name: String) async throws -> EmulatorResponse {
        let conditions = ConditionalHeaders(request)
        try await store.deleteBlob(account: account, container: container, name: name) { existing in
            try conditions.check(existing, isRead: false)
        }
        await stagedBlocks.discard(.init(account: account, container: container, name: name))
        return EmulatorResponse(status: 202, headers: [("x-ms-delete-type-permanent", "true")])
    }

    /// Content headers, metadata and tags of a Put Blob or Copy Blob request.
    static func writeTemplate(from request: EmulatorRequest) throws -> BlobStore.WriteTemplate {
        var template = BlobStore.WriteTemplate()
        template.contentType = request.header("x-ms-blob-content-type") ?? request.header("Content-Type") ?? "application/octet-stream"
        template.contentEncoding = request.header("x-ms-blob-content-encoding") ?? request.header("Content-Encoding") ?? ""
        template.contentLanguage = request.header("x-ms-blob-content-language") ?? request.header("Content-Language") ?? ""
        template.contentDisposition = request.header("x-ms-blob-content-disposition") ?? ""
        template.cacheControl = request.header("x-ms-blob-cache-control") ?? ""
        template.metadata = try BlobHTTPHeaders.metadata(from: request)
        if let tagHeader = request.header("x-ms-tags") {
            template.tags = BlobTagRules.parseHeader(tagHeader)
            try BlobTagRules.validate(template.tags)
        }
        return template
    }
}
