/// The bounded hand-over between the producer (reading, encoding, batching) and the dispatcher (publishing). The
/// producer waits when it is `capacity` batches ahead, so memory stays bounded by what is in flight.
///
/// `finish()` ends the input normally (the rest is still handed out); `cancel()` stops at once: waiting producers
/// are told no, and the batches nobody took stay for `leftovers()` to account for.
actor ReplayBatchQueue {
    private let capacity: Int
    private var buffer: [ReplayBatch] = []
    private var head = 0
    private var finished = false
    private var cancelled = false
    private var consumer: CheckedContinuation<ReplayBatch?, Never>?
    private var producers: [CheckedContinuation<Void, Never>] = []

    init(capacity: Int) {
        self.capacity = max(1, capacity)
    }

    private var count: Int { buffer.count - head }

    /// Adds a batch, waiting while the queue is full; false when the queue was cancelled (the batch was not taken).
    func push(_ batch: ReplayBatch) async -> Bool {
        while !cancelled && count >= capacity {
            await withCheckedContinuation { producers.append($0) }
        }
        guard !cancelled, !finished else { return false }
        if let consumer {
            self.consumer = nil
            consumer.resume(returning: batch)
        } else {
            buffer.append(batch)
        }
        return true
    }

    /// The next batch; nil once finished and empty, or cancelled.
    func pop() async -> ReplayBatch? {
        if let batch = take() { return batch }
        if finished || cancelled { return nil }
        return await withCheckedContinuation { consumer = $0 }
    }

    func finish() {
        finished = true
        if count == 0 { wakeConsumer() }
    }

    /// Stops the hand-over: `pop` answers nil and `push` false from now on.
    func cancel() {
        cancelled = true
        wakeConsumer()
        wakeProducers()
    }

    /// The batches that were queued but never taken (after `cancel()`), once.
    func leftovers() -> [ReplayBatch] {
        let rest = Array(buffer[head...])
        buffer = []
        head = 0
        return rest
    }

    private func take() -> ReplayBatch? {
        guard !cancelled, head < buffer.count else { return nil }
        let batch = buffer[head]
        head += 1
        if head > 64 && head * 2 > buffer.count {
            buffer.removeFirst(head)
            head = 0
        }
        wakeProducers()
        return batch
    }

    private func wakeConsumer() {
        consumer?.resume(returning: nil)
        consumer = nil
    }

    private func wakeProducers() {
        let waiting = producers
        producers = []
        for producer in waiting { producer.resume() }
    }
}
