/// How events are shaped for the target, beyond where it is: the flags of `deadletter replay` that change bytes.
public struct ReplayTargetSettings: Sendable, Equatable {
    /// `--schema`: the Event Grid topic's input schema.
    public var eventGridSchema: ReplayEventGridSchema
    /// `--partition-key` for Event Hubs and Service Bus.
    public var partitionKey: ReplayPartitionKey
    /// `--mark`: add (or increment) the CloudEvents extension `deadletterreplay`, so consumers and later runs see a loop.
    /// Applies to CloudEvents topics and binary-mode messages; the Event Grid schema has no extension attributes.
    public var mark: Bool
    /// Events per request at most.
    public var maxBatchEvents: Int
    /// Per-message limit for Service Bus (256 KB on Standard; Premium entities allow more, set per entity).
    public var serviceBusMaxMessageBytes: Int
    /// Per-event and per-request limit for Event Hubs (1 MB; 256 KB on the Basic tier).
    public var eventHubsMaxBytes: Int
    /// The ADT instance host (`contoso.api.wus2.digitaltwins.azure.net`), to rebuild the CloudEvents `source` of ADT
    /// events that were dead-lettered in the Event Grid schema (which drops it).
    public var adtInstanceHost: String?

    public init(eventGridSchema: ReplayEventGridSchema = .cloudEvents, partitionKey: ReplayPartitionKey = .twin, mark: Bool = false,
                maxBatchEvents: Int = 500, serviceBusMaxMessageBytes: Int = 262_144, eventHubsMaxBytes: Int = ReplayBatchLimits.megabyte,
                adtInstanceHost: String? = nil) {
        self.eventGridSchema = eventGridSchema
        self.partitionKey = partitionKey
        self.mark = mark
        self.maxBatchEvents = max(1, maxBatchEvents)
        self.serviceBusMaxMessageBytes = serviceBusMaxMessageBytes
        self.eventHubsMaxBytes = eventHubsMaxBytes
        self.adtInstanceHost = adtInstanceHost
    }
}
