import NIOCore

/// The bounded hand-over between the producer (reading, encoding, batching) and the dispatcher (publishing). The
/// producer waits when it is `capacity` batches ahead, so memory stays bounded by what is in flight.
///
/// A couple of batches ahead is enough: a slot that frees up takes the next batch at once, and the producer has the
/// time of a whole request to make the one after. More would only hold more events in memory, since a destination
/// slower than the producer keeps the queue full whatever its size.
///
/// `finish()` ends the input normally (the rest is still handed out); `cancel()` stops at once: waiting producers
/// are told no, and the batches nobody took stay for `leftovers()` to account for.
actor ReplayBatchQueue {
    /// What the runner uses: two batches ahead of the dispatcher, whatever `--concurrency` is.
    static let batchesAhead = 2

    private let capacity: Int
    /// A ring buffer: a batch taken out is released at once (an array consumed from the front would keep every
    /// taken batch, request body and all, until it was compacted).
    private var buffer: CircularBuffer<ReplayBatch>
    private var finished = false
    private var cancelled = false
    private var consumer: CheckedContinuation<ReplayBatch?, Never>?
    private var producers: [CheckedContinuation<Void, Never>] = []

    init(capacity: Int) {
        self.capacity = max(1, capacity)
        buffer = CircularBuffer(initialCapacity: self.capacity)
    }

    private var count: Int { buffer.count }

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
        let rest = Array(buffer)
        buffer.removeAll()
        return rest
    }

    private func take() -> ReplayBatch? {
        guard !cancelled, !buffer.isEmpty else { return nil }
        let batch = buffer.removeFirst()
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
