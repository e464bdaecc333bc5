import AzureCore
import Foundation

/// Per-request facts the router supplies.
struct BlobRequestContext: Sendable {
    var requestID: String
    var now: Date
    /// From the fault plan: List Blobs returns at most this many items per page.
    var pageSizeCap: Int?
    /// `http://<host>:<port>` as the client addressed the emulator, for `ServiceEndpoint`.
    var baseURL: String
}

/// The Blob service: parses the operation, authorizes it, runs it against the store, and answers as Azure does.
struct BlobService: Sendable {
    let store: BlobStore
    let authorizer: BlobAuthorizer
    /// Put Block's blocks until Put Block List commits them.
    let stagedBlocks = StagedBlocks()

    func handle(_ request: EmulatorRequest, context: BlobRequestContext) async -> (BlobOperation, EmulatorResponse) {
        let isHead = request.method.uppercased() == "HEAD"
        guard let target = BlobRequestTarget(path: request.path) else {
            return (.unsupported, BlobServiceError.invalidURI().response(requestID: context.requestID, time: context.now, includeBody: !isHead))
        }
        let operation = BlobOperation.classify(request, target: target)
        do {
            let response = try await perform(operation, request: request, target: target, context: context)
            return (operation, response)
        } catch let error as BlobServiceError {
            return (operation, error.response(requestID: context.requestID, time: context.now, includeBody: !isHead))
        } catch let error as BlobStoreError {
            return (operation, Self.azureError(for: error).response(requestID: context.requestID, time: context.now, includeBody: !isHead))
        } catch {
            return (operation, BlobServiceError.internalError("\(error)").response(requestID: context.requestID, time: context.now, includeBody: !isHead))
        }
    }

    private func perform(_ operation: BlobOperation, request: EmulatorRequest, target: BlobRequestTarget,
                         context: BlobRequestContext) async throws -> EmulatorResponse {
        if let version = request.header("x-ms-version"), !Self.isVersionShaped(version) {
            throw BlobServiceError.invalidHeader("x-ms-version", value: version)
        }
        guard await store.hasAccount(target.account) else { throw BlobServiceError.resourceNotFound() }
        if operation == .unsupported { throw Self.unsupported(request, target: target) }
        if let blob = target.blob, blob.count > 1024 { throw BlobServiceError.nameTooLong() }

        let grant: AuthorizationGrant
        switch authorizer.authorize(request, target: target, operation: operation, now: context.now) {
        case .success(let granted): grant = granted
        case .failure(let error): throw error
        }
        let container = target.container ?? ""
        let blob = target.blob ?? ""
        switch operation {
        case .createContainer: return try await createContainer(request, account: target.account, container: container)
        case .getContainerProperties: return try await containerProperties(request, account: target.account, container: container)
        case .deleteContainer: return try await deleteContainer(account: target.account, container: container)
        case .listBlobs: return try await listBlobs(request, account: target.account, container: container, context: context)
        case .getBlob, .headBlob: return try await readBlob(request, account: target.account, container: container, name: blob, headOnly: operation == .headBlob)
        case .putBlob: return try await putBlob(request, account: target.account, container: container, name: blob, grant: grant)
        case .deleteBlob: return try await deleteBlob(request, account: target.account, container: container, name: blob)
        case .putBlock: return try await putBlock(request, account: target.account, container: container, name: blob)
        case .putBlockList: return try await putBlockList(request, account: target.account, container: container, name: blob, grant: grant)
        case .copyBlob: return try await copyBlob(request, account: target.account, container: container, name: blob, grant: grant, context: context)
        case .getBlobMetadata: return try await getMetadata(request, account: target.account, container: container, name: blob)
        case .setBlobMetadata: return try await setMetadata(request, account: target.account, container: container, name: blob)
        case .getBlobTags: return try await getTags(request, account: target.account, container: container, name: blob)
        case .setBlobTags: return try await setTags(request, account: target.account, container: container, name: blob)
        case .unsupported: throw Self.unsupported(request, target: target)
        }
    }

    static func azureError(for error: BlobStoreError) -> BlobServiceError {
        switch error {
        case .accountNotFound: return .resourceNotFound()
        case .containerNotFound: return .containerNotFound()
        case .containerAlreadyExists: return .containerAlreadyExists()
        case .blobNotFound: return .blobNotFound()
        case .storageFailed(let operation, let reason): return .internalError("failed to \(operation): \(reason)")
        }
    }

    private static func unsupported(_ request: EmulatorRequest, target: BlobRequestTarget) -> BlobServiceError {
        let method = request.method.uppercased()
        guard ["GET", "HEAD", "PUT", "DELETE"].contains(method) else { return .unsupportedVerb(method) }
        if target.container == nil { return .notImplemented("account-level operations (list containers, service properties)") }
        if let comp = request.queryValue("comp") {
            if comp == "blocklist" { return .notImplemented("Get Block List (Put Block and Put Block List are implemented)") }
            return .notImplemented("comp=\(comp)")
        }
        if target.blob == nil { return .invalidQueryParameter("restype", value: request.queryValue("restype") ?? "", reason: "container operations need restype=container") }
        return .unsupportedVerb(method)
    }

    /// `yyyy-mm-dd`.
    static func isVersionShaped(_ version: String) -> Bool {
        let bytes = Array(version.utf8)
        guard bytes.count == 10, bytes[4] == 45, bytes[7] == 45 else { return false }
        return bytes.enumerated().allSatisfy { $0.offset == 4 || $0.offset == 7 || (48...57).contains($0.element) }
    }
}
