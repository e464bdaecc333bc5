/// The three kinds of destination a replay can publish to.
public enum ReplayTargetKind: String, Sendable, Hashable, CaseIterable, CustomStringConvertible {
    case eventGrid = "eventgrid"
    case eventHubs = "eventhubs"
    case serviceBus = "servicebus"

    /// Reads the kind as `--to` spells it; a few obvious variants are accepted (`event-grid`, `eventhub`, `sb`).
    public init?(name: String) {
        switch name.lowercased().filter({ $0 != "-" && $0 != "_" }) {
        case "eventgrid", "eg": self = .eventGrid
        case "eventhubs", "eventhub", "eh": self = .eventHubs
        case "servicebus", "sb": self = .serviceBus
        default: return nil
        }
    }

    public var description: String { rawValue }

    /// What the service is called in messages.
    public var serviceName: String {
        switch self {
        case .eventGrid: return "Event Grid topic"
        case .eventHubs: return "Event Hub"
        case .serviceBus: return "Service Bus queue or topic"
        }
    }

    /// The Entra ID resource a bearer token must be issued for (`az account get-access-token --resource …`).
    public var tokenResource: String {
        switch self {
        case .eventGrid: return "https://eventgrid.azure.net/"
        case .eventHubs: return "https://eventhubs.azure.net/"
        case .serviceBus: return "https://servicebus.azure.net/"
        }
    }
}

/// `--schema`: the input schema the Event Grid topic was created with (a topic accepts only that one).
public enum ReplayEventGridSchema: String, Sendable, Hashable, CaseIterable {
    case cloudEvents = "cloudevents"
    case eventGrid = "eventgrid"
}

/// `--partition-key`: what Event Hubs (and partitioned Service Bus entities) partition by.
public enum ReplayPartitionKey: String, Sendable, Hashable, CaseIterable {
    /// The twin the event is about, so each twin's events stay in order (ADT's own choice); none when the event is
    /// not an ADT event with a twin.
    case twin
    /// The event id: spreads events evenly, no ordering.
    case id
    /// No key: the service picks partitions round-robin.
    case none
}
