/// The hand-over between a walk's producer task and its consumer: a bounded queue of item batches (each at most
/// `ContainerWalk.maxBatchItems`). The producer suspends while the queue is full, so a slow consumer slows the
/// listing down instead of letting items pile up; AsyncThrowingStream has no such back-pressure.
actor WalkItemChannel {
    private enum Completion {
        case finished
        case failed(any Error)
    }

    private let capacity: Int
    private var batches: [[WalkItem]] = []
    private var statistics = WalkStatistics()
    private var completion: Completion?
    private var receiver: CheckedContinuation<[WalkItem]?, any Error>?
    private var blockedSender: CheckedContinuation<Bool, Never>?
    private var consumerGone = false
    private var producer: Task<Void, Never>?
    private var started = false

    init(capacity: Int) {
        self.capacity = max(1, capacity)
    }

    /// Starts the producer once; false if it was already started (a walk is a single pass).
    func start(_ body: @escaping @Sendable (WalkItemChannel) async -> Void) -> Bool {
        guard !started else { return false }
        started = true
        // Detached so that the walk never runs on this actor, whatever isolation the caller has.
        producer = Task.detached(priority: Task.currentPriority) { await body(self) }
        return true
    }

    var currentStatistics: WalkStatistics { statistics }

    // MARK: Producer side

    /// Queues a batch; suspends while the queue is full. Returns false once the consumer has gone away.
    func send(_ batch: [WalkItem], statistics: WalkStatistics) async -> Bool {
        self.statistics = statistics
        guard !consumerGone else { return false }
        guard !batch.isEmpty else { return true }
        if let receiver {
            self.receiver = nil
            receiver.resume(returning: batch)
            return true
        }
        batches.append(batch)
        guard batches.count >= capacity else { return true }
        return await withCheckedContinuation { blockedSender = $0 }
    }

    func finish(statistics: WalkStatistics, error: (any Error)?) {
        self.statistics = statistics
        completion = error.map { .failed($0) } ?? .finished
        if let receiver, batches.isEmpty {
            self.receiver = nil
            deliverCompletion(to: receiver)
        }
    }

    // MARK: Consumer side

    /// The next batch; nil when the walk is complete; throws the walk's error once.
    func receive() async throws -> [WalkItem]? {
        if !batches.isEmpty {
            let batch = batches.removeFirst()
            releaseSender(true)
            return batch
        }
        if consumerGone { throw CancellationError() }
        if let completion {
            guard case .failed(let error) = completion else { return nil }
            self.completion = .finished
            throw error
        }
        return try await withCheckedThrowingContinuation { receiver = $0 }
    }

    /// The consumer stopped (cancelled, or dropped its iterator): stop the producer and wake everyone.
    func cancel() {
        guard !consumerGone else { return }
        consumerGone = true
        producer?.cancel()
        batches.removeAll()
        releaseSender(false)
        if let receiver {
            self.receiver = nil
            receiver.resume(throwing: CancellationError())
        }
    }

    private func releaseSender(_ keepGoing: Bool) {
        guard let sender = blockedSender else { return }
        blockedSender = nil
        sender.resume(returning: keepGoing)
    }

    private func deliverCompletion(to continuation: CheckedContinuation<[WalkItem]?, any Error>) {
        switch completion {
        case .failed(let error):
            // Report the failure once; later calls see a finished walk.
            completion = .finished
            continuation.resume(throwing: error)
        case .finished, nil:
            continuation.resume(returning: nil)
        }
    }
}
