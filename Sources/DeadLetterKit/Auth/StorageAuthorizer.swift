import AsyncHTTPClient

/// Adds a credential to one Storage request just before it is sent (and again on every retry, so dates and tokens
/// stay fresh). Implementations: Shared Key, SAS, bearer token, anonymous.
public protocol StorageAuthorizer: Sendable {
    /// What kind of credential this is, for logs and error hints; never the secret itself.
    var source: CredentialSource { get }

    /// - Parameters:
    ///   - request: its URL and headers are final except for what this call adds.
    ///   - method: the HTTP method, upper-case.
    ///   - path: the URL path exactly as sent (percent-encoded; starts with `/devstoreaccount1/` for path-style URLs).
    ///   - query: the request's own query parameters, decoded (a SAS authorizer appends its token after them).
    func authorize(request: inout HTTPClientRequest, method: String, path: String,
                   query: [(name: String, value: String)]) async throws

    /// How a copy's destination request proves it may read the source blob in the same account.
    func copySourceAccess(container: String, blob: String) async throws -> CopySourceAccess
}

/// The read permission a Copy Blob request carries for its source.
public enum CopySourceAccess: Sendable, Equatable {
    /// The source is readable as is (public, or the emulator's anonymous access).
    case none
    /// Append this query (a SAS) to the `x-ms-copy-source` URL.
    case query(String)
    /// Send `x-ms-copy-source-authorization` with this value (`Bearer <token>`, synchronous copy only).
    case authorizationHeader(String)
}

extension StorageAuthorizer {
    public func copySourceAccess(container: String, blob: String) async throws -> CopySourceAccess { .none }
}
