/// An Event Hub, through the REST batch send (`POST https://<ns>.servicebus.windows.net/<hub>/messages`,
/// wire-formats §6.2), with messages in ADT's CloudEvents binary mode and the twin id as partition key by default.
public struct EventHubsTarget: ReplayTarget {
    public let kind = ReplayTargetKind.eventHubs
    /// `https://<ns>.servicebus.windows.net/<hub>` (or `http://127.0.0.1:<port>/<hub>` for an emulator).
    public let entityURL: String
    public let settings: ReplayTargetSettings
    public let credential: ReplayTargetCredential
    public let limits: ReplayBatchLimits
    let authorizer: ReplayRequestAuthorizer
    private let item: ReplayMessagingBatchItem

    public init(entityURL: String, credential: ReplayTargetCredential, settings: ReplayTargetSettings, sasLifetime: Duration = .seconds(3600)) {
        self.entityURL = entityURL
        self.credential = credential
        self.settings = settings
        limits = ReplayBatchLimits(maxRequestBytes: settings.eventHubsMaxBytes, maxEventBytes: settings.eventHubsMaxBytes,
                                   maxEvents: settings.maxBatchEvents)
        authorizer = ReplayRequestAuthorizer(credential: credential, resource: entityURL, lifetime: sasLifetime)
        item = ReplayMessagingBatchItem(target: .eventHubs, settings: settings)
    }

    public var requestURL: String { entityURL + "/messages?timeout=60&api-version=2014-01" }
    public var displayName: String { "eventhubs:\(entityURL)" }
    public var contentType: String { "application/vnd.microsoft.servicebus.json" }
    public var deduplicatesByMessageID: Bool { false }

    public func encode(_ letter: DeadLetter) throws(ReplayEncodingError) -> [UInt8] {
        try item.encode(letter)
    }

    public func authorizationHeader() async throws -> (name: String, value: String) {
        try await authorizer.header()
    }
}
