/// What a batch keeps of one event once the event's bytes are in the request body: its journal entry and, only when
/// the run needs them, the dead letter (for `--failed`) and its source blob (for `--after delete|tag`). About 100
/// bytes, so what is in flight is mostly the request bodies themselves.
struct ReplayItem: Sendable {
    let entry: ReplayJournalEntry
    let letter: ReplayRetainedLetter?
    let blob: ReplayBlobReference?
}

/// A dead letter kept with its batch for `--failed`, boxed: a `DeadLetter` is over a kilobyte inline, and items
/// without one should not pay for the room.
final class ReplayRetainedLetter: Sendable {
    let letter: DeadLetter

    init(_ letter: DeadLetter) {
        self.letter = letter
    }
}

/// An event encoded for the target, in the open batch until the batch is complete.
struct ReplayEncodedItem: Sendable {
    let item: ReplayItem
    let bytes: [UInt8]
}

/// A batch handed from the producer to the dispatcher: the request body and what it holds.
struct ReplayBatch: Sendable {
    let body: ReplayRequestBody
    let items: [ReplayItem]
    /// An earlier attempt of (a batch containing) these events had an unknown outcome: acknowledging them now may
    /// have delivered them twice.
    var mayBeDuplicate = false

    /// Writes the body of a batch of encoded events; their separate byte arrays can go once this returns.
    init(_ encoded: [ReplayEncodedItem]) {
        body = ReplayRequestBody(encoded.lazy.map(\.bytes), elementBytes: encoded.reduce(0) { $0 + $1.bytes.count })
        items = encoded.map(\.item)
    }

    private init(body: ReplayRequestBody, items: [ReplayItem], mayBeDuplicate: Bool) {
        self.body = body
        self.items = items
        self.mayBeDuplicate = mayBeDuplicate
    }

    /// The two halves, for a 413 split or a 400 bisection.
    func halves() -> (ReplayBatch, ReplayBatch) {
        let middle = items.count / 2
        let (left, right) = body.split(at: middle)
        return (ReplayBatch(body: left, items: Array(items[..<middle]), mayBeDuplicate: mayBeDuplicate),
                ReplayBatch(body: right, items: Array(items[middle...]), mayBeDuplicate: mayBeDuplicate))
    }

    /// The events with what `--failed` and the blob tracker need of them.
    var failures: [(letter: DeadLetter?, blob: ReplayBlobReference?)] {
        items.map { ($0.letter?.letter, $0.blob) }
    }
}
