/// `--mark`: the CloudEvents extension attribute `deadletterreplay`, the number of times the event has been replayed.
/// A consumer (or a later run) that sees it knows the event came back from a dead-letter store, and can spot a loop.
enum ReplayMark {
    static let attribute = "deadletterreplay"
    static let amqpProperty = "cloudEvents:" + attribute

    /// The count the event carries now (0 when unmarked; a string holding a number is accepted too).
    static func currentCount(_ value: JSONRawValue?) -> Int {
        guard let value else { return 0 }
        return value.int ?? value.string.flatMap { Int($0) } ?? 0
    }

    /// A structured CloudEvent with `deadletterreplay` set to one more than it was.
    static func marking(cloudEvent bytes: [UInt8]) -> [UInt8] {
        let count = currentCount(JSONRawValue(validatedBytes: bytes)[member: attribute])
        return ReplayJSONRewrite.object(bytes, dropping: [attribute]) { writer in
            writer.key(attribute)
            writer.number(count + 1)
        }
    }

    /// The application properties of a binary-mode message with `cloudEvents:deadletterreplay` incremented.
    static func marking(_ properties: [AMQPApplicationProperty]) -> [AMQPApplicationProperty] {
        let count = properties.first { $0.name == amqpProperty }.flatMap { Int($0.value) } ?? 0
        return properties.filter { $0.name != amqpProperty } + [AMQPApplicationProperty(name: amqpProperty, value: String(count + 1))]
    }
}
