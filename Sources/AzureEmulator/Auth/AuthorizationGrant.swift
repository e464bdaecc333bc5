/// How a request proved who it is, and what that allows.
struct AuthorizationGrant: Sendable, Equatable {
    enum Kind: Sendable, Equatable {
        case sharedKey
        case bearerToken
        case serviceSAS
        case accountSAS
    }

    var kind: Kind
    var account: String
    /// The SAS `sp` letters; nil for Shared Key and bearer tokens, which may do everything.
    var sasPermissions: String?

    /// Put Blob and Copy Blob onto an existing blob need `w`; `c` alone only creates (Azure and Azurite agree).
    var mayOverwrite: Bool { sasPermissions.map { $0.contains("w") } ?? true }
}
