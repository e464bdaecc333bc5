import AzureCore
/// Why a replay target could not be set up: the `--to` text, the credential variables, or the connection string.
/// Messages name the flag or variable to fix and never contain a secret.
public enum ReplayTargetError: Error, Sendable, Equatable, CustomStringConvertible {
    case unknownKind(String)
    case missingURL(kind: ReplayTargetKind)
    case invalidURL(String, reason: String)
    case credentialInURL
    case noCredential(kind: ReplayTargetKind, tried: [String])
    case invalidConnectionString(variable: String, reason: String)
    case connectionStringHasNoEntity(variable: String, kind: ReplayTargetKind)
    case noEntity(kind: ReplayTargetKind, variable: String)
    case entityMismatch(url: String, entityPath: String, variable: String)
    case invalidEventGridKey(variable: String)
    case wrongCredentialKind(variable: String, kind: ReplayTargetKind, expected: String)
    case insecureTransport(InsecureTransportError)

    public var description: String {
        let text: String
        switch self {
        case .unknownKind(let name):
            text = "'\(name)' is not a replay target kind; use eventgrid:<topic endpoint URL>, eventhubs[:<URL>] or servicebus[:<URL>]"
        case .missingURL(let kind):
            text = "--to \(kind) needs the topic endpoint URL: --to eventgrid:https://<topic>.<region>-1.eventgrid.azure.net/api/events"
        case .invalidURL(let url, let reason):
            text = "'\(url)' is not a usable target URL: \(reason)"
        case .credentialInURL:
            text = "the --to URL carries a credential; pass it in the environment instead (DEADLETTER_TARGET_KEY, DEADLETTER_TARGET_CONNECTION_STRING or DEADLETTER_TARGET_TOKEN)"
        case .noCredential(let kind, let tried):
            text = "no credential for the \(kind.serviceName): set one of \(tried.joined(separator: ", ")), or use a token command or managed identity"
        case .invalidConnectionString(let variable, let reason):
            text = "the connection string in \(variable) is not usable: \(reason)"
        case .connectionStringHasNoEntity(let variable, let kind):
            text = "--to \(kind) without a URL takes the entity from the connection string's EntityPath, but the one in \(variable) has none; add ;EntityPath=<name> or give --to \(kind):https://<namespace>.servicebus.windows.net/<name>"
        case .noEntity(let kind, let variable):
            text = "--to \(kind) without a URL needs a connection string with EntityPath in \(variable); or give --to \(kind):https://<namespace>.servicebus.windows.net/<name>"
        case .entityMismatch(let url, let entityPath, let variable):
            text = "--to names \(url) but the connection string in \(variable) is for EntityPath=\(entityPath); use a namespace-level connection string or the matching entity"
        case .invalidEventGridKey(let variable):
            text = "\(variable) is not an Event Grid access key (expected the base64 key shown under the topic's Access keys)"
        case .wrongCredentialKind(let variable, let kind, let expected):
            text = "\(variable) is set, but a \(kind.serviceName) needs \(expected)"
        case .insecureTransport(let error):
            text = error.description
        }
        return Redactor.redact(text)
    }
}
