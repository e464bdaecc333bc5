import AsyncHTTPClient

/// No credential: public containers, or an emulator that allows anonymous access.
public struct AnonymousAuthorizer: StorageAuthorizer {
    public init() {}
    public var source: CredentialSource { .anonymous }
    public func authorize(request: inout HTTPClientRequest, method: String, path: String,
                          query: [(name: String, value: String)]) async throws {}
}
