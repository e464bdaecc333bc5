import AzureCore
import Foundation

/// Put Block and Put Block List: how the SDKs, `az storage blob upload` and azcopy upload blobs larger than their
/// single-request size (64 MB for the Python SDK) or in parallel.
extension BlobService {
    /// Put Block: checks the block id (Base64, at most 64 bytes decoded) and the body's Content-MD5, keeps the block
    /// uncommitted; answers 201.
    func putBlock(_ request: EmulatorRequest, account: String, container: String, name: String) async throws -> EmulatorResponse {
        let id = request.queryValue("blockid") ?? ""
        guard let decoded = Data(base64Encoded: id), !decoded.isEmpty, decoded.count <= 64 else { throw BlobServiceError.invalidBlockID(id) }
        _ = try await store.container(account: account, container: container)
        let body = request.body
        let computedMD5 = ContentHash.md5Base64(body)
        if let sent = request.header("Content-MD5"), sent != computedMD5 {
            throw BlobServiceError.md5Mismatch(userSpecified: sent, calculated: computedMD5)
        }
        try await stagedBlocks.stage(body, id: id, for: .init(account: account, container: container, name: name))
        return EmulatorResponse(status: 201, headers: [("Content-MD5", computedMD5), ("x-ms-request-server-encrypted", "true")])
    }

    /// Put Block List: joins the listed uncommitted blocks, in list order, into the blob (content headers, metadata
    /// and tags from this request, as Put Blob), then drops the blob's uncommitted blocks. `Committed` entries
    /// (re-using blocks of the current blob) are not supported: the emulator keeps no block boundaries of committed blobs.
    func putBlockList(_ request: EmulatorRequest, account: String, container: String, name: String,
                      grant: AuthorizationGrant) async throws -> EmulatorResponse {
        let entries = try BlockListXML.parse(request.body)
        if entries.contains(where: { $0.source == .committed }) {
            throw BlobServiceError.notImplemented("Put Block List with <Committed> blocks (only <Latest> and <Uncommitted>)")
        }
        let key = StagedBlocks.BlobKey(account: account, container: container, name: name)
        let bytes = try await stagedBlocks.bytes(of: entries.map(\.id), for: key)
        var template = try Self.writeTemplate(from: request)
        template.contentMD5 = request.header("x-ms-blob-content-md5")
        let conditions = ConditionalHeaders(request)
        let record = try await store.putBlob(account: account, container: container, name: name, bytes: bytes, template: template) { existing in
            try conditions.check(existing, isRead: false, isCreate: true)
            if existing != nil, !grant.mayOverwrite { throw BlobServiceError.permissionMismatch() }
        }
        await stagedBlocks.discard(key)
        return EmulatorResponse(status: 201, headers: BlobHTTPHeaders.written(record))
    }
}
