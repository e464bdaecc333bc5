/// What opening a journal keeps in memory: where each acknowledged batch's record lies and which ordinals it spans
/// — about 32 bytes per batch (64 KB for a million events in batches of 500) instead of 16 bytes per event. The
/// records themselves stay on disk until the rerun reaches their ordinals.
struct ReplayJournalIndex: Sendable {
    /// One batch record: the ordinals it spans and where its payload is in the file.
    struct Extent: Sendable, Equatable {
        var firstOrdinal: Int
        var lastOrdinal: Int
        var payloadOffset: Int
        var payloadLength: Int
    }

    /// Sorted by `firstOrdinal` (records are appended as batches are acknowledged, which is nearly, not exactly, in order).
    private(set) var extents: [Extent] = []
    /// Acknowledged events recorded in the file.
    private(set) var events = 0
    /// True when the file holds records without ordinals (written by an earlier version): they can only be matched by key.
    private(set) var hasRecordsWithoutOrdinals = false
    private var sorted = true

    mutating func add(_ entries: [ReplayJournalEntry], payloadOffset: Int, payloadLength: Int) {
        guard let first = entries.first, let last = entries.last else { return }
        let extent = Extent(firstOrdinal: first.ordinal, lastOrdinal: last.ordinal, payloadOffset: payloadOffset, payloadLength: payloadLength)
        if let previous = extents.last, previous.firstOrdinal > extent.firstOrdinal { sorted = false }
        extents.append(extent)
        events += entries.count
    }

    mutating func addKeysWithoutOrdinals(count: Int) {
        hasRecordsWithoutOrdinals = true
        events += count
    }

    /// Call once all records are added.
    mutating func finish() {
        if !sorted { extents.sort { $0.firstOrdinal < $1.firstOrdinal } }
        sorted = true
    }
}
