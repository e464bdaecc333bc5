/// An Event Hub or a Service Bus queue/topic, through the REST batch send
/// (`POST https://<ns>.servicebus.windows.net/<entity>/messages`, wire-formats §6.2 / §6.3). Both get messages in
/// ADT's CloudEvents binary mode; they differ only in limits, the request URL and duplicate handling:
/// - Event Hubs: a batch and each event within the namespace tier's limit; the twin id is the partition key by default.
/// - Service Bus: a REST batch is at most 1 MB whatever the tier, each message at most the entity's message size;
///   `MessageId` = the event id, so an entity with duplicate detection drops a resent event and retries after an
///   ambiguous failure are safe there.
public struct MessagingTarget: ReplayTarget {
    public let kind: ReplayTargetKind
    /// `https://<ns>.servicebus.windows.net/<entity>` (or `http://127.0.0.1:<port>/<entity>` for an emulator).
    public let entityURL: String
    public let settings: ReplayTargetSettings
    public let credential: ReplayTargetCredential
    public let limits: ReplayBatchLimits
    let authorizer: ReplayRequestAuthorizer
    private let item: ReplayMessagingBatchItem

    /// - Parameter kind: `.eventHubs` or `.serviceBus`.
    public init(kind: ReplayTargetKind, entityURL: String, credential: ReplayTargetCredential, settings: ReplayTargetSettings,
                sasLifetime: Duration = .seconds(3600)) {
        precondition(kind != .eventGrid, "Event Grid topics are an EventGridTarget")
        self.kind = kind
        self.entityURL = entityURL
        self.credential = credential
        self.settings = settings
        if kind == .eventHubs {
            limits = ReplayBatchLimits(maxRequestBytes: settings.eventHubsMaxBytes, maxEventBytes: settings.eventHubsMaxBytes,
                                       maxEvents: settings.maxBatchEvents)
        } else {
            limits = ReplayBatchLimits(maxRequestBytes: ReplayBatchLimits.megabyte, maxEventBytes: settings.serviceBusMaxMessageBytes,
                                       maxEvents: settings.maxBatchEvents)
        }
        authorizer = ReplayRequestAuthorizer(credential: credential, resource: entityURL, lifetime: sasLifetime)
        item = ReplayMessagingBatchItem(target: kind, settings: settings)
    }

    public var requestURL: String {
        entityURL + (kind == .eventHubs ? "/messages?timeout=60&api-version=2014-01" : "/messages?timeout=60")
    }
    public var displayName: String { (kind == .eventHubs ? "eventhubs:" : "servicebus:") + entityURL }
    public var contentType: String { "application/vnd.microsoft.servicebus.json" }
    public var deduplicatesByMessageID: Bool { kind == .serviceBus }

    public func encode(_ letter: DeadLetter) throws(ReplayEncodingError) -> [UInt8] {
        try item.encode(letter)
    }

    public func authorizationHeader() async throws -> (name: String, value: String) {
        try await authorizer.header()
    }
}
