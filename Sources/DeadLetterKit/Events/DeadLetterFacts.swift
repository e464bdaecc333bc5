/// What the dead-lettering service recorded about the failed delivery. ADT writes none of these (its dead
/// letters are the bare event); Event Grid writes them as extra members, namespaces under `deadletterProperties`.
public struct DeadLetterFacts: Sendable, Hashable {
    /// `deadLetterReason` / `deadletterreason` (e.g. `MaxDeliveryAttemptsExceeded`); an open set of strings.
    public var reason: String?
    public var deliveryAttempts: Int?
    /// `lastDeliveryOutcome` (namespaces: `deliveryresult`), e.g. `NotFound`, `Unauthorized`.
    public var lastDeliveryOutcome: String?
    public var lastHttpStatusCode: Int?
    /// `publishTime` (namespaces: `publishutc`).
    public var publishTime: EventTimestamp?
    /// `lastDeliveryAttemptTime` (namespaces: `deliveryattemptutc`).
    public var lastDeliveryAttemptTime: EventTimestamp?
    /// Namespace topics: the `customDeliveryProperties` object (delivery headers), as raw JSON.
    public var customDeliveryProperties: [UInt8]?

    public init(reason: String? = nil, deliveryAttempts: Int? = nil, lastDeliveryOutcome: String? = nil,
                lastHttpStatusCode: Int? = nil, publishTime: EventTimestamp? = nil,
                lastDeliveryAttemptTime: EventTimestamp? = nil, customDeliveryProperties: [UInt8]? = nil) {
        self.reason = reason
        self.deliveryAttempts = deliveryAttempts
        self.lastDeliveryOutcome = lastDeliveryOutcome
        self.lastHttpStatusCode = lastHttpStatusCode
        self.publishTime = publishTime
        self.lastDeliveryAttemptTime = lastDeliveryAttemptTime
        self.customDeliveryProperties = customDeliveryProperties
    }

    /// True when the service recorded nothing (an ADT dead letter).
    public var isEmpty: Bool {
        reason == nil && deliveryAttempts == nil && lastDeliveryOutcome == nil && lastHttpStatusCode == nil
            && publishTime == nil && lastDeliveryAttemptTime == nil && customDeliveryProperties == nil
    }
}
