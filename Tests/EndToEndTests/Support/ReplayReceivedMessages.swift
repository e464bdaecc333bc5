import AzureEmulator
import Foundation

/// Reading what a sink received the way a consumer would: the body as JSON, the event id wherever the shape
/// keeps it.
extension ReceivedMessage {
    /// The body as a JSON object (Event Grid events, and Event Hubs / Service Bus bodies that hold an object).
    var jsonObject: [String: Any]? {
        (try? JSONSerialization.jsonObject(with: Data(body))) as? [String: Any]
    }

    /// The event id: the `id` member of an Event Grid event, the `cloudEvents:id` property of a binary-mode message.
    var eventID: String? {
        switch kind {
        case .cloudEvent, .eventGridEvent: return jsonObject?["id"] as? String
        case .eventHubsMessage, .serviceBusMessage: return userProperties["cloudEvents:id"]?.stringValue
        }
    }

    func userProperty(_ name: String) -> String? { userProperties[name]?.stringValue }
    func brokerProperty(_ name: String) -> String? { brokerProperties[name]?.stringValue }
}

extension Array where Element == ReceivedMessage {
    /// Event ids in arrival order (a message without one counts as `<none>`).
    var eventIDs: [String] { map { $0.eventID ?? "<none>" } }

    /// Messages by event id (the last arrival when an id came twice).
    var byEventID: [String: ReceivedMessage] {
        Dictionary(map { ($0.eventID ?? "<none>", $0) }, uniquingKeysWith: { _, last in last })
    }
}

/// The member names of dead-letter facts, in both spellings: none may reach a destination.
enum ReplayDeadLetterMembers {
    static let names: Set<String> = [
        "deadLetterReason", "deadletterreason", "deliveryAttempts", "deliveryattempts", "lastDeliveryOutcome",
        "lastdeliveryoutcome", "lastHttpStatusCode", "lasthttpstatuscode", "publishTime", "publishtime",
        "lastDeliveryAttemptTime", "lastdeliveryattempttime", "deadletterProperties",
    ]
}
