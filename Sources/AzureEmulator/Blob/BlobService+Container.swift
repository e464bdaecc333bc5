import AzureCore
import Foundation

extension BlobService {
    func createContainer(_ request: EmulatorRequest, account: String, container: String) async throws -> EmulatorResponse {
        guard ContainerName.isValid(container) else { throw BlobServiceError.invalidResourceName() }
        // x-ms-blob-public-access is accepted and ignored: emulated containers are always private.
        let state = try await store.createContainer(account: account, container: container)
        return EmulatorResponse(status: 201, headers: [("ETag", BlobHTTPHeaders.quoted(state.etag)),
                                                       ("Last-Modified", HTTPDate.format(state.lastModified))])
    }

    func containerProperties(_ request: EmulatorRequest, account: String, container: String) async throws -> EmulatorResponse {
        let state = try await store.container(account: account, container: container)
        return EmulatorResponse(status: 200, headers: [
            ("ETag", BlobHTTPHeaders.quoted(state.etag)), ("Last-Modified", HTTPDate.format(state.lastModified)),
            ("x-ms-lease-status", "unlocked"), ("x-ms-lease-state", "available"),
            ("x-ms-has-immutability-policy", "false"), ("x-ms-has-legal-hold", "false"),
            ("x-ms-default-encryption-scope", "$account-encryption-key"), ("x-ms-deny-encryption-scope-override", "false"),
        ])
    }

    func deleteContainer(account: String, container: String) async throws -> EmulatorResponse {
        try await store.deleteContainer(account: account, container: container)
        return EmulatorResponse(status: 202)
    }

    /// List Blobs: `prefix`, `delimiter`, `marker`, `maxresults` (1…5000), `include`.
    func listBlobs(_ request: EmulatorRequest, account: String, container: String, context: BlobRequestContext) async throws -> EmulatorResponse {
        let maxResultsText = request.queryValue("maxresults")
        var maxResults = 5000
        if let text = maxResultsText {
            guard let value = Int(text) else { throw BlobServiceError.invalidQueryParameter("maxresults", value: text, reason: "not an integer") }
            guard (1...5000).contains(value) else { throw BlobServiceError.outOfRangeQueryParameter("maxresults", value: text, minimum: 1, maximum: 5000) }
            maxResults = value
        }
        // A page-size fault returns fewer items than asked; the marker still leads to the rest.
        if let cap = context.pageSizeCap { maxResults = min(maxResults, cap) }
        guard let include = ListBlobsInclude.parse(request.queryValue("include")) else {
            throw BlobServiceError.invalidQueryParameter("include", value: request.queryValue("include") ?? "", reason: "unknown include value")
        }
        var startName: String?
        if let marker = request.queryValue("marker"), !marker.isEmpty {
            guard let decoded = ListMarker.decode(marker) else {
                throw BlobServiceError.invalidQueryParameter("marker", value: marker, reason: "not a marker this service returned")
            }
            startName = decoded
        }
        let prefix = request.queryValue("prefix") ?? ""
        let delimiter = request.queryValue("delimiter") ?? ""
        let page = try await store.list(account: account, container: container,
                                        request: BlobListingRequest(prefix: prefix, delimiter: delimiter, startName: startName, maxResults: maxResults))
        let writer = ListBlobsXML(serviceEndpoint: context.baseURL + "/" + account + "/", container: container,
                                  prefix: request.queryValue("prefix"), marker: request.queryValue("marker"), maxResults: maxResultsText,
                                  delimiter: request.queryValue("delimiter"), include: include)
        let body = writer.document(page: page, nextMarker: page.nextName.map(ListMarker.encode(nextName:)))
        return EmulatorResponse(status: 200, headers: [("Content-Type", "application/xml")], body: body)
    }
}
