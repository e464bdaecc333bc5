import AsyncHTTPClient
import AzureCore
import Foundation

/// Builds the target `--to` names, with its credential resolved from the environment (never from the command line).
///
/// Precedence: an explicit token command or managed identity; otherwise the kind's own secret — the topic key for
/// Event Grid, the connection string for Event Hubs / Service Bus; otherwise a bearer token from the token variable.
public enum ReplayTargetFactory {
    public static func makeTarget(address: ReplayTargetAddress, settings: ReplayTargetSettings = ReplayTargetSettings(),
                                  credentials: ReplayCredentialOptions = ReplayCredentialOptions(),
                                  transport: InsecureTransportPolicy = InsecureTransportPolicy(),
                                  environment: [String: String], httpClient: HTTPClient) throws(ReplayTargetError) -> any ReplayTarget {
        let target: any ReplayTarget
        switch address.kind {
        case .eventGrid:
            guard let url = address.url else { throw .missingURL(kind: .eventGrid) }
            let endpoint = eventGridEndpoint(url)
            let credential = try eventGridCredential(credentials, environment: environment, httpClient: httpClient)
            target = EventGridTarget(endpoint: endpoint, credential: credential, settings: settings, sasLifetime: credentials.sasLifetime)
        case .eventHubs, .serviceBus:
            let (entityURL, credential) = try messagingEntity(address, credentials, environment: environment, httpClient: httpClient)
            target = MessagingTarget(kind: address.kind, entityURL: entityURL, credential: credential, settings: settings,
                                     sasLifetime: credentials.sasLifetime)
        }
        // Checked on the resolved URL, so an http:// Endpoint from a connection string is caught like --to http://….
        do { try transport.check(target) } catch { throw .insecureTransport(error) }
        return target
    }

    /// The topic endpoint without a query, ending in `/api/events` (added when the user gave only the topic's base URL).
    static func eventGridEndpoint(_ url: String) -> String {
        var base = url
        if let query = base.firstIndex(of: "?") { base = String(base[..<query]) }
        while base.hasSuffix("/") { base.removeLast() }
        return base.lowercased().hasSuffix("/api/events") ? base : base + "/api/events"
    }

    static func eventGridCredential(_ options: ReplayCredentialOptions, environment: [String: String],
                                    httpClient: HTTPClient) throws(ReplayTargetError) -> ReplayTargetCredential {
        if let bearer = explicitBearer(options, kind: .eventGrid, environment: environment, httpClient: httpClient) { return bearer }
        if let key = value(options.keyVariable, environment) {
            guard HMACSigning.decodeBase64Key(key) != nil else { throw .invalidEventGridKey(variable: options.keyVariable) }
            return .eventGridKey(key: key, variable: options.keyVariable, asSASToken: options.eventGridSASToken)
        }
        if let token = value(options.tokenVariable, environment) {
            return .bearer(EnvironmentTokenProvider(variable: options.tokenVariable, value: token))
        }
        if value(options.connectionStringVariable, environment) != nil {
            throw .wrongCredentialKind(variable: options.connectionStringVariable, kind: .eventGrid,
                                       expected: "the topic key in \(options.keyVariable) or a bearer token in \(options.tokenVariable)")
        }
        throw .noCredential(kind: .eventGrid, tried: [options.keyVariable, options.tokenVariable])
    }

    static func messagingEntity(_ address: ReplayTargetAddress, _ options: ReplayCredentialOptions, environment: [String: String],
                                httpClient: HTTPClient) throws(ReplayTargetError) -> (String, ReplayTargetCredential) {
        let kind = address.kind
        let urlEntity = address.url.map(entityURL)
        var connection: ServiceBusConnectionString?
        if let text = value(options.connectionStringVariable, environment) {
            do { connection = try ServiceBusConnectionString(text) } catch {
                throw .invalidConnectionString(variable: options.connectionStringVariable, reason: "\(error)")
            }
        }
        let resolvedURL: String
        if let urlEntity {
            if let connection, let entityPath = connection.entityPath,
               entityName(urlEntity).caseInsensitiveCompare(entityPath) != .orderedSame {
                throw .entityMismatch(url: urlEntity, entityPath: entityPath, variable: options.connectionStringVariable)
            }
            resolvedURL = urlEntity
        } else if let connection {
            guard let entityPath = connection.entityPath, !entityPath.isEmpty else {
                throw .connectionStringHasNoEntity(variable: options.connectionStringVariable, kind: kind)
            }
            resolvedURL = connection.endpoint + "/" + entityPath
        } else {
            throw .noEntity(kind: kind, variable: options.connectionStringVariable)
        }

        if let bearer = explicitBearer(options, kind: kind, environment: environment, httpClient: httpClient) { return (resolvedURL, bearer) }
        if let connection {
            if let key = connection.key, let keyName = connection.keyName {
                return (resolvedURL, .sharedAccessKey(keyName: keyName, key: key, variable: options.connectionStringVariable))
            }
            if let signature = connection.sharedAccessSignature {
                return (resolvedURL, .sharedAccessSignature(token: signature, variable: options.connectionStringVariable))
            }
        }
        if let token = value(options.tokenVariable, environment) {
            return (resolvedURL, .bearer(EnvironmentTokenProvider(variable: options.tokenVariable, value: token)))
        }
        if value(options.keyVariable, environment) != nil {
            throw .wrongCredentialKind(variable: options.keyVariable, kind: kind,
                                       expected: "a connection string in \(options.connectionStringVariable) or a bearer token in \(options.tokenVariable)")
        }
        throw .noCredential(kind: kind, tried: [options.connectionStringVariable, options.tokenVariable])
    }

    /// A token command or managed identity, when the user chose one.
    static func explicitBearer(_ options: ReplayCredentialOptions, kind: ReplayTargetKind, environment: [String: String],
                               httpClient: HTTPClient) -> ReplayTargetCredential? {
        if let command = options.tokenCommand, !command.trimmingCharacters(in: .whitespaces).isEmpty {
            return .bearer(CommandTokenProvider(command: command))
        }
        if let identity = options.managedIdentity {
            let endpoint = identity.endpoint ?? managedIdentityEndpoint(environment)
            return .bearer(ManagedIdentityTokenProvider(endpoint: endpoint, clientID: identity.clientID, resource: kind.tokenResource,
                                                        httpClient: httpClient))
        }
        return nil
    }

    /// App Service / Container Apps (`IDENTITY_ENDPOINT` + `IDENTITY_HEADER`), otherwise the instance metadata service.
    static func managedIdentityEndpoint(_ environment: [String: String]) -> ManagedIdentityTokenProvider.Endpoint {
        .fromEnvironment { value($0, environment) }
    }

    /// The entity URL without a query, a trailing slash or a trailing `/messages` the user may have copied.
    static func entityURL(_ url: String) -> String {
        var base = url
        if let query = base.firstIndex(of: "?") { base = String(base[..<query]) }
        while base.hasSuffix("/") { base.removeLast() }
        if base.lowercased().hasSuffix("/messages") { base.removeLast("/messages".count) }
        return base
    }

    /// The entity path of an entity URL (everything after the host).
    static func entityName(_ url: String) -> String {
        guard let components = URLComponents(string: url) else { return url }
        return components.path.split(separator: "/").joined(separator: "/")
    }

    private static func value(_ name: String, _ environment: [String: String]) -> String? {
        guard let text = environment[name]?.trimmingCharacters(in: .whitespacesAndNewlines), !text.isEmpty else { return nil }
        return text
    }
}
