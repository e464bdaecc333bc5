/// Conversions replay needs: strip dead-letter members, switch between the Event Grid and CloudEvents schemas,
/// unwrap ADT events that arrived in the Event Grid schema, and build CloudEvents AMQP binary messages.
/// Values are copied as their raw JSON bytes, so string escapes and number text survive unchanged.
public enum EventConversion {}

/// A converted event and an honest account of what did not make it across.
public struct ConvertedEvent: Sendable, Hashable {
    /// The converted event's JSON (compact).
    public var bytes: [UInt8]
    /// Information in the input that the output does not carry (attribute names, e.g. `traceparent`, `source`).
    public var lost: [String]
    /// Output members the format requires that the input lacked, filled with a stand-in (e.g. `eventTime`).
    public var defaulted: [String]
    /// Required output attributes left out because nothing could fill them (e.g. CloudEvents `source`).
    public var missing: [String]

    public init(bytes: [UInt8], lost: [String] = [], defaulted: [String] = [], missing: [String] = []) {
        self.bytes = bytes
        self.lost = lost
        self.defaulted = defaulted
        self.missing = missing
    }
}

/// Why an event could not be converted. Messages name the blob and the event's index in it.
public enum EventConversionError: Error, Sendable, Hashable, CustomStringConvertible {
    case unsupportedSchema(blob: String, index: Int, schema: EventSchema, expected: String)
    case missingAttribute(String, blob: String, index: Int)
    case invalidBase64(blob: String, index: Int)
    case notADTEventGridEvent(blob: String, index: Int, reason: String)

    public var description: String {
        switch self {
        case .unsupportedSchema(let blob, let index, let schema, let expected):
            return "blob \(blob), event \(index): cannot convert a \(schema) event; expected \(expected)"
        case .missingAttribute(let name, let blob, let index):
            return "blob \(blob), event \(index): required attribute '\(name)' is missing"
        case .invalidBase64(let blob, let index):
            return "blob \(blob), event \(index): data_base64 is not valid base64"
        case .notADTEventGridEvent(let blob, let index, let reason):
            return "blob \(blob), event \(index): not an ADT event in the Event Grid schema (\(reason))"
        }
    }
}

extension EventConversion {
    /// Writes `"name":<raw value>` when the span is present.
    static func copy(_ name: String, _ span: EventValueSpan, from bytes: [UInt8], to writer: inout JSONWriter) {
        guard let range = span.range else { return }
        writer.key(name)
        writer.raw(bytes[range])
    }

    /// The names of an event's extension attributes (what a schema without extensions loses).
    static func extensionNames(_ deadLetter: DeadLetter) -> [String] {
        deadLetter.attributes.extensions.map(\.name)
    }
}
