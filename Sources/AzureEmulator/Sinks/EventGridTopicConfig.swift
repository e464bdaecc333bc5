/// The input schema an Event Grid topic is created with; a topic accepts only events in that schema.
public enum EventGridInputSchema: String, Sendable, CaseIterable {
    case cloudEvents = "cloudevents"
    case eventGrid = "eventgrid"
}

/// One emulated Event Grid custom topic (`POST /<topic>/api/events`).
public struct EventGridTopicConfig: Sendable {
    /// Access keys (base64, like the portal shows them); any of them authorizes `aeg-sas-key` and signs `aeg-sas-token`.
    public var keys: [String]
    public var inputSchema: EventGridInputSchema
    /// Bearer tokens accepted in `Authorization: Bearer …` (stand-ins for Entra ID tokens).
    public var acceptedBearerTokens: Set<String>
    /// The topic's ARM resource id; an Event Grid schema event that carries `topic` must name it (case-insensitively).
    public var resourceID: String?
    /// Event Grid's limits: 1 MB per event and per request (includes/event-grid-limits.md, wire-formats §6.1).
    public var maxEventBytes: Int
    public var maxRequestBytes: Int

    public init(keys: [String], inputSchema: EventGridInputSchema = .cloudEvents, acceptedBearerTokens: Set<String> = [SinkConfiguration.defaultBearerToken],
                resourceID: String? = nil, maxEventBytes: Int = 1_048_576, maxRequestBytes: Int = 1_048_576) {
        self.keys = keys
        self.inputSchema = inputSchema
        self.acceptedBearerTokens = acceptedBearerTokens
        self.resourceID = resourceID
        self.maxEventBytes = maxEventBytes
        self.maxRequestBytes = maxRequestBytes
    }

    /// The ARM id a real topic of that name would have in the emulator's fake subscription.
    public static func emulatorResourceID(topic: String) -> String {
        "/subscriptions/00000000-0000-0000-0000-000000000000/resourceGroups/emulator/providers/Microsoft.EventGrid/topics/\(topic)"
    }
}
