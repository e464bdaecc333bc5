/// The credential a target signs its requests with, as resolved from the environment. Its description names where
/// it came from (the variable, the command's program), never the secret.
public enum ReplayTargetCredential: Sendable, CustomStringConvertible {
    /// An Event Grid topic key from `variable`: sent as `aeg-sas-key`, or signed into an `aeg-sas-token`.
    case eventGridKey(key: String, variable: String, asSASToken: Bool)
    /// A connection string's `SharedAccessKeyName` + `SharedAccessKey`: SAS tokens are generated from them.
    case sharedAccessKey(keyName: String, key: String, variable: String)
    /// A connection string's ready `SharedAccessSignature` (it cannot be renewed).
    case sharedAccessSignature(token: String, variable: String)
    /// `Authorization: Bearer` from an environment variable, a token command or managed identity.
    case bearer(any AccessTokenProvider)

    public var description: String {
        switch self {
        case .eventGridKey(_, let variable, let asSASToken):
            return asSASToken ? "an aeg-sas-token signed with the topic key in \(variable)" : "the topic key in \(variable) (aeg-sas-key)"
        case .sharedAccessKey(let keyName, _, let variable):
            return "SAS tokens signed with policy '\(keyName)' from the connection string in \(variable)"
        case .sharedAccessSignature(_, let variable):
            return "the SharedAccessSignature in the connection string in \(variable)"
        case .bearer(let provider):
            return provider.source.description
        }
    }

    /// What to check when the service refuses the credential (401/403).
    var remedy: String {
        switch self {
        case .eventGridKey(_, let variable, _):
            return "check that \(variable) holds key1 or key2 of this topic (portal: Access keys)"
        case .sharedAccessKey(let keyName, _, let variable):
            return "check that policy '\(keyName)' in \(variable) exists on this namespace or entity and has the Send claim"
        case .sharedAccessSignature(_, let variable):
            return "the SharedAccessSignature in \(variable) may have expired or not cover this entity; generate a new one"
        case .bearer:
            return "check that the identity has the data sender role on the target (EventGrid Data Sender, Azure Event Hubs Data Sender, Azure Service Bus Data Sender) and that the token is for the right resource"
        }
    }
}
