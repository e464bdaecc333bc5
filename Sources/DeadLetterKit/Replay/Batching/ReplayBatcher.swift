/// Groups encoded events into requests in source order, never crossing the limits. Pure: it holds the open batch
/// and answers, for each item offered, whether a batch is now complete or the item cannot be sent at all.
///
/// The size of a batch is the size of the JSON array it becomes: `2 + Σ item bytes + (count − 1)` separators.
public struct ReplayBatcher<Element: Sendable>: Sendable {
    /// `[` and `]`.
    public static var framingBytes: Int { 2 }

    public enum Decision: Sendable {
        /// The item joined the open batch; nothing to send yet.
        case held
        /// A batch is complete and should be sent. The item is in it when `includesItem`, otherwise it opened the next one.
        case ready(ReplayBatchContents<Element>, includesItem: Bool)
        /// The item alone is larger than `limits.largestItem`: it must fail and not be sent. The open batch is unchanged.
        case oversized(size: Int, limit: Int)
    }

    public let limits: ReplayBatchLimits
    private var items: [Element] = []
    private var itemBytes = 0

    public init(limits: ReplayBatchLimits) {
        self.limits = limits
    }

    public var isEmpty: Bool { items.isEmpty }
    public var pendingCount: Int { items.count }
    /// The request size the open batch would have now.
    public var pendingRequestBytes: Int { Self.requestBytes(count: items.count, itemBytes: itemBytes) }

    public mutating func add(_ element: Element, size: Int) -> Decision {
        guard size <= limits.largestItem else { return .oversized(size: size, limit: limits.largestItem) }
        if !items.isEmpty, Self.requestBytes(count: items.count + 1, itemBytes: itemBytes + size) > limits.maxRequestBytes {
            let full = take()
            // The item opens the next batch. It cannot complete it alone: with `maxEvents == 1` no batch is ever open here.
            append(element, size: size)
            return .ready(full, includesItem: false)
        }
        append(element, size: size)
        if items.count >= limits.maxEvents { return .ready(take(), includesItem: true) }
        return .held
    }

    /// The open batch, if any, to be sent because the source has ended (or a pause is due).
    public mutating func flush() -> ReplayBatchContents<Element>? {
        items.isEmpty ? nil : take()
    }

    private mutating func append(_ element: Element, size: Int) {
        items.append(element)
        itemBytes += size
    }

    private mutating func take() -> ReplayBatchContents<Element> {
        let batch = ReplayBatchContents(items: items, requestBytes: pendingRequestBytes)
        items = []
        itemBytes = 0
        return batch
    }

    static func requestBytes(count: Int, itemBytes: Int) -> Int {
        count == 0 ? framingBytes : framingBytes + itemBytes + (count - 1)
    }
}

/// The items of one request and the size of the body they make.
public struct ReplayBatchContents<Element: Sendable>: Sendable {
    public var items: [Element]
    public var requestBytes: Int

    public init(items: [Element], requestBytes: Int) {
        self.items = items
        self.requestBytes = requestBytes
    }
}
