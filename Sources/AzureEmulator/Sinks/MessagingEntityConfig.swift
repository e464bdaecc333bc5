import Foundation

/// What kind of entity sits behind `POST /<entity>/messages`; decides limits and error statuses.
public enum MessagingEntityKind: String, Sendable, CaseIterable {
    case eventHub
    case serviceBusQueue
    case serviceBusTopic

    var isServiceBus: Bool { self != .eventHub }
}

/// One emulated Event Hub, Service Bus queue or Service Bus topic.
public struct MessagingEntityConfig: Sendable {
    public var kind: MessagingEntityKind
    /// Shared access policies on the entity: policy name → key (used as UTF-8 bytes when signing, wire-formats §6.4).
    public var policies: [String: String]
    public var acceptedBearerTokens: Set<String>
    /// Service Bus duplicate detection: a MessageId accepted within this many seconds is acknowledged but dropped.
    /// nil turns it off (Event Hubs has none; the setting is ignored there).
    public var duplicateDetectionWindow: TimeInterval?
    /// Largest single message (body plus properties) and largest request. Defaults: Event Hubs 1 MB / 1 MB
    /// (Standard tier, wire-formats §6.2); Service Bus 256 KB / 1 MB (Standard tier, §6.3).
    public var maxMessageBytes: Int
    public var maxBatchBytes: Int

    public init(kind: MessagingEntityKind, policies: [String: String] = [SinkConfiguration.defaultPolicyName: SinkConfiguration.defaultMessagingKey],
                acceptedBearerTokens: Set<String> = [SinkConfiguration.defaultBearerToken], duplicateDetectionWindow: TimeInterval? = nil,
                maxMessageBytes: Int? = nil, maxBatchBytes: Int = 1_048_576) {
        self.kind = kind
        self.policies = policies
        self.acceptedBearerTokens = acceptedBearerTokens
        self.duplicateDetectionWindow = kind.isServiceBus ? duplicateDetectionWindow : nil
        self.maxMessageBytes = maxMessageBytes ?? (kind.isServiceBus ? 262_144 : 1_048_576)
        self.maxBatchBytes = maxBatchBytes
    }
}
