/// Event Grid schema ⇄ CloudEvents 1.0, with the conventional mapping: `id`↔`id`, `topic`↔`source`,
/// `subject`↔`subject`, `eventType`↔`type`, `eventTime`↔`time`, `dataVersion`↔`dataschema`, `data`↔`data`.
extension EventConversion {
    /// What to put in the Event Grid `topic` of a converted CloudEvent.
    public enum EventGridTopic: Sendable, Hashable {
        /// The CloudEvent's `source` (the conventional mapping).
        case fromSource
        /// No `topic` (Event Grid fills it; a topic that does not match the target is rejected). `source` is lost.
        case omit
        /// This topic; `source` is lost.
        case value(String)
    }

    /// The Event Grid schema JSON of a CloudEvent (or of a namespace dead letter's event).
    /// Event Grid requires `subject`, `eventTime`, `dataVersion` and `data`; missing ones get the stand-ins Azure
    /// itself writes (`""`, `0001-01-01T00:00:00Z`, `""`, `null`) and are listed in `defaulted`.
    public static func eventGridEvent(fromCloudEvent deadLetter: DeadLetter,
                                      topic: EventGridTopic = .fromSource) throws(EventConversionError) -> ConvertedEvent {
        guard deadLetter.schema == .cloudEvents || deadLetter.schema == .eventGridNamespace else {
            throw .unsupportedSchema(blob: deadLetter.origin.blobName, index: deadLetter.origin.index,
                                     schema: deadLetter.schema, expected: "a CloudEvents event")
        }
        let bytes = deadLetter.bytes
        let spans = deadLetter.attributes.spans
        for (name, span) in [("id", spans.id), ("type", spans.type)] where !span.isPresent {
            throw .missingAttribute(name, blob: deadLetter.origin.blobName, index: deadLetter.origin.index)
        }
        var result = ConvertedEvent(bytes: [])
        var writer = JSONWriter(capacity: bytes.count)
        writer.beginObject()
        copy("id", spans.id, from: bytes, to: &writer)
        copy("eventType", spans.type, from: bytes, to: &writer)
        if spans.subject.isPresent { copy("subject", spans.subject, from: bytes, to: &writer) } else {
            writer.member("subject", "")
            result.defaulted.append("subject")
        }
        if spans.time.isPresent { copy("eventTime", spans.time, from: bytes, to: &writer) } else {
            writer.member("eventTime", "0001-01-01T00:00:00Z")
            result.defaulted.append("eventTime")
        }
        if spans.dataschema.isPresent { copy("dataVersion", spans.dataschema, from: bytes, to: &writer) } else {
            writer.member("dataVersion", "")
            result.defaulted.append("dataVersion")
        }
        switch topic {
        case .fromSource:
            copy("topic", spans.source, from: bytes, to: &writer)
        case .omit:
            if spans.source.isPresent { result.lost.append("source") }
        case .value(let name):
            writer.member("topic", name)
            if spans.source.isPresent { result.lost.append("source") }
        }
        writer.key("data")
        if let data = deadLetter.data {
            writer.raw(data.bytes)
            if data.encoding == .base64 { result.lost.append("data_base64 (binary data is passed on as its base64 string)") }
        } else {
            writer.null()
            result.defaulted.append("data")
        }
        writer.endObject()
        if spans.datacontenttype.isPresent { result.lost.append("datacontenttype") }
        if spans.traceparent.isPresent { result.lost.append("traceparent") }
        result.lost += extensionNames(deadLetter)
        result.bytes = writer.bytes
        return result
    }

    /// The CloudEvents JSON of an Event Grid schema event. `source` defaults to the event's `topic`; without
    /// either it is left out and listed in `missing`. An `eventTime` of `0001-01-01T00:00:00Z` means no time.
    public static func cloudEvent(fromEventGrid deadLetter: DeadLetter, source: String? = nil) throws(EventConversionError) -> ConvertedEvent {
        guard deadLetter.schema == .eventGrid else {
            throw .unsupportedSchema(blob: deadLetter.origin.blobName, index: deadLetter.origin.index,
                                     schema: deadLetter.schema, expected: "an Event Grid schema event")
        }
        let bytes = deadLetter.bytes
        let attributes = deadLetter.attributes
        let spans = attributes.spans
        var result = ConvertedEvent(bytes: [])
        var writer = JSONWriter(capacity: bytes.count)
        writer.beginObject()
        writer.member("specversion", "1.0")
        copy("id", spans.id, from: bytes, to: &writer)
        if let source {
            writer.member("source", source)
            if spans.topic.isPresent { result.lost.append("topic") }
        } else if spans.topic.isPresent {
            copy("source", spans.topic, from: bytes, to: &writer)
        } else {
            result.missing.append("source")
        }
        copy("type", spans.type, from: bytes, to: &writer)
        copy("subject", spans.subject, from: bytes, to: &writer)
        if attributes.time != nil { copy("time", spans.time, from: bytes, to: &writer) }
        if let version = attributes.dataVersion, !version.isEmpty { copy("dataschema", spans.dataVersion, from: bytes, to: &writer) }
        if let data = deadLetter.data {
            writer.key("data")
            writer.raw(data.bytes)
        }
        writer.endObject()
        if spans.metadataVersion.isPresent { result.lost.append("metadataVersion") }
        result.lost += extensionNames(deadLetter)
        for (name, span) in [("id", spans.id), ("type", spans.type)] where !span.isPresent { result.missing.append(name) }
        result.bytes = writer.bytes
        return result
    }
}
