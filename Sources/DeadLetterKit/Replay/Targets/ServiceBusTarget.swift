/// A Service Bus queue or topic, through the REST batch send (`POST https://<ns>.servicebus.windows.net/<entity>/messages`,
/// wire-formats §6.3). Messages are in the CloudEvents binary mode with `MessageId` = the event id, so an entity
/// with duplicate detection drops a resent event: retries after an ambiguous failure are safe there.
public struct ServiceBusTarget: ReplayTarget {
    public let kind = ReplayTargetKind.serviceBus
    /// `https://<ns>.servicebus.windows.net/<queue-or-topic>`.
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
        // A REST batch is at most 1 MB whatever the tier; each message at most the entity's message size.
        limits = ReplayBatchLimits(maxRequestBytes: ReplayBatchLimits.megabyte, maxEventBytes: settings.serviceBusMaxMessageBytes,
                                   maxEvents: settings.maxBatchEvents)
        authorizer = ReplayRequestAuthorizer(credential: credential, resource: entityURL, lifetime: sasLifetime)
        item = ReplayMessagingBatchItem(target: .serviceBus, settings: settings)
    }

    public var requestURL: String { entityURL + "/messages?timeout=60" }
    public var displayName: String { "servicebus:\(entityURL)" }
    public var contentType: String { "application/vnd.microsoft.servicebus.json" }
    public var deduplicatesByMessageID: Bool { true }

    public func encode(_ letter: DeadLetter) throws(ReplayEncodingError) -> [UInt8] {
        try item.encode(letter)
    }

    public func authorizationHeader() async throws -> (name: String, value: String) {
        try await authorizer.header()
    }
}
