/// ADT events routed to an Event Grid topic with the EventGridEvent input schema arrive wrapped: the CloudEvent's
/// `data` sits in `data.data`, with `data.contenttype`, `data.traceparent` and (telemetry) `data.dataschema`
/// beside it; `source` is dropped, and telemetry gets `eventTime` `0001-01-01T00:00:00Z` and the twin id as `subject`.
extension EventConversion {
    /// The CloudEvent an ADT event in the Event Grid schema was made from.
    ///
    /// `source` cannot be recovered from the event. Pass the instance host (`contoso.api.wus2.digitaltwins.azure.net`)
    /// as `instanceHost` to rebuild it the way ADT writes it (twin and relationship events: the host; telemetry:
    /// `<host>/digitaltwins/<twin>`); it is then listed in `defaulted`, otherwise in `missing`.
    public static func unwrappingADTEventGrid(_ deadLetter: DeadLetter, instanceHost: String? = nil) throws(EventConversionError) -> ConvertedEvent {
        let blob = deadLetter.origin.blobName, index = deadLetter.origin.index
        guard deadLetter.schema == .eventGrid else {
            throw .notADTEventGridEvent(blob: blob, index: index, reason: "schema is \(deadLetter.schema)")
        }
        guard let typeText = deadLetter.attributes.type, let kind = ADTEventKind(rawValue: typeText) else {
            throw .notADTEventGridEvent(blob: blob, index: index, reason: "eventType is not an ADT notification type")
        }
        guard let wrapper = deadLetter.data?.value, wrapper.kind == .object, let payload = wrapper[member: "data"] else {
            throw .notADTEventGridEvent(blob: blob, index: index, reason: "data has no inner 'data' member")
        }
        let bytes = deadLetter.bytes
        let attributes = deadLetter.attributes
        let spans = attributes.spans
        var result = ConvertedEvent(bytes: [])
        var writer = JSONWriter(capacity: bytes.count)
        writer.beginObject()
        writer.member("specversion", "1.0")
        copy("id", spans.id, from: bytes, to: &writer)
        copy("type", spans.type, from: bytes, to: &writer)
        if let host = instanceHost {
            if kind == .telemetry, let twin = attributes.subject {
                writer.member("source", "\(host)/digitaltwins/\(twin)")
            } else {
                writer.member("source", host)
            }
            result.defaulted.append("source")
        } else {
            result.missing.append("source")
        }
        writer.key("data")
        writer.raw(payload.bytes)
        if let schema = wrapper[member: "dataschema"] {
            writer.key("dataschema")
            writer.raw(schema.bytes)
        }
        if kind == .telemetry {
            // ADT's Event Grid subject for telemetry is the twin id; a component path, if there was one, is gone.
            if spans.subject.isPresent { result.lost.append("subject (Event Grid subject holds the twin id; a component path is not recoverable)") }
        } else {
            copy("subject", spans.subject, from: bytes, to: &writer)
        }
        if attributes.time != nil { copy("time", spans.time, from: bytes, to: &writer) }
        if let contentType = wrapper[member: "contenttype"] {
            writer.key("datacontenttype")
            writer.raw(contentType.bytes)
        }
        if let traceparent = wrapper[member: "traceparent"] {
            writer.key("traceparent")
            writer.raw(traceparent.bytes)
        } else {
            result.missing.append("traceparent")
        }
        writer.endObject()
        if spans.topic.isPresent { result.lost.append("topic") }
        result.bytes = writer.bytes
        return result
    }
}
