import AzureCore
import AzureEmulator
import Foundation

/// The recognisable secrets of the secret-hygiene tests and the emulator that knows them. Every secret contains
/// "canary" in plain text or before base64 encoding, so a leak of any decoded form is found too.
enum SecretHygieneCanary {
    static let accountKey = base64("canary-storage-account-key-4f1d9b2e7a8c6d3f")
    static let wrongAccountKey = base64("canary-wrong-storage-account-key-0e8a")
    static let eventGridKey = base64("canary-eventgrid-topic-key-91c2?>")
    static let wrongEventGridKey = base64("canary-wrong-eventgrid-key-77a1~~")
    static let policy = "sender"
    static let messagingKey = "canary-messaging-key-6b0e3a"
    static let wrongMessagingKey = "canary-wrong-messaging-key-2d9f"
    static let bearerToken = "canary-bearer-token-5d7f1c"
    static let wrongBearerToken = "canary-wrong-bearer-token-8e4b"
    /// A signature nobody computed, put in place of a real SAS's `sig=` (base64, so it is well-formed).
    static let forgedSignature = base64("canary-forged-signature-0b7d!")
    /// The `X-IDENTITY-HEADER` secret of the managed identity (`IDENTITY_ENDPOINT`) flow.
    static let identityHeader = "canary-identity-header-3a9e"

    /// JWTs shaped like Entra ID access tokens (so JWT parsing and JWT-shaped redaction apply). The emulator accepts
    /// only `jwt`; `expiredJWT` is refused as Entra ID-protected services refuse an expired token.
    static let jwt = makeJWT(claim: "accepted", expiry: 4_102_444_800)
    static let wrongJWT = makeJWT(claim: "wrong", expiry: 4_102_444_800)
    static let expiredJWT = makeJWT(claim: "expired", expiry: 1_600_000_000)

    static func base64(_ text: String) -> String { Data(text.utf8).base64EncodedString() }

    static func base64URL(_ data: Data) -> String {
        data.base64EncodedString().replacingOccurrences(of: "+", with: "-").replacingOccurrences(of: "/", with: "_")
            .replacingOccurrences(of: "=", with: "")
    }

    static func makeJWT(claim: String, expiry: Int) -> String {
        let header = base64URL(Data(#"{"alg":"RS256","typ":"JWT"}"#.utf8))
        let payload = base64URL(Data(#"{"aud":"https://storage.azure.com/","exp":\#(expiry),"canary":"\#(claim)"}"#.utf8))
        return header + "." + payload + "." + base64URL(Data("canary-jwt-signature-\(claim)-7c41".utf8))
    }

    /// The third part of a JWT: the part that makes it a credential.
    static func jwtSignature(_ token: String) -> String { String(token.split(separator: ".").last ?? "") }

    /// The secrets every run is searched for, each by name.
    static let all: [(String, String)] = [
        ("account key", accountKey), ("wrong account key", wrongAccountKey), ("Event Grid key", eventGridKey),
        ("wrong Event Grid key", wrongEventGridKey), ("messaging key", messagingKey), ("wrong messaging key", wrongMessagingKey),
        ("bearer token", bearerToken), ("wrong bearer token", wrongBearerToken), ("forged signature", forgedSignature),
        ("identity header", identityHeader), ("JWT", jwt), ("wrong JWT", wrongJWT), ("expired JWT", expiredJWT),
        ("JWT signature", jwtSignature(jwt)), ("wrong JWT signature", jwtSignature(wrongJWT)),
        ("expired JWT signature", jwtSignature(expiredJWT)),
    ]

    /// An emulator whose account key, topic key, messaging policy and accepted bearer tokens are the canaries.
    static func emulator() -> EndToEndEmulator {
        EndToEndEmulator { configuration in
            configuration.accounts = [EndToEndContainers.account: accountKey]
            configuration.acceptedBearerTokens = [jwt]
            let tokens: Set<String> = [bearerToken, jwt]
            configuration.sinks = SinkConfiguration(
                eventGridTopics: [ReplaySinkAddresses.eventGridTopic: EventGridTopicConfig(
                    keys: [eventGridKey], inputSchema: .cloudEvents, acceptedBearerTokens: tokens,
                    resourceID: EventGridTopicConfig.emulatorResourceID(topic: ReplaySinkAddresses.eventGridTopic))],
                messagingEntities: [ReplaySinkAddresses.eventHub: MessagingEntityConfig(
                    kind: .eventHub, policies: [policy: messagingKey], acceptedBearerTokens: tokens)])
        }
    }
}
