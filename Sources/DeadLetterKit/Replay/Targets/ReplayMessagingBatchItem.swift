/// One element of an Event Hubs / Service Bus REST batch (`application/vnd.microsoft.servicebus.json`) in the
/// CloudEvents AMQP binary mode ADT itself delivers with (wire-formats §2.3, §6.2–6.3):
///
/// `{"Body":"<data as a JSON string>","UserProperties":{"cloudEvents:id":…,…},"BrokerProperties":{…}}`
///
/// The body is the event's `data` exactly as written (its JSON text carried in a string); every present attribute
/// becomes a `cloudEvents:`-prefixed user property.
struct ReplayMessagingBatchItem {
    let target: ReplayTargetKind
    let settings: ReplayTargetSettings

    func encode(_ letter: DeadLetter) throws(ReplayEncodingError) -> [UInt8] {
        let location = letter.origin.locationDescription
        let cloudEvent = try ReplayCloudEventConversion.cloudEventLetter(letter, adtInstanceHost: settings.adtInstanceHost)
        var message: CloudEventAMQPMessage
        do {
            message = try EventConversion.amqpBinaryMessage(cloudEvent)
        } catch {
            throw .conversion(error.description)
        }
        if settings.mark { message.applicationProperties = ReplayMark.marking(message.applicationProperties) }
        guard Self.isUTF8(message.body) else { throw .binaryBody(location: location) }

        var writer = JSONWriter(capacity: message.body.count + 512)
        writer.beginObject()
        writer.key("Body")
        var quoted: [UInt8] = []
        quoted.reserveCapacity(message.body.count + 16)
        message.body.withUnsafeBufferPointer { JSONWriter.appendQuoted(utf8: $0, to: &quoted) }
        writer.raw(quoted)
        writer.key("UserProperties")
        writer.beginObject()
        for property in message.applicationProperties { writer.member(property.name, property.value) }
        writer.endObject()
        let broker = brokerProperties(letter: letter, message: message)
        if !broker.isEmpty {
            writer.key("BrokerProperties")
            writer.beginObject()
            for (name, value) in broker { writer.member(name, value) }
            writer.endObject()
        }
        writer.endObject()
        return writer.bytes
    }

    /// Event Hubs: `PartitionKey`. Service Bus: also `MessageId` = event id (so duplicate detection drops a resent
    /// event), `Label` = type, and `ContentType` = `datacontenttype` (the AMQP content-type in binary mode; the
    /// REST gateway may ignore it, wire-formats §6.3).
    func brokerProperties(letter: DeadLetter, message: CloudEventAMQPMessage) -> [(String, String)] {
        var properties: [(String, String)] = []
        if target == .serviceBus {
            if let id = message[property: "cloudEvents:id"] { properties.append(("MessageId", id)) }
            if let type = message[property: "cloudEvents:type"] { properties.append(("Label", type)) }
            if let contentType = message.contentType { properties.append(("ContentType", contentType)) }
        }
        if let key = partitionKey(letter: letter, message: message) { properties.append(("PartitionKey", key)) }
        return properties
    }

    func partitionKey(letter: DeadLetter, message: CloudEventAMQPMessage) -> String? {
        switch settings.partitionKey {
        case .twin: return letter.adt?.twinId
        case .id: return message[property: "cloudEvents:id"]
        case .none: return nil
        }
    }

    static func isUTF8(_ bytes: [UInt8]) -> Bool {
        var decoder = UTF8()
        var iterator = bytes.makeIterator()
        while true {
            switch decoder.decode(&iterator) {
            case .scalarValue: continue
            case .emptyInput: return true
            case .error: return false
            }
        }
    }
}
