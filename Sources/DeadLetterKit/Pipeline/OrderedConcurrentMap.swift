/// The bounds of `forEachOrdered`.
public struct OrderedMapLimits: Sendable, Equatable {
    /// Transforms running at once (download slots).
    public var running: Int
    /// Elements started but not yet consumed: running, or finished and waiting for an earlier one. Several times
    /// `running`, so that one slow element (a retried download, a hung connection) does not stop the others: the
    /// slots keep working past it until this many elements are held.
    public var window: Int
    /// The most weight (see `forEachOrdered`'s `weight`) that finished results waiting for an earlier one may add up
    /// to; no new element is started while they exceed it. Keeps a window of large results from filling memory.
    public var maxWaitingWeight: Int

    public init(running: Int, window: Int? = nil, maxWaitingWeight: Int = .max) {
        self.running = max(1, running)
        self.window = max(self.running, window ?? self.running)
        self.maxWaitingWeight = max(0, maxWaitingWeight)
    }
}

/// Runs `transform` on the elements of `input` with at most `limits.running` running at once, and hands the results
/// to `consume` in input order.
///
/// Why: downloads must overlap (one request at a time over a 20 ms link is 50 blobs/s) but output must be
/// deterministic (blob name, then index). What is held is bounded: at most `limits.window` elements between start and
/// consumption, and no new start while the finished results waiting for an earlier one weigh more than
/// `limits.maxWaitingWeight`. The element being waited for is always running, so the bounds never stop progress.
public func forEachOrdered<Input: AsyncSequence & Sendable, Output: Sendable>(
    _ input: Input,
    limits: OrderedMapLimits,
    weight: (Output) -> Int = { _ in 0 },
    transform: @escaping @Sendable (Input.Element) async throws -> Output,
    consume: (Output) async throws -> Void
) async throws where Input.Element: Sendable {
    try await withThrowingTaskGroup(of: (Int, Output).self) { group in
        var iterator = input.makeAsyncIterator()
        var nextToStart = 0
        var nextToEmit = 0
        var running = 0
        var finished: [Int: Output] = [:]
        var waitingWeight = 0
        var inputDone = false

        func startMore() async throws {
            while !inputDone, running < limits.running, nextToStart - nextToEmit < limits.window,
                  waitingWeight <= limits.maxWaitingWeight {
                guard let element = try await iterator.next() else {
                    inputDone = true
                    return
                }
                let index = nextToStart
                nextToStart += 1
                running += 1
                group.addTask { (index, try await transform(element)) }
            }
        }

        try await startMore()
        while nextToEmit < nextToStart {
            guard let (index, output) = try await group.next() else { break }
            running -= 1
            if index == nextToEmit {
                nextToEmit += 1
                try await consume(output)
            } else {
                finished[index] = output
                waitingWeight += weight(output)
            }
            while let ready = finished.removeValue(forKey: nextToEmit) {
                nextToEmit += 1
                waitingWeight -= weight(ready)
                try await consume(ready)
            }
            try await startMore()
        }
    }
}
