import Foundation

/// An OAuth access token and when it stops working. Its description never shows the value.
public struct AccessToken: Sendable, Equatable, CustomStringConvertible {
    public let value: String
    public let expiresOn: Date?

    public init(value: String, expiresOn: Date?) {
        self.value = value
        self.expiresOn = expiresOn
    }

    /// Takes the expiry from the token itself when it is a JWT (`exp` claim), as Entra ID tokens are.
    public init(jwt value: String) {
        self.init(value: value, expiresOn: Self.jwtExpiry(value))
    }

    public var description: String {
        "access token" + (expiresOn.map { " (expires \(SASTime.format($0)))" } ?? "")
    }

    /// The `exp` claim of a JWT (`header.payload.signature`, base64url), or nil if the text is not one.
    static func jwtExpiry(_ token: String) -> Date? {
        let parts = token.split(separator: ".", omittingEmptySubsequences: false)
        guard parts.count == 3 else { return nil }
        var base64 = parts[1].replacingOccurrences(of: "-", with: "+").replacingOccurrences(of: "_", with: "/")
        while base64.count % 4 != 0 { base64 += "=" }
        guard let payload = Data(base64Encoded: base64),
              let claims = try? JSONDecoder().decode(JWTClaims.self, from: payload), let exp = claims.exp else { return nil }
        return Date(timeIntervalSince1970: exp)
    }

    private struct JWTClaims: Decodable {
        let exp: Double?
    }
}

/// Where a bearer token comes from (an environment variable, a command, managed identity).
public protocol AccessTokenProvider: Sendable {
    var source: CredentialSource { get }
    /// A token valid for a few more minutes at least; providers cache and refresh as needed.
    func token() async throws -> AccessToken
}
