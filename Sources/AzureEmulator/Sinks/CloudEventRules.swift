import Foundation

/// What Event Grid checks in a structured CloudEvent (CloudEvents 1.0, wire-formats §7): the four required
/// attributes, `specversion` 1.0, attribute names of `a-z0-9`, scalar attribute values, and `data` xor `data_base64`.
enum CloudEventRules {
    static let required = ["id", "source", "specversion", "type"]
    /// Optional context attributes whose values must be strings.
    static let optionalStrings = ["datacontenttype", "dataschema", "subject"]

    /// nil when the event is acceptable, otherwise the first rule it breaks.
    static func violation(in event: SinkJSONValue) -> String? {
        guard let members = event.members else { return "a CloudEvent must be a JSON object, not \(event.typeName)" }
        for name in required {
            guard let value = event[name], value != .null else { return "the required attribute '\(name)' is missing" }
            guard let text = value.stringValue else { return "the attribute '\(name)' must be a string, not \(value.typeName)" }
            guard !text.isEmpty else { return "the attribute '\(name)' must not be empty" }
        }
        if event["specversion"]?.stringValue != "1.0" {
            return "specversion must be \"1.0\", not \"\(event["specversion"]?.stringValue ?? "")\""
        }
        for name in optionalStrings {
            if let value = event[name], value != .null, value.stringValue == nil {
                return "the attribute '\(name)' must be a string, not \(value.typeName)"
            }
        }
        if let time = event["time"], time != .null {
            guard let text = time.stringValue, SinkTimestamp.isRFC3339(text) else {
                return "the attribute 'time' must be an RFC 3339 timestamp such as 2024-01-05T13:00:00Z"
            }
        }
        let hasData = event["data"].map { $0 != .null } ?? false
        if let base64 = event["data_base64"], base64 != .null {
            if hasData { return "an event must not carry both 'data' and 'data_base64'" }
            guard let text = base64.stringValue, Data(base64Encoded: text) != nil else {
                return "'data_base64' must be a base64 string"
            }
        }
        for member in members where member.name != "data" && member.name != "data_base64" {
            guard isAttributeName(member.name) else {
                return "the attribute name '\(member.name)' is not allowed: CloudEvents attribute names use only a-z and 0-9"
            }
            guard member.value.isScalar else {
                return "the attribute '\(member.name)' must be a string, number or boolean, not \(member.value.typeName)"
            }
        }
        return nil
    }

    static func isAttributeName(_ name: String) -> Bool {
        !name.isEmpty && name.utf8.allSatisfy { ($0 >= 0x61 && $0 <= 0x7A) || ($0 >= 0x30 && $0 <= 0x39) }
    }
}
