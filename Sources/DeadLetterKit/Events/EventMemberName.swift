/// The member names the event layer understands, matched byte-for-byte (JSON names are case-sensitive; the
/// dead-letter facts are accepted in both the Event Grid camelCase and the CloudEvents lower-case spelling).
enum EventMemberName: Int, CaseIterable, Sendable {
    // CloudEvents 1.0
    case specversion, id, type, source, subject, time, datacontenttype, dataschema, traceparent, data, dataBase64
    // Event Grid schema
    case eventType, eventTime, topic, dataVersion, metadataVersion
    // Dead-letter facts written next to the event
    case reason, deliveryAttempts, lastDeliveryOutcome, lastHttpStatusCode, publishTime, lastDeliveryAttemptTime
    // Event Grid namespace wrapper and its `deadletterProperties`
    case deadletterProperties, customDeliveryProperties, event, deliveryResult, publishUTC, deliveryAttemptUTC

    private static let spellings: [(String, EventMemberName)] = [
        ("specversion", .specversion), ("id", .id), ("type", .type), ("source", .source), ("subject", .subject),
        ("time", .time), ("datacontenttype", .datacontenttype), ("dataschema", .dataschema),
        ("traceparent", .traceparent), ("data", .data), ("data_base64", .dataBase64),
        ("eventType", .eventType), ("eventTime", .eventTime), ("topic", .topic), ("dataVersion", .dataVersion),
        ("metadataVersion", .metadataVersion),
        ("deadLetterReason", .reason), ("deadletterreason", .reason),
        ("deliveryAttempts", .deliveryAttempts), ("deliveryattempts", .deliveryAttempts),
        ("lastDeliveryOutcome", .lastDeliveryOutcome), ("lastdeliveryoutcome", .lastDeliveryOutcome),
        ("lastHttpStatusCode", .lastHttpStatusCode), ("lasthttpstatuscode", .lastHttpStatusCode),
        ("publishTime", .publishTime), ("publishtime", .publishTime),
        ("lastDeliveryAttemptTime", .lastDeliveryAttemptTime), ("lastdeliveryattempttime", .lastDeliveryAttemptTime),
        ("deadletterProperties", .deadletterProperties), ("customDeliveryProperties", .customDeliveryProperties),
        ("event", .event), ("deliveryresult", .deliveryResult), ("publishutc", .publishUTC),
        ("deliveryattemptutc", .deliveryAttemptUTC),
    ]

    private static let table = JSONNameTable(spellings)

    /// Runs `body` with a classifier over the spelling table (read once, not once per name).
    @inline(__always)
    static func withClassifier<R>(_ body: (JSONNameTable<EventMemberName>.Lookup) -> R) -> R {
        table.withLookup(body)
    }

    /// Classifies a member name as it appears in validated bytes (escaped names are decoded first).
    static func classify(_ buffer: UnsafeBufferPointer<UInt8>, key: Range<Int>, escaped: Bool) -> EventMemberName? {
        withClassifier { $0.name(buffer, key: key, escaped: escaped) }
    }

    /// Bit `rawValue` set for each name in the group, so the per-member tests are one AND.
    static let factBits = bits { $0.isDeadLetterFact }
    /// Names that are not CloudEvents extensions: attributes, facts and the namespace members.
    static let cloudEventsClaimBits = bits {
        $0.isDeadLetterFact || $0.isCloudEventsAttribute || $0 == .deadletterProperties || $0 == .customDeliveryProperties
    }
    /// Names that are not extra members of an Event Grid event: its members and the facts.
    static let eventGridClaimBits = bits { $0.isDeadLetterFact || $0.isEventGridMember }

    private static func bits(_ included: (EventMemberName) -> Bool) -> UInt64 {
        allCases.reduce(0) { included($1) ? $0 | 1 << UInt64($1.rawValue) : $0 }
    }

    var isDeadLetterFact: Bool {
        switch self {
        case .reason, .deliveryAttempts, .lastDeliveryOutcome, .lastHttpStatusCode, .publishTime, .lastDeliveryAttemptTime:
            return true
        default:
            return false
        }
    }

    var isCloudEventsAttribute: Bool {
        switch self {
        case .specversion, .id, .type, .source, .subject, .time, .datacontenttype, .dataschema, .traceparent, .data, .dataBase64:
            return true
        default:
            return false
        }
    }

    var isEventGridMember: Bool {
        switch self {
        case .id, .eventType, .subject, .eventTime, .topic, .dataVersion, .metadataVersion, .data:
            return true
        default:
            return false
        }
    }
}

/// A value's position in an event's bytes, 8 bytes instead of an optional range; `end == 0` means absent.
struct EventValueSpan: Sendable, Hashable {
    var start: UInt32 = 0
    var end: UInt32 = 0

    static let absent = EventValueSpan()

    init() {}

    init(_ range: Range<Int>) {
        start = UInt32(truncatingIfNeeded: range.lowerBound)
        end = UInt32(truncatingIfNeeded: range.upperBound)
    }

    var isPresent: Bool { end > 0 }
    var range: Range<Int>? { isPresent ? Int(start)..<Int(end) : nil }
}
