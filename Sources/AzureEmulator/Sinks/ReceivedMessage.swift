import Foundation

/// A broker or user property value as it arrived: Service Bus REST carries them as JSON scalars.
public enum ReceivedPropertyValue: Sendable, Equatable, CustomStringConvertible {
    case string(String)
    /// The number's text exactly as sent.
    case number(String)
    case bool(Bool)
    case null

    init?(_ value: SinkJSONValue) {
        switch value {
        case .string(let text): self = .string(text)
        case .number(let text): self = .number(text)
        case .bool(let flag): self = .bool(flag)
        case .null: self = .null
        case .object, .array: return nil
        }
    }

    public var stringValue: String? {
        if case .string(let text) = self { return text }
        return nil
    }

    public var description: String {
        switch self {
        case .string(let text): return text
        case .number(let text): return text
        case .bool(let flag): return flag ? "true" : "false"
        case .null: return "null"
        }
    }

    var jsonValue: SinkJSONValue {
        switch self {
        case .string(let text): return .string(text)
        case .number(let text): return .number(text)
        case .bool(let flag): return .bool(flag)
        case .null: return .null
        }
    }
}

/// One message a sink accepted, as tests need to see it: exactly what arrived, in arrival order.
public struct ReceivedMessage: Sendable, Equatable {
    public enum Kind: String, Sendable, CaseIterable {
        /// A structured CloudEvent posted to a CloudEvents-schema topic.
        case cloudEvent
        /// An Event Grid schema event posted to an Event Grid-schema topic.
        case eventGridEvent
        case eventHubsMessage
        case serviceBusMessage
    }

    /// The topic or entity name as configured.
    public var sink: String
    public var kind: Kind
    /// 1, 2, 3… per sink, in the order messages were accepted.
    public var sequenceNumber: Int
    public var receivedAt: Date
    /// Event Grid: the request's Content-Type. Messaging single send: the Content-Type header (it becomes the
    /// message's ContentType); batch send: nil, because batch items carry none (wire-formats §6.3).
    public var contentType: String?
    /// Event Grid: the event's JSON bytes exactly as received (its array element). Messaging: the message body.
    public var body: [UInt8]
    public var brokerProperties: [String: ReceivedPropertyValue]
    public var userProperties: [String: ReceivedPropertyValue]
    public var partitionKey: String?
    public var messageID: String?

    public init(sink: String, kind: Kind, sequenceNumber: Int, receivedAt: Date, contentType: String?, body: [UInt8],
                brokerProperties: [String: ReceivedPropertyValue] = [:], userProperties: [String: ReceivedPropertyValue] = [:],
                partitionKey: String? = nil, messageID: String? = nil) {
        self.sink = sink
        self.kind = kind
        self.sequenceNumber = sequenceNumber
        self.receivedAt = receivedAt
        self.contentType = contentType
        self.body = body
        self.brokerProperties = brokerProperties
        self.userProperties = userProperties
        self.partitionKey = partitionKey
        self.messageID = messageID
    }

    /// The body as text (invalid UTF-8 is replaced, so use `body` for binary payloads).
    public var bodyText: String { String(decoding: body, as: UTF8.self) }

    var isEventGrid: Bool { kind == .cloudEvent || kind == .eventGridEvent }
}
