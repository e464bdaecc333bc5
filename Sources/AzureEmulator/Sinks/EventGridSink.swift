import Foundation

/// One Event Grid topic's publish endpoint: authenticate, check size and schema, and turn the body into one pending
/// record per event (its bytes exactly as received).
struct EventGridSink {
    let name: String
    let config: EventGridTopicConfig
    let now: Date

    func accept(_ request: EmulatorRequest) throws(SinkRejection) -> [PendingMessage] {
        try authenticate(request)
        // Event Grid refuses an oversized request before looking inside it.
        guard request.body.count <= config.maxRequestBytes else {
            throw .requestTooLarge(sink: name, size: request.body.count, limit: config.maxRequestBytes)
        }
        let contentType = request.header("Content-Type") ?? ""
        let format = try Self.format(of: contentType, sink: name, schema: config.inputSchema)
        let elements = try parse(request.body, as: format)
        var pending: [PendingMessage] = []
        pending.reserveCapacity(elements.count)
        for (index, element) in elements.enumerated() {
            guard element.range.count <= config.maxEventBytes else {
                throw .eventTooLarge(sink: name, index: index, size: element.range.count, limit: config.maxEventBytes)
            }
            let violation = format == .eventGridArray
                ? EventGridEventRules.violation(in: element.value, topicResourceID: config.resourceID)
                : CloudEventRules.violation(in: element.value)
            if let violation { throw .invalidEvent(sink: name, index: index, reason: violation) }
            pending.append(PendingMessage(kind: format == .eventGridArray ? .eventGridEvent : .cloudEvent, contentType: contentType,
                                          body: Array(request.body[element.range])))
        }
        return pending
    }

    /// The three bodies Event Grid accepts (wire-formats §6.1).
    enum BodyFormat: Equatable {
        case cloudEventBatch
        case singleCloudEvent
        case eventGridArray
    }

    static func format(of contentType: String, sink: String, schema: EventGridInputSchema) throws(SinkRejection) -> BodyFormat {
        let mediaType = contentType.split(separator: ";", maxSplits: 1).first.map { $0.trimmingCharacters(in: .whitespaces).lowercased() } ?? ""
        let format: BodyFormat
        switch mediaType {
        case "application/cloudevents-batch+json": format = .cloudEventBatch
        case "application/cloudevents+json": format = .singleCloudEvent
        case "application/json": format = .eventGridArray
        default:
            throw .unsupportedContentType(sink: sink, contentType: contentType.isEmpty ? "(none)" : contentType,
                                          expected: "application/cloudevents-batch+json, application/cloudevents+json or application/json")
        }
        let wanted: EventGridInputSchema = format == .eventGridArray ? .eventGrid : .cloudEvents
        guard wanted == schema else { throw .schemaMismatch(sink: sink, contentType: contentType, schema: schema) }
        return format
    }

    private func parse(_ body: [UInt8], as format: BodyFormat) throws(SinkRejection) -> [SinkJSONParser.Element] {
        do {
            if format == .singleCloudEvent {
                let value = try SinkJSONParser.parse(body)
                return [SinkJSONParser.Element(range: Self.trimmedRange(body), value: value)]
            }
            return try SinkJSONParser.parseArrayElements(body)
        } catch {
            throw .malformedJSON(sink: name, detail: error.description)
        }
    }

    /// The body without surrounding whitespace: a single CloudEvent's own bytes.
    static func trimmedRange(_ body: [UInt8]) -> Range<Int> {
        func isSpace(_ b: UInt8) -> Bool { b == 0x20 || b == 0x0A || b == 0x0D || b == 0x09 }
        var start = 0, end = body.count
        while start < end, isSpace(body[start]) { start += 1 }
        while end > start, isSpace(body[end - 1]) { end -= 1 }
        return start..<end
    }
}
