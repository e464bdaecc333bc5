import AzureCore
import Foundation

/// Decides whether a Blob request may proceed: Shared Key, service SAS, account SAS, bearer token, or anonymous.
/// Pure (no I/O): the keys and tokens are configuration, the clock is passed in.
struct BlobAuthorizer: Sendable {
    /// Account name → decoded key bytes.
    let accountKeys: [String: [UInt8]]
    let acceptedBearerTokens: Set<String>
    /// The oldest `x-ms-version` that may carry a bearer token (Azure's documented minimum).
    static let minimumBearerVersion = "2017-11-09"
    /// Azure refuses Shared Key requests whose date is more than 15 minutes off.
    static let allowedClockSkew: TimeInterval = 15 * 60

    init(accounts: [String: String], acceptedBearerTokens: Set<String>) {
        var keys: [String: [UInt8]] = [:]
        for (name, key) in accounts { keys[name] = HMACSigning.decodeBase64Key(key) }
        accountKeys = keys
        self.acceptedBearerTokens = acceptedBearerTokens
    }

    func authorize(_ request: EmulatorRequest, target: BlobRequestTarget, operation: BlobOperation, now: Date) -> Result<AuthorizationGrant, BlobServiceError> {
        if let authorization = request.header("Authorization").map(Self.trimmingBlanks), !authorization.isEmpty {
            let parts = authorization.split(separator: " ", maxSplits: 1)
            guard parts.count == 2 else { return .failure(.malformedAuthorization()) }
            switch parts[0].lowercased() {
            case "sharedkey": return authorizeSharedKey(request, credential: String(parts[1]), target: target, now: now)
            case "bearer": return authorizeBearer(request, token: Self.trimmingBlanks(parts[1]), target: target)
            case "sharedkeylite":
                return .failure(.authenticationFailed("The emulator does not implement SharedKeyLite; sign with SharedKey."))
            default: return .failure(.malformedAuthorization())
            }
        }
        if request.queryValue("sig") != nil {
            return authorizeSAS(request, target: target, operation: operation, now: now)
        }
        // Anonymous. Containers are private (the emulator has no public access levels); Azure then answers reads with
        // 404 ResourceNotFound so existence is not revealed (Azure/azure-storage-cpp#397, "by design"), and other
        // verbs with 401 NoAuthenticationInformation (Fixtures/listings/errors/no-authentication-information.xml,
        // an anonymous DELETE).
        let method = request.method.uppercased()
        return .failure(method == "GET" || method == "HEAD" ? .resourceNotFound() : .noAuthenticationInformation())
    }

    /// Without the spaces and tabs around it (HTTP's optional whitespace). Foundation's `trimmingCharacters` bridges
    /// to `NSString` on Linux and was 3% of the emulator's CPU, for one header per request.
    static func trimmingBlanks(_ text: some StringProtocol) -> String {
        let isBlank: (Character) -> Bool = { $0 == " " || $0 == "\t" }
        guard let first = text.firstIndex(where: { !isBlank($0) }), let last = text.lastIndex(where: { !isBlank($0) }) else { return "" }
        return String(text[first...last])
    }

    private func authorizeBearer(_ request: EmulatorRequest, token: String, target: BlobRequestTarget) -> Result<AuthorizationGrant, BlobServiceError> {
        guard let version = request.header("x-ms-version"), version >= Self.minimumBearerVersion else {
            return .failure(.authenticationFailed("Authentication scheme Bearer is not supported in this version."))
        }
        guard acceptedBearerTokens.contains(token) else {
            return .failure(.invalidAuthenticationInfo("The token is not one the emulator was told to accept (--bearer-token / acceptedBearerTokens)."))
        }
        return .success(AuthorizationGrant(kind: .bearerToken, account: target.account, sasPermissions: nil))
    }
}
