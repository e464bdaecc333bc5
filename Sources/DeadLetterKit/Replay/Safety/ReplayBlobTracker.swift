/// Decides when a source blob may be deleted or tagged (`--after delete|tag`): only once every one of its selected
/// events has been acknowledged (in this run, or in an earlier one per the journal) and none failed. Never before.
///
/// Events arrive in source order, blob by blob, so a blob is *sealed* — no more of its events will come — when the
/// source moves on to another blob or ends. A sealed blob with nothing outstanding gets its verdict. Only blobs with
/// events still in flight are remembered, so memory stays bounded however many blobs a run touches.
///
/// A pure value: the runner reports what happened and acts on the verdicts it returns.
struct ReplayBlobTracker: Sendable {
    enum Verdict: Sendable, Equatable {
        /// Every selected event of the blob was acknowledged: the after-action may run.
        case complete(ReplayBlobReference, events: Int)
        /// Some events failed: the blob is kept so nothing is lost.
        case keep(ReplayBlobReference, failed: Int, events: Int)
    }

    private struct Entry: Sendable {
        var reference: ReplayBlobReference
        var selected = 0
        var settled = 0
        var failed = 0
        var sealed = false

        var outstanding: Int { selected - settled - failed }
    }

    private var entries: [ReplayBlobReference.BlobIdentity: Entry] = [:]
    private var current: ReplayBlobReference.BlobIdentity?

    /// Blobs remembered now (those with events not yet settled, plus the open one).
    var trackedBlobs: Int { entries.count }

    /// An event of `blob` was taken from the source. Returns verdicts for the blob this seals, if any.
    mutating func selected(_ blob: ReplayBlobReference) -> [Verdict] {
        let identity = blob.identity
        var verdicts: [Verdict] = []
        if let current, current != identity { verdicts += seal(current) }
        current = identity
        entries[identity, default: Entry(reference: blob)].selected += 1
        return verdicts
    }

    /// An event of the blob was acknowledged now, or found acknowledged in the journal.
    mutating func acknowledged(_ blob: ReplayBlobReference) -> Verdict? {
        update(blob.identity) { $0.settled += 1 }
    }

    /// An event of the blob could not be sent.
    mutating func failed(_ blob: ReplayBlobReference) -> Verdict? {
        update(blob.identity) { $0.failed += 1 }
    }

    /// The source has ended: every blob is sealed.
    mutating func finish() -> [Verdict] {
        current = nil
        var verdicts: [Verdict] = []
        for identity in Array(entries.keys) { verdicts += seal(identity) }
        return verdicts
    }

    /// Blobs that never got a verdict because the run stopped early (their events were neither all acknowledged
    /// nor failed): they are kept.
    var unresolved: [ReplayBlobReference] { entries.values.map(\.reference) }

    private mutating func seal(_ identity: ReplayBlobReference.BlobIdentity) -> [Verdict] {
        guard var entry = entries[identity] else { return [] }
        entry.sealed = true
        entries[identity] = entry
        return verdict(identity).map { [$0] } ?? []
    }

    private mutating func update(_ identity: ReplayBlobReference.BlobIdentity, _ change: (inout Entry) -> Void) -> Verdict? {
        guard var entry = entries[identity] else { return nil }
        change(&entry)
        entries[identity] = entry
        return verdict(identity)
    }

    private mutating func verdict(_ identity: ReplayBlobReference.BlobIdentity) -> Verdict? {
        guard let entry = entries[identity], entry.sealed, entry.outstanding <= 0 else { return nil }
        entries[identity] = nil
        if entry.failed > 0 { return .keep(entry.reference, failed: entry.failed, events: entry.selected) }
        return .complete(entry.reference, events: entry.selected)
    }
}
