import Foundation

extension ReceivedMessage {
    /// One JSONL line (with its trailing newline) describing this message. Keys:
    /// `sink`, `kind`, `sequence`, `receivedAt`, `contentType`, then for Event Grid `event` (the event JSON as received,
    /// line breaks between tokens turned into spaces), for messaging `messageId`, `partitionKey`, `body` (UTF-8 text) or
    /// `bodyBase64` (when the body is not UTF-8), `brokerProperties` and `userProperties` (keys sorted).
    public var jsonlLine: [UInt8] {
        var out: [UInt8] = []
        out.reserveCapacity(body.count + 256)
        func key(_ name: String, first: Bool = false) {
            if !first { out.append(UInt8(ascii: ",")) }
            SinkJSONWriter.appendString(name, to: &out)
            out.append(UInt8(ascii: ":"))
        }
        func optionalString(_ value: String?) {
            if let value { SinkJSONWriter.appendString(value, to: &out) } else { out.append(contentsOf: Array("null".utf8)) }
        }
        func properties(_ values: [String: ReceivedPropertyValue]) {
            let members = values.keys.sorted().map { SinkJSONValue.Member(name: $0, value: values[$0]!.jsonValue) }
            SinkJSONWriter.append(.object(members), to: &out)
        }
        out.append(UInt8(ascii: "{"))
        key("sink", first: true); SinkJSONWriter.appendString(sink, to: &out)
        key("kind"); SinkJSONWriter.appendString(kind.rawValue, to: &out)
        key("sequence"); out.append(contentsOf: Array(String(sequenceNumber).utf8))
        key("receivedAt"); SinkJSONWriter.appendString(SinkTimestamp.format(receivedAt), to: &out)
        key("contentType"); optionalString(contentType)
        if isEventGrid {
            key("event"); SinkJSONWriter.appendValidatedOnOneLine(body[...], to: &out)
        } else {
            key("messageId"); optionalString(messageID)
            key("partitionKey"); optionalString(partitionKey)
            if let text = String(bytes: body, encoding: .utf8) {
                key("body"); SinkJSONWriter.appendString(text, to: &out)
            } else {
                key("bodyBase64"); SinkJSONWriter.appendString(Data(body).base64EncodedString(), to: &out)
            }
            key("brokerProperties"); properties(brokerProperties)
            key("userProperties"); properties(userProperties)
        }
        out.append(UInt8(ascii: "}"))
        out.append(0x0A)
        return out
    }
}
