import AzureCore
import Foundation

extension BlobService {
    /// Copy Blob / Copy Blob From URL with an `x-ms-copy-source` inside this emulator, done synchronously:
    /// 202 with `x-ms-copy-status: success`. The source must be readable by the caller: a SAS on the source URL,
    /// an accepted bearer token in `x-ms-copy-source-authorization`, or (same account) the destination's Shared Key
    /// or bearer token, as Azure allows within one account.
    func copyBlob(_ request: EmulatorRequest, account: String, container: String, name: String, grant: AuthorizationGrant,
                  context: BlobRequestContext) async throws -> EmulatorResponse {
        let sourceURL = request.header("x-ms-copy-source") ?? ""
        guard let (sourceRequest, sourceTarget) = Self.sourceRequest(sourceURL, like: request),
              let sourceContainer = sourceTarget.container, let sourceName = sourceTarget.blob else {
            throw BlobServiceError.invalidHeader("x-ms-copy-source", value: Redactor.redact(sourceURL))
        }
        try authorizeCopySource(sourceRequest, target: sourceTarget, destinationGrant: grant, request: request, now: context.now)

        let source: BlobRecord
        do {
            source = try await store.blob(account: sourceTarget.account, container: sourceContainer, name: sourceName)
        } catch BlobStoreError.blobNotFound, BlobStoreError.containerNotFound, BlobStoreError.accountNotFound {
            throw BlobServiceError.cannotVerifyCopySource(status: 404, message: "The specified blob does not exist.")
        }

        var template = BlobStore.WriteTemplate()
        template.contentType = source.properties.contentType
        template.contentEncoding = source.properties.contentEncoding
        template.contentLanguage = source.properties.contentLanguage
        template.contentDisposition = source.properties.contentDisposition
        template.cacheControl = source.properties.cacheControl
        template.contentMD5 = source.properties.contentMD5
        let requestedMetadata = try BlobHTTPHeaders.metadata(from: request)
        template.metadata = request.headers.contains { $0.name.lowercased().hasPrefix("x-ms-meta-") } ? requestedMetadata : source.metadata
        if let tagHeader = request.header("x-ms-tags") {
            template.tags = BlobTagRules.parseHeader(tagHeader)
            try BlobTagRules.validate(template.tags)
        } else if request.header("x-ms-copy-source-tag-option")?.uppercased() == "COPY" {
            template.tags = source.tags
        }
        let copyID = UUID().uuidString.lowercased()
        template.copy = BlobCopyInfo(id: copyID, source: Redactor.redact(sourceURL), completionTime: context.now,
                                     length: source.properties.contentLength)

        let conditions = ConditionalHeaders(request)
        let record = try await store.copyBlob(from: source, account: account, container: container, name: name, template: template) { existing in
            try conditions.check(existing, isRead: false)
            if existing != nil, !grant.mayOverwrite { throw BlobServiceError.permissionMismatch() }
        }
        return EmulatorResponse(status: 202, headers: BlobHTTPHeaders.written(record) + [("x-ms-copy-id", copyID), ("x-ms-copy-status", "success")])
    }

    private func authorizeCopySource(_ sourceRequest: EmulatorRequest, target: BlobRequestTarget, destinationGrant: AuthorizationGrant,
                                     request: EmulatorRequest, now: Date) throws {
        if sourceRequest.queryValue("sig") != nil {
            if case .failure = authorizer.authorizeSAS(sourceRequest, target: target, operation: .getBlob, now: now) {
                throw BlobServiceError.cannotVerifyCopySource(
                    status: 403, message: "Server failed to authenticate the request. Make sure the value of Authorization header is formed correctly including the signature.")
            }
            return
        }
        if let sourceAuthorization = request.header("x-ms-copy-source-authorization") {
            let parts = sourceAuthorization.split(separator: " ", maxSplits: 1)
            if parts.count == 2, parts[0].lowercased() == "bearer", authorizer.acceptedBearerTokens.contains(String(parts[1])) { return }
            throw BlobServiceError.cannotVerifyCopySource(status: 403, message: "This request is not authorized to perform this operation.")
        }
        let fullAccess = destinationGrant.kind == .sharedKey || destinationGrant.kind == .bearerToken
        guard fullAccess, target.account == destinationGrant.account else {
            throw BlobServiceError.cannotVerifyCopySource(status: 404, message: "The specified resource does not exist.")
        }
    }

    /// The source URL as a GET request (for SAS checks) and its target. Any host is accepted: clients may address
    /// the emulator as 127.0.0.1, localhost or a container name.
    static func sourceRequest(_ url: String, like request: EmulatorRequest) -> (EmulatorRequest, BlobRequestTarget)? {
        guard let schemeEnd = url.range(of: "://") else { return nil }
        let afterScheme = url[schemeEnd.upperBound...]
        guard let pathStart = afterScheme.firstIndex(of: "/") else { return nil }
        let pathAndQuery = afterScheme[pathStart...]
        let path: String, rawQuery: String
        if let question = pathAndQuery.firstIndex(of: "?") {
            path = String(pathAndQuery[..<question])
            rawQuery = String(pathAndQuery[pathAndQuery.index(after: question)...])
        } else {
            path = String(pathAndQuery)
            rawQuery = ""
        }
        guard let target = BlobRequestTarget(path: path) else { return nil }
        let sourceRequest = EmulatorRequest(method: "GET", path: path, rawQuery: rawQuery, query: PercentEncoding.decodeQuery(rawQuery),
                                            headers: [], body: [], remoteAddress: request.remoteAddress)
        return (sourceRequest, target)
    }
}
