import Foundation

/// Reading the two send forms into pending messages.
extension MessagingSink {
    /// Request headers that are part of HTTP or the REST protocol itself; every other header of a single send is a
    /// custom (application) property of the message (send-message-to-queue: "the header can contain custom properties").
    static let protocolHeaders: Set<String> = [
        "authorization", "content-type", "content-length", "host", "brokerproperties", "connection", "keep-alive", "accept",
        "accept-encoding", "accept-charset", "accept-language", "user-agent", "expect", "transfer-encoding", "te", "trailer",
        "date", "cookie", "upgrade", "content-encoding", "via", "cache-control", "pragma",
    ]

    static func isProtocolHeader(_ name: String) -> Bool {
        let lower = name.lowercased()
        return protocolHeaders.contains(lower) || lower.hasPrefix("x-ms-") || lower.hasPrefix("x-forwarded-") || lower.hasPrefix("proxy-")
    }

    func singleMessage(_ request: EmulatorRequest, contentType: String?) throws(SinkRejection) -> PendingMessage {
        var broker: [String: ReceivedPropertyValue] = [:]
        if let header = request.header("BrokerProperties"), !header.trimmingCharacters(in: .whitespaces).isEmpty {
            let value: SinkJSONValue
            do { value = try SinkJSONParser.parse(Array(header.utf8)) } catch {
                throw .invalidMessage(sink: name, index: nil, reason: "the BrokerProperties header is not valid JSON (\(error.description))")
            }
            broker = try properties(value, field: "BrokerProperties header", index: nil)
        }
        var user: [String: ReceivedPropertyValue] = [:]
        for (headerName, headerValue) in request.headers where !Self.isProtocolHeader(headerName) {
            user[headerName] = .string(Self.unquoted(headerValue))
        }
        return try message(body: request.body, contentType: contentType, broker: broker, user: user, index: nil)
    }

    func batchMessages(_ body: [UInt8]) throws(SinkRejection) -> [PendingMessage] {
        let elements: [SinkJSONParser.Element]
        do { elements = try SinkJSONParser.parseArrayElements(body) } catch {
            throw .malformedJSON(sink: name, detail: "\(error.description); a batch is a JSON array of {\"Body\": string, \"BrokerProperties\": {…}, \"UserProperties\": {…}}")
        }
        var messages: [PendingMessage] = []
        messages.reserveCapacity(elements.count)
        for (index, element) in elements.enumerated() {
            let item = element.value
            guard item.members != nil else {
                throw .invalidMessage(sink: name, index: index, reason: "a batch item must be an object, not \(item.typeName)")
            }
            guard let bodyText = item["Body"]?.stringValue else {
                throw .invalidMessage(sink: name, index: index, reason: "'Body' must be a string (serialize JSON payloads to a string)")
            }
            let broker = try item["BrokerProperties"].map { value throws(SinkRejection) in try properties(value, field: "BrokerProperties", index: index) } ?? [:]
            let user = try item["UserProperties"].map { value throws(SinkRejection) in try properties(value, field: "UserProperties", index: index) } ?? [:]
            messages.append(try message(body: Array(bodyText.utf8), contentType: nil, broker: broker, user: user, index: index))
        }
        return messages
    }

    private func message(body: [UInt8], contentType: String?, broker: [String: ReceivedPropertyValue], user: [String: ReceivedPropertyValue],
                         index: Int?) throws(SinkRejection) -> PendingMessage {
        let partitionKey = broker["PartitionKey"].flatMap(Self.text)
        if config.kind.isServiceBus, let session = broker["SessionId"].flatMap(Self.text), let partitionKey, session != partitionKey {
            throw .invalidMessage(sink: name, index: index, reason: "SessionId and PartitionKey are both set but differ; they must be equal")
        }
        return PendingMessage(kind: messageKind, contentType: contentType, body: body, brokerProperties: broker, userProperties: user,
                              partitionKey: partitionKey, messageID: broker["MessageId"].flatMap(Self.text))
    }

    /// An object of scalar values (null is taken as absent).
    private func properties(_ value: SinkJSONValue, field: String, index: Int?) throws(SinkRejection) -> [String: ReceivedPropertyValue] {
        if value == .null { return [:] }
        guard let members = value.members else {
            throw .invalidMessage(sink: name, index: index, reason: "'\(field)' must be a JSON object, not \(value.typeName)")
        }
        var result: [String: ReceivedPropertyValue] = [:]
        for member in members where member.value != .null {
            guard let scalar = ReceivedPropertyValue(member.value) else {
                throw .invalidMessage(sink: name, index: index, reason: "'\(field).\(member.name)' must be a string, number or boolean, not \(member.value.typeName)")
            }
            result[member.name] = scalar
        }
        return result
    }

    /// Strings as they are; numbers by their text (a numeric MessageId is still an id).
    private static func text(_ value: ReceivedPropertyValue) -> String? {
        switch value {
        case .string(let text), .number(let text): return text
        case .bool, .null: return nil
        }
    }

    /// Custom property headers may carry a JSON-quoted string (`"Strong Wind"`); the quotes are not part of the value.
    static func unquoted(_ value: String) -> String {
        let trimmed = value.trimmingCharacters(in: .whitespaces)
        guard trimmed.count >= 2, trimmed.hasPrefix("\""), trimmed.hasSuffix("\""),
              case .string(let text)? = try? SinkJSONParser.parse(Array(trimmed.utf8)) else { return trimmed }
        return text
    }
}
