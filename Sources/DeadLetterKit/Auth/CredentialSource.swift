/// Which credential a client uses, as logs and error messages may show it: the kind and its non-secret facts (SAS
/// permissions and expiry, account name, variable name), never a signature, key or token.
public enum CredentialSource: Sendable, Equatable, CustomStringConvertible {
    case sasInContainerURL(SASSummary)
    case connectionStringSharedKey(account: String)
    case connectionStringSAS(SASSummary)
    /// `UseDevelopmentStorage=true`: the well-known emulator account.
    case developmentStorage
    /// `AZURE_STORAGE_ACCOUNT` + `AZURE_STORAGE_KEY`.
    case accountKeyEnvironment(account: String)
    /// `AZURE_STORAGE_SAS_TOKEN`.
    case sasTokenEnvironment(SASSummary)
    case bearerTokenEnvironment(variable: String)
    /// Only the program's first word is kept: arguments may hold secrets.
    case tokenCommand(program: String)
    case managedIdentity(flow: ManagedIdentityFlow, clientID: String?)
    case anonymous

    public enum ManagedIdentityFlow: String, Sendable, Equatable {
        /// The Azure Instance Metadata Service (VMs, VM scale sets, AKS with pod identity).
        case instanceMetadata = "IMDS"
        /// App Service, Functions and Container Apps: `IDENTITY_ENDPOINT` + `IDENTITY_HEADER`.
        case identityEndpoint = "IDENTITY_ENDPOINT"
    }

    public var description: String {
        switch self {
        case .sasInContainerURL(let sas): return "the SAS in the container URL (\(sas))"
        case .connectionStringSharedKey(let account): return "the connection string's account key (Shared Key, account '\(account)')"
        case .connectionStringSAS(let sas): return "the connection string's SharedAccessSignature (\(sas))"
        case .developmentStorage: return "development storage (UseDevelopmentStorage=true, account 'devstoreaccount1')"
        case .accountKeyEnvironment(let account): return "AZURE_STORAGE_ACCOUNT/AZURE_STORAGE_KEY (Shared Key, account '\(account)')"
        case .sasTokenEnvironment(let sas): return "AZURE_STORAGE_SAS_TOKEN (\(sas))"
        case .bearerTokenEnvironment(let variable): return "an access token from \(variable)"
        case .tokenCommand(let program): return "an access token from the token command '\(program)'"
        case .managedIdentity(let flow, let clientID):
            return "managed identity via \(flow.rawValue)" + (clientID.map { " (client id \($0))" } ?? "")
        case .anonymous: return "no credential (anonymous access)"
        }
    }

    /// The SAS facts behind this source, if it is a SAS.
    public var sas: SASSummary? {
        switch self {
        case .sasInContainerURL(let sas), .connectionStringSAS(let sas), .sasTokenEnvironment(let sas): return sas
        default: return nil
        }
    }

    /// The account a Shared Key source signs for.
    public var sharedKeyAccount: String? {
        switch self {
        case .connectionStringSharedKey(let account), .accountKeyEnvironment(let account): return account
        case .developmentStorage: return "devstoreaccount1"
        default: return nil
        }
    }

    public var isBearerToken: Bool {
        switch self {
        case .bearerTokenEnvironment, .tokenCommand, .managedIdentity: return true
        default: return false
        }
    }
}

/// The non-secret fields of a SAS, for messages that explain a 403.
public struct SASSummary: Sendable, Equatable, CustomStringConvertible {
    public var permissions: String
    public var expiry: String?
    public var start: String?
    /// Account SAS: `srt` (`s`, `c`, `o`).
    public var resourceTypes: String?
    /// Service SAS: `sr` (`c` container, `b` blob).
    public var signedResource: String?
    public var isAccountSAS: Bool

    public init(permissions: String, expiry: String? = nil, start: String? = nil, resourceTypes: String? = nil,
                signedResource: String? = nil, isAccountSAS: Bool = false) {
        self.permissions = permissions
        self.expiry = expiry
        self.start = start
        self.resourceTypes = resourceTypes
        self.signedResource = signedResource
        self.isAccountSAS = isAccountSAS
    }

    public var description: String {
        var parts = ["sp=\(permissions)"]
        if let resourceTypes { parts.append("srt=\(resourceTypes)") }
        if let signedResource { parts.append("sr=\(signedResource)") }
        if let expiry { parts.append("expires \(expiry)") }
        return (isAccountSAS ? "account SAS " : "service SAS ") + parts.joined(separator: ", ")
    }
}
