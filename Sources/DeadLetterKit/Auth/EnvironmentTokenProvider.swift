import Foundation

/// A bearer token handed over in an environment variable (`AZURE_STORAGE_TOKEN` or one the user names). It cannot
/// be refreshed, so an expired JWT is reported before any request goes out.
public struct EnvironmentTokenProvider: AccessTokenProvider {
    public let variable: String
    private let accessToken: AccessToken
    private let now: @Sendable () -> Date

    public init(variable: String, value: String, now: @escaping @Sendable () -> Date = Date.init) {
        self.variable = variable
        accessToken = AccessToken(jwt: value.trimmingCharacters(in: .whitespacesAndNewlines))
        self.now = now
    }

    public var source: CredentialSource { .bearerTokenEnvironment(variable: variable) }

    public func token() async throws -> AccessToken {
        if let expiry = accessToken.expiresOn, expiry <= now() {
            throw CredentialError.tokenExpired(source: variable, expiredAt: SASTime.format(expiry))
        }
        return accessToken
    }
}
