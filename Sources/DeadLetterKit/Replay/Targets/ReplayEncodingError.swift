/// Why one event cannot be expressed for the target. It fails alone (into `--failed` with this reason); the rest of
/// the replay goes on.
public enum ReplayEncodingError: Error, Sendable, Equatable, CustomStringConvertible {
    /// The value is a JSON object but neither a CloudEvent nor an Event Grid event.
    case notAnEvent(location: String)
    /// The schema conversion the target needs failed.
    case conversion(String)
    /// The converted event lacks an attribute the target requires.
    case missingAttribute(String, location: String, hint: String)
    /// The payload is binary (`data_base64`) and the REST batch API can only carry text bodies.
    case binaryBody(location: String)
    /// A CloudEvent of another version than 1.0, the only one Event Grid, Event Hubs and Service Bus bindings take.
    case unsupportedSpecVersion(String, location: String)

    public var description: String {
        switch self {
        case .notAnEvent(let location):
            return "\(location) is neither a CloudEvent nor an Event Grid event, so it cannot be published"
        case .conversion(let reason):
            return reason
        case .missingAttribute(let name, let location, let hint):
            return "\(location): the converted event has no '\(name)', which the target requires" + (hint.isEmpty ? "" : "; \(hint)")
        case .binaryBody(let location):
            return "\(location): the payload is binary (data_base64) and the REST batch API carries bodies as text; it cannot be sent this way"
        case .unsupportedSpecVersion(let version, let location):
            return "\(location): the event is CloudEvents specversion '\(version)'; only 1.0 can be published"
        }
    }
}
