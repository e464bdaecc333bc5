/// The member names the event layer understands, matched byte-for-byte (JSON names are case-sensitive; the
/// dead-letter facts are accepted in both the Event Grid camelCase and the CloudEvents lower-case spelling).
enum EventMemberName: Int, CaseIterable {
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

    /// Spellings grouped by byte length, each with its first 8 bytes as a word, so most candidates are ruled
    /// out by one integer comparison (this runs for every member of every event).
    private static let byLength: [[(prefix: UInt64, bytes: [UInt8], name: EventMemberName)]] = {
        var table = [[(prefix: UInt64, bytes: [UInt8], name: EventMemberName)]](repeating: [], count: 32)
        for (text, name) in spellings {
            let bytes = Array(text.utf8)
            let prefix = bytes.withUnsafeBufferPointer { prefixWord($0.baseAddress!, 0..<$0.count) }
            table[bytes.count].append((prefix, bytes, name))
        }
        return table
    }()

    /// The first (up to) 8 bytes of `base[range]` as a little-endian word, zero-padded.
    @inline(__always)
    private static func prefixWord(_ base: UnsafePointer<UInt8>, _ range: Range<Int>) -> UInt64 {
        if range.count >= 8 { return JSONBytes.load(base, range.lowerBound) }
        var word: UInt64 = 0
        for k in 0..<range.count { word |= UInt64(base[range.lowerBound + k]) << (8 * UInt64(k)) }
        return word
    }

    /// The name spelled by the (unescaped) bytes, if it is one the event layer knows.
    static func classify(_ base: UnsafePointer<UInt8>, _ range: Range<Int>) -> EventMemberName? {
        let count = range.count
        guard count > 0 && count < 32 else { return nil }
        let prefix = prefixWord(base, range)
        for candidate in byLength[count] where candidate.prefix == prefix {
            if count <= 8 { return candidate.name }
            let equal = candidate.bytes.withUnsafeBufferPointer {
                JSONStringDecoding.memcmpEqual($0.baseAddress! + 8, base + range.lowerBound + 8, count - 8)
            }
            if equal { return candidate.name }
        }
        return nil
    }

    /// Classifies a member name as it appears in validated bytes (escaped names are decoded first).
    static func classify(_ buffer: UnsafeBufferPointer<UInt8>, key: Range<Int>, escaped: Bool) -> EventMemberName? {
        guard escaped else { return classify(buffer.baseAddress!, key) }
        var decoded: [UInt8] = []
        JSONStringDecoding.appendUnescaped(buffer.baseAddress!, from: key.lowerBound, to: key.upperBound, into: &decoded)
        return decoded.withUnsafeBufferPointer { $0.isEmpty ? nil : classify($0.baseAddress!, 0..<$0.count) }
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
