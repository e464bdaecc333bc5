/// Where the target's credential comes from. Secrets are only ever read from the environment (or fetched by a
/// token command / managed identity), never taken from a command-line literal; the variable names can be changed.
public struct ReplayCredentialOptions: Sendable, Equatable {
    /// Event Grid topic access key (base64).
    public var keyVariable: String
    /// Event Hubs / Service Bus connection string.
    public var connectionStringVariable: String
    /// A ready bearer token.
    public var tokenVariable: String
    /// A command that prints a bearer token (`az account get-access-token --resource https://eventhubs.azure.net/ …`).
    public var tokenCommand: String?
    /// Use the machine's managed identity for a bearer token.
    public var managedIdentity: ManagedIdentityChoice?
    /// Event Grid: send an `aeg-sas-token` signed with the key instead of the key itself (`aeg-sas-key`).
    public var eventGridSASToken: Bool
    /// How long generated SAS tokens are valid; they are renewed when less than a fifth of this remains.
    public var sasLifetime: Duration

    public struct ManagedIdentityChoice: Sendable, Equatable {
        /// A user-assigned identity's client id; nil for the system-assigned identity.
        public var clientID: String?
        /// Overrides the token endpoint (tests); nil picks App Service's `IDENTITY_ENDPOINT` or IMDS.
        public var endpoint: ManagedIdentityTokenProvider.Endpoint?

        public init(clientID: String? = nil, endpoint: ManagedIdentityTokenProvider.Endpoint? = nil) {
            self.clientID = clientID
            self.endpoint = endpoint
        }
    }

    public static let defaultKeyVariable = "DEADLETTER_TARGET_KEY"
    public static let defaultConnectionStringVariable = "DEADLETTER_TARGET_CONNECTION_STRING"
    public static let defaultTokenVariable = "DEADLETTER_TARGET_TOKEN"

    public init(keyVariable: String = Self.defaultKeyVariable, connectionStringVariable: String = Self.defaultConnectionStringVariable,
                tokenVariable: String = Self.defaultTokenVariable, tokenCommand: String? = nil, managedIdentity: ManagedIdentityChoice? = nil,
                eventGridSASToken: Bool = false, sasLifetime: Duration = .seconds(3600)) {
        self.keyVariable = keyVariable
        self.connectionStringVariable = connectionStringVariable
        self.tokenVariable = tokenVariable
        self.tokenCommand = tokenCommand
        self.managedIdentity = managedIdentity
        self.eventGridSASToken = eventGridSASToken
        self.sasLifetime = sasLifetime
    }
}
