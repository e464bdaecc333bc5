import Foundation

/// The context attributes of an event, read lazily from its bytes: strings are decoded only when asked for.
///
/// For the Event Grid schema, `type` is `eventType`, `time` is `eventTime`, and `topic`, `dataVersion`,
/// `metadataVersion` are filled; `source` is nil (Event Grid has none). Members that are neither attributes of
/// the schema nor dead-letter facts are `extensions` (name → raw JSON).
public struct EventAttributes: Sendable {
    let storage: [UInt8]
    var spans = Spans()
    var extensionMembers: [JSONMemberSpan] = []
    /// `time`/`eventTime` parsed; nil when absent, unparsable, or Event Grid's `0001-01-01T00:00:00Z` ("no time").
    /// Parsed when asked for: decoding a dead letter does not pay for a time nobody reads.
    public var time: Date? { DeadLetterParsing.parseTime(storage, spans.time) }

    struct Spans: Sendable, Hashable {
        var specversion = EventValueSpan.absent, id = EventValueSpan.absent, type = EventValueSpan.absent, source = EventValueSpan.absent
        var subject = EventValueSpan.absent, time = EventValueSpan.absent, datacontenttype = EventValueSpan.absent
        var dataschema = EventValueSpan.absent, traceparent = EventValueSpan.absent, topic = EventValueSpan.absent
        var dataVersion = EventValueSpan.absent, metadataVersion = EventValueSpan.absent
    }

    init(storage: [UInt8]) {
        self.storage = storage
    }

    public var id: String? { text(spans.id) }
    /// The seven ADT types come back as shared constants (filters ask every event for its type).
    public var type: String? { ADTEventKind(typeOf: self)?.rawValue ?? text(spans.type) }
    public var source: String? { text(spans.source) }
    public var subject: String? { text(spans.subject) }
    /// The time exactly as written (`2021-12-09T20:28:52.9795363Z`), also when it means "no time".
    public var timeText: String? { text(spans.time) }
    public var datacontenttype: String? { text(spans.datacontenttype) }
    public var dataschema: String? { text(spans.dataschema) }
    public var traceparent: String? { text(spans.traceparent) }
    public var specversion: String? { text(spans.specversion) }
    /// Event Grid schema only.
    public var topic: String? { text(spans.topic) }
    public var dataVersion: String? { text(spans.dataVersion) }
    public var metadataVersion: String? { text(spans.metadataVersion) }

    /// Extension attributes (CloudEvents) or extra members (Event Grid), in order, values as raw JSON.
    public var extensions: [(name: String, value: JSONRawValue)] {
        storage.withUnsafeBufferPointer { buffer in
            extensionMembers.map { member in
                (JSONStringDecoding.string(buffer, member.keyRange, hasEscapes: member.keyHasEscapes),
                 JSONRawValue(storage: storage, range: member.valueRange))
            }
        }
    }

    /// One extension attribute's raw JSON value.
    public func extensionValue(named name: String) -> JSONRawValue? {
        var name = name
        return name.withUTF8 { wanted in
            storage.withUnsafeBufferPointer { buffer in
                for member in extensionMembers
                where JSONStringDecoding.contentEquals(buffer, member.keyRange, hasEscapes: member.keyHasEscapes, wanted) {
                    return JSONRawValue(storage: storage, range: member.valueRange)
                }
                return nil
            }
        }
    }

    /// The raw JSON of an attribute's value (e.g. to copy it into another event unchanged).
    func raw(_ span: EventValueSpan) -> JSONRawValue? {
        span.range.map { JSONRawValue(storage: storage, range: $0) }
    }

    /// A string attribute's text; a non-string value gives its JSON text; `null` gives nil.
    func text(_ span: EventValueSpan) -> String? {
        guard let range = span.range else { return nil }
        return storage.withUnsafeBufferPointer { buffer in
            switch buffer[range.lowerBound] {
            case JSONBytes.quote:
                return JSONStringDecoding.string(buffer, (range.lowerBound + 1)..<(range.upperBound - 1))
            case UInt8(ascii: "n"):
                return nil
            default:
                return String(decoding: UnsafeBufferPointer(rebasing: buffer[range]), as: UTF8.self)
            }
        }
    }
}
