import AsyncHTTPClient
import AzureCore
import Foundation

/// Shared Key: signs each request with the account key (`Authorization: SharedKey <account>:<signature>`).
/// The path is signed exactly as sent, so path-style emulator URLs sign `/<account>/<account>/<container>/…`.
public struct SharedKeyAuthorizer: StorageAuthorizer {
    public let credential: SharedKeyCredential
    public let source: CredentialSource
    private let accountKey: [UInt8]

    public init(accountName: String, accountKey: String, source: CredentialSource) throws {
        credential = try SharedKeyCredential(accountName: accountName, accountKey: accountKey)
        guard let key = HMACSigning.decodeBase64Key(accountKey) else { throw SharedKeyCredential.Failure.keyNotBase64(account: accountName) }
        self.accountKey = key
        self.source = source
    }

    public var accountName: String { credential.accountName }

    public func authorize(request: inout HTTPClientRequest, method: String, path: String,
                          query: [(name: String, value: String)]) async throws {
        let headers = request.headers.map { (name: $0.name, value: $0.value) }
        let value = credential.authorization(method: method, path: path, query: query, headers: headers)
        request.headers.replaceOrAdd(name: "Authorization", value: value)
    }

    /// Copy From URL does not accept Shared Key for the source, so the source gets a one-hour read-only blob SAS
    /// signed with the same key.
    public func copySourceAccess(container: String, blob: String) async throws -> CopySourceAccess {
        let expiry = Date().addingTimeInterval(3600)
        let values = StorageSASSigner.ServiceValues(permissions: "r", expiry: SASTime.format(expiry), resource: "b",
                                                    container: container, blob: blob)
        return .query(StorageSASSigner.serviceToken(values, accountName: accountName, accountKey: accountKey))
    }
}
