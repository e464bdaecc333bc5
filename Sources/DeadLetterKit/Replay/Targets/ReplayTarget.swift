/// A destination a replay publishes batches to. A target knows how to turn a dead letter into the exact bytes of
/// one batch element, how the batch is framed and labelled, where it goes and how it is signed; the runner knows
/// nothing of the three services beyond this.
public protocol ReplayTarget: Sendable {
    var kind: ReplayTargetKind { get }
    /// Where batches are POSTed, with any required query (`api-version`), never with a credential.
    var requestURL: String { get }
    /// `eventhubs:https://ns.servicebus.windows.net/hub`: for messages, the summary and the journal's identity.
    var displayName: String { get }
    /// The request's `Content-Type`.
    var contentType: String { get }
    var limits: ReplayBatchLimits { get }
    var credential: ReplayTargetCredential { get }
    /// True when a repeated message is dropped by the destination (Service Bus duplicate detection on MessageId),
    /// so a retry after an ambiguous failure cannot produce a duplicate if the entity has detection enabled.
    var deduplicatesByMessageID: Bool { get }

    /// The bytes of `letter` as one element of the batch array. Throws when the event cannot be expressed for this
    /// target (wrong schema, binary data the REST API cannot carry, a required attribute missing).
    func encode(_ letter: DeadLetter) throws(ReplayEncodingError) -> [UInt8]

    /// The credential header for the next request.
    func authorizationHeader() async throws -> (name: String, value: String)
}

extension ReplayTarget {
    /// `[a,b,c]`: the request body of a batch of encoded elements.
    public func requestBody(_ elements: [[UInt8]]) -> [UInt8] {
        Array(ReplayRequestBody(elements, elementBytes: elements.reduce(0) { $0 + $1.count }).bytes.readableBytesView)
    }
}
