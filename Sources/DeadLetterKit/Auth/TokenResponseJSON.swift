import Foundation

/// The JSON shapes tokens arrive in: IMDS and App Service (`access_token`, `expires_on` as epoch seconds, as a number
/// or a string, `expires_in`), and `az account get-access-token` without `--query` (`accessToken`, `expires_on`).
/// Off the hot path (one call per hour), so Foundation's decoder is fine here.
struct TokenResponseJSON: Decodable {
    let accessToken: String
    let expiresOnEpoch: Double?
    let expiresIn: Double?

    private enum Keys: String, CodingKey {
        case access_token, accessToken, expires_on, expiresOn, expires_in
    }

    init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: Keys.self)
        if let token = try container.decodeIfPresent(String.self, forKey: .access_token) {
            accessToken = token
        } else {
            accessToken = try container.decode(String.self, forKey: .accessToken)
        }
        expiresOnEpoch = Self.number(container, .expires_on)
        expiresIn = Self.number(container, .expires_in)
    }

    private static func number(_ container: KeyedDecodingContainer<Keys>, _ key: Keys) -> Double? {
        if let value = try? container.decodeIfPresent(Double.self, forKey: key) { return value }
        if let text = try? container.decodeIfPresent(String.self, forKey: key) { return Double(text) }
        return nil
    }

    func accessToken(receivedAt now: Date) -> AccessToken {
        if let epoch = expiresOnEpoch { return AccessToken(value: accessToken, expiresOn: Date(timeIntervalSince1970: epoch)) }
        if let seconds = expiresIn { return AccessToken(value: accessToken, expiresOn: now.addingTimeInterval(seconds)) }
        return AccessToken(jwt: accessToken)
    }

    static func decode(_ data: Data, receivedAt now: Date) throws -> AccessToken {
        try JSONDecoder().decode(TokenResponseJSON.self, from: data).accessToken(receivedAt: now)
    }
}
