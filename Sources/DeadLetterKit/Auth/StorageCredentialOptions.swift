/// What the user gave on the command line about where the container is and how to get in. The environment is
/// passed separately to the resolver.
public struct StorageCredentialOptions: Sendable {
    /// `https://<account>.blob.core.windows.net/<container>[?<SAS>]` or a path-style emulator URL.
    public var containerURL: String?
    /// A container name, used with a connection string or `AZURE_STORAGE_ACCOUNT` when no URL is given.
    public var containerName: String?
    /// `--connection-string`; falls back to `AZURE_STORAGE_CONNECTION_STRING`.
    public var connectionString: String?
    /// Use only this kind instead of walking the chain.
    public var explicitKind: StorageCredentialKind?
    /// The variable a bearer token is read from.
    public var tokenVariable: String
    /// E.g. `az account get-access-token --resource https://storage.azure.com/ --query accessToken -o tsv`.
    public var tokenCommand: String?
    public var tokenCommandTimeout: Duration
    /// Lets the chain reach IMDS even without `IDENTITY_ENDPOINT` (an explicit opt-in: laptops and tests never
    /// try 169.254.169.254 otherwise).
    public var allowManagedIdentityInChain: Bool
    /// A user-assigned identity's client id; falls back to `AZURE_CLIENT_ID`.
    public var managedIdentityClientID: String?
    /// Replaces the IMDS URL (tests, proxies).
    public var managedIdentityEndpoint: String?
    /// Whether plain `http://` may reach hosts other than this machine (`--allow-insecure-http`).
    public var transportPolicy = InsecureTransportPolicy()

    public init(containerURL: String? = nil, containerName: String? = nil, connectionString: String? = nil,
                explicitKind: StorageCredentialKind? = nil, tokenVariable: String = "AZURE_STORAGE_TOKEN",
                tokenCommand: String? = nil, tokenCommandTimeout: Duration = .seconds(60),
                allowManagedIdentityInChain: Bool = false, managedIdentityClientID: String? = nil,
                managedIdentityEndpoint: String? = nil) {
        self.containerURL = containerURL
        self.containerName = containerName
        self.connectionString = connectionString
        self.explicitKind = explicitKind
        self.tokenVariable = tokenVariable
        self.tokenCommand = tokenCommand
        self.tokenCommandTimeout = tokenCommandTimeout
        self.allowManagedIdentityInChain = allowManagedIdentityInChain
        self.managedIdentityClientID = managedIdentityClientID
        self.managedIdentityEndpoint = managedIdentityEndpoint
    }
}

/// The credential kinds, in the order the chain tries them.
public enum StorageCredentialKind: String, Sendable, CaseIterable {
    case sasInURL = "sas-url"
    case connectionString = "connection-string"
    case accountKey = "account-key"
    case sasToken = "sas-token"
    case bearerToken = "token"
    case tokenCommand = "token-command"
    case managedIdentity = "managed-identity"
    case anonymous
}
