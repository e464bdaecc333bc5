/// The shape a dead-lettered value was written in, detected per value.
public enum EventSchema: String, Sendable, Hashable, CaseIterable, CustomStringConvertible {
    /// CloudEvents 1.0 structured JSON (ADT dead letters; Event Grid subscriptions with CloudEvents delivery).
    case cloudEvents = "cloudevents"
    /// Event Grid's own schema (`eventType`, `eventTime`, `dataVersion`…), also used for custom input schemas.
    case eventGrid = "eventgrid"
    /// Event Grid namespace topics: a CloudEvent with `deadletterProperties`, possibly under an `event` wrapper.
    case eventGridNamespace = "eventgrid-namespace"
    /// A JSON object that fits none of these: kept as is and flagged as not a dead letter or event.
    case unknown

    /// The name used in export records and on the command line.
    public var description: String { rawValue }
}
