import AsyncHTTPClient

/// Microsoft Entra ID: `Authorization: Bearer <token>` with a token for `https://storage.azure.com/`, fetched (and
/// cached until near expiry) by its provider.
public struct BearerTokenAuthorizer: StorageAuthorizer {
    public let provider: any AccessTokenProvider

    public init(provider: any AccessTokenProvider) {
        self.provider = provider
    }

    public var source: CredentialSource { provider.source }

    public func authorize(request: inout HTTPClientRequest, method: String, path: String,
                          query: [(name: String, value: String)]) async throws {
        let token = try await provider.token()
        request.headers.replaceOrAdd(name: "Authorization", value: "Bearer \(token.value)")
    }

    public func copySourceAccess(container: String, blob: String) async throws -> CopySourceAccess {
        .authorizationHeader("Bearer \(try await provider.token().value)")
    }
}
