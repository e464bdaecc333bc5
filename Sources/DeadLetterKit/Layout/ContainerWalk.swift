/// A walk in progress: a single-pass `AsyncSequence` of `WalkItem`s with back-pressure (listing stops while the
/// consumer does not pull). Breaking out of the loop or cancelling the consuming task stops the listing.
public struct ContainerWalk: AsyncSequence, Sendable {
    public typealias Element = WalkItem

    /// Batches queued between producer and consumer.
    static let queuedBatches = 2
    /// The most items in one batch: a List Blobs page (up to 5000 entries) goes out in several, so that what waits
    /// between producer and consumer stays small whatever the page size.
    static let maxBatchItems = 1000

    /// The batches `count` items of one page go out in, in order; one empty batch for an empty page, which still
    /// carries the page's statistics (its request, a folder failure) to the consumer.
    static func batchRanges(count: Int) -> [Range<Int>] {
        guard count > 0 else { return [0..<0] }
        return stride(from: 0, to: count, by: maxBatchItems).map { $0..<Swift.min(count, $0 + maxBatchItems) }
    }

    private let channel: WalkItemChannel
    private let producer: @Sendable (WalkItemChannel) async -> Void

    init(producer: @escaping @Sendable (WalkItemChannel) async -> Void) {
        self.channel = WalkItemChannel(capacity: Self.queuedBatches)
        self.producer = producer
    }

    public func makeAsyncIterator() -> Iterator {
        Iterator(channel: channel, producer: producer)
    }

    /// Requests, pruning and counts so far; final once iteration has ended.
    public func statistics() async -> WalkStatistics {
        await channel.currentStatistics
    }

    public struct Iterator: AsyncIteratorProtocol {
        private let channel: WalkItemChannel
        private let producer: @Sendable (WalkItemChannel) async -> Void
        private let lifetime: ConsumerLifetime
        private var started = false
        private var batch: [WalkItem] = []
        private var position = 0

        init(channel: WalkItemChannel, producer: @escaping @Sendable (WalkItemChannel) async -> Void) {
            self.channel = channel
            self.producer = producer
            self.lifetime = ConsumerLifetime(channel: channel)
        }

        public mutating func next() async throws -> WalkItem? {
            if !started {
                started = true
                guard await channel.start(producer) else { throw ContainerWalkError.alreadyIterated }
            }
            while position == batch.count {
                let channel = channel
                let received = try await withTaskCancellationHandler {
                    try await channel.receive()
                } onCancel: {
                    Task { await channel.cancel() }
                }
                guard let received else { return nil }
                batch = received
                position = 0
            }
            defer { position += 1 }
            return batch[position]
        }
    }

    /// Stops the producer when the last copy of an iterator goes away (e.g. `break` out of a `for try await`).
    private final class ConsumerLifetime: Sendable {
        let channel: WalkItemChannel

        init(channel: WalkItemChannel) {
            self.channel = channel
        }

        deinit {
            let channel = channel
            Task { await channel.cancel() }
        }
    }
}
