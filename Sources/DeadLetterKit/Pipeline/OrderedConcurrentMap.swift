/// Runs `transform` on the elements of `input` with at most `limit` running at once, and hands the results to
/// `consume` in input order.
///
/// Why: downloads must overlap (one request at a time over a 20 ms link is 50 blobs/s) but output must be
/// deterministic (blob name, then index). At most `limit` results are held — running or finished but waiting
/// for an earlier one — so memory stays bounded however long the input is.
public func forEachOrdered<Input: AsyncSequence & Sendable, Output: Sendable>(
    _ input: Input,
    limit: Int,
    transform: @escaping @Sendable (Input.Element) async throws -> Output,
    consume: (Output) async throws -> Void
) async throws where Input.Element: Sendable {
    precondition(limit >= 1, "limit must be at least 1")
    try await withThrowingTaskGroup(of: (Int, Output).self) { group in
        var iterator = input.makeAsyncIterator()
        var nextToStart = 0
        var nextToEmit = 0
        var finished: [Int: Output] = [:]
        var inputDone = false

        func startMore() async throws {
            while !inputDone, nextToStart - nextToEmit < limit {
                guard let element = try await iterator.next() else {
                    inputDone = true
                    return
                }
                let index = nextToStart
                nextToStart += 1
                group.addTask { (index, try await transform(element)) }
            }
        }

        try await startMore()
        while nextToEmit < nextToStart {
            guard let (index, output) = try await group.next() else { break }
            finished[index] = output
            while let ready = finished.removeValue(forKey: nextToEmit) {
                nextToEmit += 1
                try await consume(ready)
            }
            try await startMore()
        }
    }
}
