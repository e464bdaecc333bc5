import Foundation

/// Which publish sinks the emulator hosts and how they authenticate. `init()` gives a ready set for tests and the demo:
/// topics `replay-topic` (CloudEvents) and `replay-topic-eg` (Event Grid schema), Event Hub `replay-hub`, Service Bus
/// queue `replay-queue` (duplicate detection on) and Service Bus topic `replay-sb-topic`, all with the fixed test keys below.
public struct SinkConfiguration: Sendable {
    /// Test-only credentials. They guard nothing real; they exist so clients exercise the same signing code as in Azure.
    public static let defaultEventGridKey = "ZGVhZGxldHRlci1lbXVsYXRvci1ldmVudGdyaWQtazE="
    public static let secondaryEventGridKey = "ZGVhZGxldHRlci1lbXVsYXRvci1ldmVudGdyaWQtazI="
    public static let defaultPolicyName = "RootManageSharedAccessKey"
    public static let defaultMessagingKey = "ZGVhZGxldHRlci1lbXVsYXRvci1zZXJ2aWNlYnVzLTE="
    public static let defaultBearerToken = "deadletter-emulator-bearer-token"
    /// Azure's default duplicate detection history window (10 minutes, ARM/portal default; wire-formats open question 8).
    public static let defaultDuplicateDetectionWindow = 600.0

    public var eventGridTopics: [String: EventGridTopicConfig]
    public var messagingEntities: [String: MessagingEntityConfig]
    /// When set, every accepted message is also appended to this file as one JSONL line.
    public var recordFile: String?
    /// How many accepted messages each sink keeps in memory for `received(_:)`; nil keeps all. Set it for long runs
    /// such as benchmarks (the counters and the record file still see every message).
    public var retainedMessagesPerSink: Int?

    public init() {
        eventGridTopics = [
            "replay-topic": EventGridTopicConfig(keys: [Self.defaultEventGridKey, Self.secondaryEventGridKey], inputSchema: .cloudEvents,
                                                 acceptedBearerTokens: [Self.defaultBearerToken],
                                                 resourceID: EventGridTopicConfig.emulatorResourceID(topic: "replay-topic")),
            "replay-topic-eg": EventGridTopicConfig(keys: [Self.defaultEventGridKey, Self.secondaryEventGridKey], inputSchema: .eventGrid,
                                                    acceptedBearerTokens: [Self.defaultBearerToken],
                                                    resourceID: EventGridTopicConfig.emulatorResourceID(topic: "replay-topic-eg")),
        ]
        messagingEntities = [
            "replay-hub": MessagingEntityConfig(kind: .eventHub),
            "replay-queue": MessagingEntityConfig(kind: .serviceBusQueue, duplicateDetectionWindow: Self.defaultDuplicateDetectionWindow),
            "replay-sb-topic": MessagingEntityConfig(kind: .serviceBusTopic),
        ]
        recordFile = nil
        retainedMessagesPerSink = nil
    }

    public init(eventGridTopics: [String: EventGridTopicConfig], messagingEntities: [String: MessagingEntityConfig], recordFile: String? = nil,
                retainedMessagesPerSink: Int? = nil) {
        self.eventGridTopics = eventGridTopics
        self.messagingEntities = messagingEntities
        self.recordFile = recordFile
        self.retainedMessagesPerSink = retainedMessagesPerSink
    }

    /// A configured topic by name; Azure resource names are case-insensitive.
    func topic(named name: String) -> (name: String, config: EventGridTopicConfig)? {
        if let exact = eventGridTopics[name] { return (name, exact) }
        return eventGridTopics.first { $0.key.caseInsensitiveCompare(name) == .orderedSame }.map { ($0.key, $0.value) }
    }

    func entity(named name: String) -> (name: String, config: MessagingEntityConfig)? {
        if let exact = messagingEntities[name] { return (name, exact) }
        return messagingEntities.first { $0.key.caseInsensitiveCompare(name) == .orderedSame }.map { ($0.key, $0.value) }
    }
}
