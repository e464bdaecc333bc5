import Foundation

/// One Event Hub or Service Bus queue/topic behind `POST /<entity>/messages`: authenticate, then read a single send
/// (body = payload, `BrokerProperties` header, custom properties as headers) or a batch send
/// (`application/vnd.microsoft.servicebus.json`), enforcing the entity's size limits (wire-formats §6.2–6.3).
struct MessagingSink {
    let name: String
    let config: MessagingEntityConfig
    let now: Date

    static let batchContentType = "application/vnd.microsoft.servicebus.json"

    var messageKind: ReceivedMessage.Kind { config.kind == .eventHub ? .eventHubsMessage : .serviceBusMessage }

    func accept(_ request: EmulatorRequest) throws(SinkRejection) -> [PendingMessage] {
        try authenticate(request)
        guard request.body.count <= config.maxBatchBytes else {
            throw .requestTooLarge(sink: name, size: request.body.count, limit: config.maxBatchBytes)
        }
        let contentType = request.header("Content-Type")
        let mediaType = contentType?.split(separator: ";", maxSplits: 1).first.map { $0.trimmingCharacters(in: .whitespaces).lowercased() }
        let messages = mediaType == Self.batchContentType ? try batchMessages(request.body) : [try singleMessage(request, contentType: contentType)]
        for (index, message) in messages.enumerated() {
            let size = Self.size(of: message)
            guard size <= config.maxMessageBytes else {
                throw .messageTooLarge(sink: name, index: messages.count == 1 && mediaType != Self.batchContentType ? nil : index,
                                       size: size, limit: config.maxMessageBytes)
            }
        }
        return messages
    }

    /// A message's size as the limit counts it: body plus the names and values of its properties.
    static func size(of message: PendingMessage) -> Int {
        func bytes(_ properties: [String: ReceivedPropertyValue]) -> Int {
            properties.reduce(0) { $0 + $1.key.utf8.count + $1.value.description.utf8.count }
        }
        return message.body.count + bytes(message.userProperties) + bytes(message.brokerProperties)
    }
}
