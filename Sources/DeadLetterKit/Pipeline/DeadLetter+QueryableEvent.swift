import AzureCore
import Foundation

/// The bridge between the event model and the query engine: every `--where` field and filter flag reads a dead
/// letter through here. The rules (time falls back to the dead-letter time, `twin` lists both ends of a
/// relationship) are the ones `QueryableEvent` documents.
extension DeadLetter: QueryableEvent {
    public func queryValue(_ field: QueryField) -> QueryValue? {
        switch field {
        case .id: return attributes.id.map(QueryValue.string)
        case .type: return attributes.type.map(QueryValue.string)
        case .source: return attributes.source.map(QueryValue.string)
        case .subject: return attributes.subject.map(QueryValue.string)
        case .twin:
            let twins = twinIDs
            return twins.isEmpty ? nil : .list(twins.map(QueryValue.string))
        case .sourceTwin: return adt.flatMap { $0.kind.isRelationshipEvent ? $0.sourceTwinId : nil }.map(QueryValue.string)
        case .targetTwin: return adt?.targetTwinId.map(QueryValue.string)
        case .relationship: return adt?.relationshipId.map(QueryValue.string)
        case .model: return adt?.modelId.map(QueryValue.string)
        case .time: return placementTime.map(QueryValue.time)
        case .deadlettered: return deadLetteredTime.map(QueryValue.time)
        case .endpoint: return origin.endpoint.map(QueryValue.string)
        case .reason: return facts.reason.map(QueryValue.string)
        case .attempts: return facts.deliveryAttempts.map { .number(Double($0), text: String($0)) }
        case .outcome: return facts.lastDeliveryOutcome.map(QueryValue.string)
        case .blob: return .string(origin.blobName)
        case .patchPath:
            guard let paths = adt?.patchPaths, !paths.isEmpty else { return nil }
            return .list(paths.map(QueryValue.string))
        case .data(let path):
            guard let data, data.encoding == .json else { return nil }
            var node: JSONRawValue? = data.value
            for segment in path {
                guard let current = node else { return nil }
                if current.kind == .array, let index = Int(segment) {
                    node = current[index: index]
                } else {
                    node = current[member: segment]
                }
            }
            return node.map(Self.queryValue(of:))
        }
    }

    /// Every twin the event concerns: the twin of twin and telemetry events, both ends of a relationship.
    public var twinIDs: [String] { adtTwins?.twinIDs ?? [] }

    /// When the event was dead-lettered: the folder hour, else the blob's last-modified time.
    public var deadLetteredTime: Date? {
        origin.folderHour ?? origin.blobProperties?.lastModified.flatMap(HTTPDate.parse)
    }

    /// The event's own time, or — when it has none (ADT telemetry; Event Grid's `0001-01-01T00:00:00Z`) — when it
    /// was dead-lettered, so that every event has a place in time.
    public var placementTime: Date? {
        if let time = attributes.time, time.timeIntervalSince1970 > -62_000_000_000 { return time }
        return deadLetteredTime
    }

    static func queryValue(of value: JSONRawValue) -> QueryValue {
        switch value.kind {
        case .string: return value.string.map(QueryValue.string) ?? .null
        case .number:
            let text = value.numberText ?? "0"
            return .number(Double(text) ?? 0, text: text)
        case .bool: return .bool(value.bool ?? false)
        case .array: return .list(value.elements.map(queryValue(of:)))
        case .object, .null, .none: return value.kind == .object ? .list([]) : .null
        }
    }
}
