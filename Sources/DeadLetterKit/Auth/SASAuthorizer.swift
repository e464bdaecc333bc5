import AsyncHTTPClient
import AzureCore

/// A shared access signature, appended verbatim to every request's query (a user's token is never re-ordered or
/// re-encoded: the signature covers the exact values).
public struct SASAuthorizer: StorageAuthorizer {
    public let token: StorageSASToken
    public let source: CredentialSource

    public init(token: StorageSASToken, source: CredentialSource) {
        self.token = token
        self.source = source
    }

    public func authorize(request: inout HTTPClientRequest, method: String, path: String,
                          query: [(name: String, value: String)]) async throws {
        guard !token.rawQuery.isEmpty else { return }
        request.url += (request.url.contains("?") ? "&" : "?") + token.rawQuery
    }

    /// A container or account SAS with `r` reads the source too.
    public func copySourceAccess(container: String, blob: String) async throws -> CopySourceAccess {
        .query(token.rawQuery)
    }
}
