import NIOCore

/// A bounded hand-over from a running scan to a consumer that pulls (an `AsyncSequence` reader such as replay).
/// The scan suspends while `capacity` dead letters wait, so a slow destination slows the download instead of
/// letting events pile up in memory; `AsyncThrowingStream` has no such back-pressure. A ring buffer, so what waits
/// is exactly what is held (an array consumed from the front keeps the taken elements until it is compacted).
actor ScanHandOff {
    private let capacity: Int
    private var buffer: CircularBuffer<DeadLetter>
    private var receiver: CheckedContinuation<DeadLetter?, any Error>?
    private var blockedSenders: [CheckedContinuation<Void, Never>] = []
    private var completion: Result<Void, any Error>?
    private var consumerGone = false

    init(capacity: Int) {
        self.capacity = max(1, capacity)
        buffer = CircularBuffer(initialCapacity: self.capacity)
    }

    /// Hands one dead letter over; suspends while the buffer is full. False once the consumer has gone away.
    func send(_ deadLetter: DeadLetter) async -> Bool {
        guard !consumerGone else { return false }
        if let waiting = receiver {
            receiver = nil
            waiting.resume(returning: deadLetter)
            return true
        }
        buffer.append(deadLetter)
        while buffer.count >= capacity && !consumerGone {
            await withCheckedContinuation { blockedSenders.append($0) }
        }
        return !consumerGone
    }

    /// The next dead letter, nil at the end; rethrows the scan's error.
    func receive() async throws -> DeadLetter? {
        if !buffer.isEmpty {
            let next = buffer.removeFirst()
            if !blockedSenders.isEmpty { blockedSenders.removeFirst().resume() }
            return next
        }
        if let completion {
            try completion.get()
            return nil
        }
        return try await withCheckedThrowingContinuation { receiver = $0 }
    }

    /// The scan ended (or failed): wakes a waiting receiver.
    func finish(_ result: Result<Void, any Error>) {
        completion = result
        if let waiting = receiver {
            receiver = nil
            switch result {
            case .success: waiting.resume(returning: nil)
            case .failure(let error): waiting.resume(throwing: error)
            }
        }
    }

    /// The consumer stopped reading: release the scan so it can end.
    func consumerFinished() {
        consumerGone = true
        let senders = blockedSenders
        blockedSenders = []
        for sender in senders { sender.resume() }
    }
}

/// Matched dead letters of a running scan as an `AsyncSequence`, in scan order.
public struct ScannedDeadLetters: AsyncSequence, Sendable {
    public typealias Element = DeadLetter
    let handOff: ScanHandOff

    public struct AsyncIterator: AsyncIteratorProtocol {
        let handOff: ScanHandOff
        public mutating func next() async throws -> DeadLetter? { try await handOff.receive() }
    }

    public func makeAsyncIterator() -> AsyncIterator { AsyncIterator(handOff: handOff) }
}

/// A scan running in the background, read as a sequence; `summary()` waits for its accounting.
public struct RunningScan: Sendable {
    public let deadLetters: ScannedDeadLetters
    let task: Task<RunSummary, any Error>

    /// Ends the scan (if the reader stopped early) and returns its accounting.
    public func summary() async throws -> RunSummary {
        await deadLetters.handOff.consumerFinished()
        return try await task.value
    }
}

extension DeadLetterScanner {
    /// Starts the scan in the background and returns its matched dead letters as a back-pressured sequence.
    public func start(progress: ProgressReporter? = nil, buffer: Int = 256) -> RunningScan {
        let handOff = ScanHandOff(capacity: buffer)
        let scanner = self
        let task = Task {
            do {
                let summary = try await scanner.run(progress: progress) { deadLetter in
                    await handOff.send(deadLetter) ? .continue : .stop
                }
                await handOff.finish(.success(()))
                return summary
            } catch {
                await handOff.finish(.failure(error))
                throw error
            }
        }
        return RunningScan(deadLetters: ScannedDeadLetters(handOff: handOff), task: task)
    }
}
