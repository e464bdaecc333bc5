/// One event on its way: its journal key, the exact bytes it becomes in the batch, the dead letter itself (for
/// `--failed`) and, when after-actions are on, its source blob.
struct ReplayItem: Sendable {
    let key: ReplayEventKey
    let bytes: [UInt8]
    let letter: DeadLetter
    let blob: ReplayBlobReference?
}

/// A batch handed from the producer to the dispatcher.
struct ReplayBatch: Sendable {
    var items: [ReplayItem]
    /// An earlier attempt of (a batch containing) these events had an unknown outcome: acknowledging them now may
    /// have delivered them twice.
    var mayBeDuplicate = false

    /// The two halves, for a 413 split or a 400 bisection.
    func halves() -> (ReplayBatch, ReplayBatch) {
        let middle = items.count / 2
        return (ReplayBatch(items: Array(items[..<middle]), mayBeDuplicate: mayBeDuplicate),
                ReplayBatch(items: Array(items[middle...]), mayBeDuplicate: mayBeDuplicate))
    }
}
