import AsyncHTTPClient
import AzureCore

/// Picks the credential for a container, in this order unless one kind is named explicitly:
/// 1. a SAS in the container URL (ADT's `--deadletter-sas-uri` form);
/// 2. `--connection-string` / `AZURE_STORAGE_CONNECTION_STRING` (AccountKey, SharedAccessSignature,
///    UseDevelopmentStorage, BlobEndpoint);
/// 3. `AZURE_STORAGE_ACCOUNT` + `AZURE_STORAGE_KEY`;
/// 4. `AZURE_STORAGE_SAS_TOKEN`;
/// 5. a bearer token from `AZURE_STORAGE_TOKEN` (or the named variable), then a token command;
/// 6. managed identity, only when `IDENTITY_ENDPOINT` is set or it was opted into.
/// Resolving contacts nothing; token providers fetch on first use. The environment is injected.
public struct StorageCredentialResolver: Sendable {
    public let environment: [String: String]
    let httpClient: HTTPClient

    /// - Parameter httpClient: used for managed identity tokens only.
    public init(environment: [String: String], httpClient: HTTPClient) {
        self.environment = environment
        self.httpClient = httpClient
    }

    public func resolve(_ options: StorageCredentialOptions) throws -> ResolvedStorageCredential {
        let urlLocation = try options.containerURL.map { try BlobContainerLocation(url: $0) }
        let connectionString = try connectionString(options)
        let kinds = options.explicitKind.map { [$0] } ?? StorageCredentialKind.allCases.filter { $0 != .anonymous }
        var tried: [String] = []
        for kind in kinds {
            if let resolved = try attempt(kind, options: options, urlLocation: urlLocation, connectionString: connectionString) {
                return resolved
            }
            tried.append(Self.describe(kind, options: options))
        }
        if let explicit = options.explicitKind {
            throw CredentialError.missingSetting(kind: explicit.rawValue, needs: Self.requirement(explicit, options: options))
        }
        throw CredentialError.noCredential(tried: tried)
    }

    private func attempt(_ kind: StorageCredentialKind, options: StorageCredentialOptions, urlLocation: BlobContainerLocation?,
                         connectionString: StorageConnectionString?) throws -> ResolvedStorageCredential? {
        switch kind {
        case .sasInURL:
            guard let urlLocation, let sas = urlLocation.sas else { return nil }
            return ResolvedStorageCredential(location: urlLocation,
                                             authorizer: SASAuthorizer(token: sas, source: .sasInContainerURL(Self.summary(sas))))
        case .connectionString:
            guard let connectionString else { return nil }
            return try fromConnectionString(connectionString, options: options, urlLocation: urlLocation)
        case .accountKey:
            guard let account = value("AZURE_STORAGE_ACCOUNT"), let key = value("AZURE_STORAGE_KEY") else { return nil }
            let location = try location(options, urlLocation: urlLocation, defaultEndpoint: "https://\(account).blob.core.windows.net")
            return ResolvedStorageCredential(location: location, authorizer: try sharedKey(account: account, key: key, source: .accountKeyEnvironment(account: account)))
        case .sasToken:
            guard let raw = value("AZURE_STORAGE_SAS_TOKEN") else { return nil }
            let token = StorageSASToken(raw)
            let location = try location(options, urlLocation: urlLocation, defaultEndpoint: accountEndpoint)
            return ResolvedStorageCredential(location: location, authorizer: SASAuthorizer(token: token, source: .sasTokenEnvironment(Self.summary(token))))
        case .bearerToken:
            guard let token = value(options.tokenVariable) else { return nil }
            let location = try location(options, urlLocation: urlLocation, defaultEndpoint: accountEndpoint)
            return ResolvedStorageCredential(location: location, authorizer: BearerTokenAuthorizer(
                provider: EnvironmentTokenProvider(variable: options.tokenVariable, value: token)))
        case .tokenCommand:
            guard let command = options.tokenCommand, !command.trimmingCharacters(in: .whitespaces).isEmpty else { return nil }
            let location = try location(options, urlLocation: urlLocation, defaultEndpoint: accountEndpoint)
            return ResolvedStorageCredential(location: location, authorizer: BearerTokenAuthorizer(
                provider: CommandTokenProvider(command: command, timeout: options.tokenCommandTimeout)))
        case .managedIdentity:
            let explicit = options.explicitKind == .managedIdentity
            guard let endpoint = managedIdentityEndpoint(options, explicit: explicit) else { return nil }
            let location = try location(options, urlLocation: urlLocation, defaultEndpoint: accountEndpoint)
            let clientID = options.managedIdentityClientID ?? value("AZURE_CLIENT_ID")
            return ResolvedStorageCredential(location: location, authorizer: BearerTokenAuthorizer(
                provider: ManagedIdentityTokenProvider(endpoint: endpoint, clientID: clientID, httpClient: httpClient)))
        case .anonymous:
            let location = try location(options, urlLocation: urlLocation, defaultEndpoint: accountEndpoint)
            return ResolvedStorageCredential(location: location, authorizer: AnonymousAuthorizer())
        }
    }

    // MARK: - Connection strings

    private func connectionString(_ options: StorageCredentialOptions) throws -> StorageConnectionString? {
        guard let text = options.connectionString ?? value("AZURE_STORAGE_CONNECTION_STRING") else { return nil }
        do {
            return try StorageConnectionString(text)
        } catch {
            throw CredentialError.invalidConnectionString(Redactor.redact("\(error)"))
        }
    }

    private func fromConnectionString(_ parsed: StorageConnectionString, options: StorageCredentialOptions,
                                      urlLocation: BlobContainerLocation?) throws -> ResolvedStorageCredential {
        let location: BlobContainerLocation
        if let urlLocation {
            location = urlLocation
        } else if let name = options.containerName {
            location = try BlobContainerLocation(endpoint: parsed.blobEndpoint, containerName: name, accountName: parsed.accountName)
        } else {
            throw CredentialError.noContainer
        }
        let isDevelopment = parsed.accountName == StorageConnectionString.developmentAccountName
            && parsed.blobEndpoint.hasPrefix("http://127.0.0.1:10000")
        switch parsed.credential {
        case .sharedKey(let account, let key):
            let source: CredentialSource = isDevelopment ? .developmentStorage : .connectionStringSharedKey(account: account)
            return ResolvedStorageCredential(location: location, authorizer: try sharedKey(account: account, key: key, source: source))
        case .sas(let token):
            return ResolvedStorageCredential(location: location, authorizer: SASAuthorizer(token: token, source: .connectionStringSAS(Self.summary(token))))
        case .anonymous:
            return ResolvedStorageCredential(location: location, authorizer: AnonymousAuthorizer())
        }
    }

    // MARK: - Helpers

    private func value(_ name: String) -> String? {
        guard let value = environment[name]?.trimmingCharacters(in: .whitespacesAndNewlines), !value.isEmpty else { return nil }
        return value
    }

    /// `https://<AZURE_STORAGE_ACCOUNT>.blob.core.windows.net`, for a container given by name only.
    private var accountEndpoint: String? {
        value("AZURE_STORAGE_ACCOUNT").map { "https://\($0).blob.core.windows.net" }
    }

    private func location(_ options: StorageCredentialOptions, urlLocation: BlobContainerLocation?,
                          defaultEndpoint: String?) throws -> BlobContainerLocation {
        if let urlLocation { return urlLocation }
        guard let name = options.containerName, let endpoint = defaultEndpoint else { throw CredentialError.noContainer }
        return try BlobContainerLocation(endpoint: endpoint, containerName: name)
    }

    private func sharedKey(account: String, key: String, source: CredentialSource) throws -> SharedKeyAuthorizer {
        do {
            return try SharedKeyAuthorizer(accountName: account, accountKey: key, source: source)
        } catch {
            throw CredentialError.invalidAccountKey(account: account)
        }
    }

    private func managedIdentityEndpoint(_ options: StorageCredentialOptions, explicit: Bool) -> ManagedIdentityTokenProvider.Endpoint? {
        let fromEnvironment = ManagedIdentityTokenProvider.Endpoint.fromEnvironment(value, instanceMetadataURL: options.managedIdentityEndpoint)
        if case .identityEndpoint = fromEnvironment { return fromEnvironment }
        return explicit || options.allowManagedIdentityInChain ? fromEnvironment : nil
    }

    static func summary(_ token: StorageSASToken) -> SASSummary {
        SASSummary(permissions: token.permissions, expiry: token.expiry, start: token.start, resourceTypes: token.resourceTypes,
                   signedResource: token.signedResource, isAccountSAS: token.isAccountSAS)
    }

    private static func describe(_ kind: StorageCredentialKind, options: StorageCredentialOptions) -> String {
        switch kind {
        case .sasInURL: return "a SAS in the container URL"
        case .connectionString: return "--connection-string/AZURE_STORAGE_CONNECTION_STRING"
        case .accountKey: return "AZURE_STORAGE_ACCOUNT+AZURE_STORAGE_KEY"
        case .sasToken: return "AZURE_STORAGE_SAS_TOKEN"
        case .bearerToken: return options.tokenVariable
        case .tokenCommand: return "a token command"
        case .managedIdentity: return "managed identity (IDENTITY_ENDPOINT, or opt in)"
        case .anonymous: return "anonymous"
        }
    }

    private static func requirement(_ kind: StorageCredentialKind, options: StorageCredentialOptions) -> String {
        switch kind {
        case .sasInURL: return "a container URL with a SAS query"
        case .connectionString: return "--connection-string or AZURE_STORAGE_CONNECTION_STRING"
        case .accountKey: return "AZURE_STORAGE_ACCOUNT and AZURE_STORAGE_KEY"
        case .sasToken: return "AZURE_STORAGE_SAS_TOKEN"
        case .bearerToken: return options.tokenVariable
        case .tokenCommand: return "a token command"
        case .managedIdentity: return "a managed identity endpoint"
        case .anonymous: return "a container URL or a container name with AZURE_STORAGE_ACCOUNT"
        }
    }
}

/// A container and the authorizer to reach it with.
public struct ResolvedStorageCredential: Sendable {
    public let location: BlobContainerLocation
    public let authorizer: any StorageAuthorizer

    public var source: CredentialSource { authorizer.source }
}
