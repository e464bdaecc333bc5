/// One acknowledged event as the journal records it: its ordinal — its position among the events the run selected
/// from the source, counted from 0 — and the digest of its key. A rerun over the same selection meets the events in
/// the same order, so it can check each one against the record at its position instead of holding every key.
public struct ReplayJournalEntry: Sendable, Hashable {
    public let ordinal: Int
    let digest: ReplayJournalKeyDigest

    init(ordinal: Int, digest: ReplayJournalKeyDigest) {
        self.ordinal = ordinal
        self.digest = digest
    }

    public init(ordinal: Int, key: ReplayEventKey) {
        self.init(ordinal: ordinal, digest: ReplayJournalKeyDigest(key))
    }
}
