import Foundation

/// What Event Grid checks in an Event Grid schema event (wire-formats §6.1): `id`, `subject`, `eventType`,
/// `eventTime` (RFC 3339) and `dataVersion` are required strings; `topic`, when present, must be the topic's ARM id;
/// `metadataVersion`, when present, must be "1".
enum EventGridEventRules {
    static let requiredStrings = ["id", "subject", "eventType", "eventTime", "dataVersion"]

    static func violation(in event: SinkJSONValue, topicResourceID: String?) -> String? {
        guard event.members != nil else { return "an Event Grid event must be a JSON object, not \(event.typeName)" }
        for name in requiredStrings {
            guard let value = event[name], value != .null else { return "the required property '\(name)' is missing" }
            guard value.stringValue != nil else { return "the property '\(name)' must be a string, not \(value.typeName)" }
        }
        for name in ["id", "eventType"] where event[name]?.stringValue?.isEmpty == true {
            return "the property '\(name)' must not be empty"
        }
        if let time = event["eventTime"]?.stringValue, !SinkTimestamp.isRFC3339(time) {
            return "'eventTime' must be an RFC 3339 timestamp such as 2024-01-05T13:00:00Z, not \"\(time)\""
        }
        if let topic = event["topic"], topic != .null {
            guard let text = topic.stringValue else { return "the property 'topic' must be a string, not \(topic.typeName)" }
            if let expected = topicResourceID, !text.isEmpty, text.caseInsensitiveCompare(expected) != .orderedSame {
                return "'topic' is \"\(text)\" but this topic is \(expected); omit 'topic' or send the topic's resource id"
            }
        }
        if let version = event["metadataVersion"], version != .null, version.stringValue != "1" {
            return "'metadataVersion' must be \"1\" when present"
        }
        return nil
    }
}
