/// One AMQP application property of a CloudEvents binary-mode message.
public struct AMQPApplicationProperty: Sendable, Hashable {
    public var name: String
    public var value: String

    public init(name: String, value: String) {
        self.name = name
        self.value = value
    }
}

/// A CloudEvent in the AMQP binding's binary mode, as ADT delivers to Event Hubs and Service Bus:
/// the body is the data, the attributes are `cloudEvents:`-prefixed application properties, and
/// `datacontenttype` becomes the AMQP content type.
public struct CloudEventAMQPMessage: Sendable, Hashable {
    public var body: [UInt8]
    /// In ADT's order: id, source, specversion, type, time, subject, dataschema, traceparent, then extensions.
    public var applicationProperties: [AMQPApplicationProperty]
    public var contentType: String?

    public init(body: [UInt8], applicationProperties: [AMQPApplicationProperty], contentType: String?) {
        self.body = body
        self.applicationProperties = applicationProperties
        self.contentType = contentType
    }

    /// The value of one application property (`"cloudEvents:id"`).
    public subscript(property name: String) -> String? {
        applicationProperties.first { $0.name == name }?.value
    }
}

extension EventConversion {
    /// The AMQP binary-mode message of a CloudEvent (or a namespace dead letter's event). Only attributes that
    /// are present become properties; extension attributes follow as `cloudEvents:<name>` (non-string values as
    /// their JSON text). `data_base64` is decoded into the body.
    public static func amqpBinaryMessage(_ deadLetter: DeadLetter) throws(EventConversionError) -> CloudEventAMQPMessage {
        guard deadLetter.schema == .cloudEvents || deadLetter.schema == .eventGridNamespace else {
            throw .unsupportedSchema(blob: deadLetter.origin.blobName, index: deadLetter.origin.index,
                                     schema: deadLetter.schema, expected: "a CloudEvents event")
        }
        let attributes = deadLetter.attributes
        var properties: [AMQPApplicationProperty] = []
        let ordered: [(String, String?)] = [
            // A CloudEvent without `specversion` (as Event Grid's dead letters have been documented) is 1.0.
            ("id", attributes.id), ("source", attributes.source), ("specversion", attributes.specversion ?? "1.0"),
            ("type", attributes.type), ("time", attributes.timeText), ("subject", attributes.subject),
            ("dataschema", attributes.dataschema), ("traceparent", attributes.traceparent),
        ]
        for (name, value) in ordered {
            if let value { properties.append(AMQPApplicationProperty(name: "cloudEvents:" + name, value: value)) }
        }
        for (name, value) in attributes.extensions where !value.isNull {
            properties.append(AMQPApplicationProperty(name: "cloudEvents:" + name, value: value.string ?? value.description))
        }
        var body: [UInt8] = []
        if let data = deadLetter.data {
            switch data.encoding {
            case .json:
                body = Array(data.bytes)
            case .base64:
                guard let decoded = data.decodedBase64 else {
                    throw .invalidBase64(blob: deadLetter.origin.blobName, index: deadLetter.origin.index)
                }
                body = decoded
            }
        }
        return CloudEventAMQPMessage(body: body, applicationProperties: properties, contentType: attributes.datacontenttype)
    }
}
