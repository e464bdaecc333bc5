/// What reading one blob gave: its matched dead letters (in index order) and its share of the accounting.
struct BlobOutcome: Sendable {
    var name: String
    var matched: [DeadLetter] = []
    /// The estimated memory `matched` holds (`BlobHoldBudget.estimatedSize`), the weight of a blob that waits for an
    /// earlier one: decoded dead letters take up to ten times their blob's bytes (100k tiny events in 6 MB: 60 MB).
    var heldBytes = 0
    var tally = ScanTally()
    /// Set when the blob could not be read (or only partly): the reason, named once in the summary.
    var failure: String?
    /// Set when the blob was listed but deliberately not read: the reason, named once in the summary.
    var skipReason: String?
    /// A large blob left to be decoded as it streams, in order, by the consumer (so it is never held whole).
    var deferred: WalkedBlob?
}

/// Counts one blob (or one export file) contributes to the run summary.
struct ScanTally: Sendable {
    var blobsListed = 0
    var blobsRead = 0
    var eventsRead = 0
    var matched = 0
    var skipped: [String: Int] = [:]

    mutating func skip(_ reason: String, count: Int = 1) { skipped[reason, default: 0] += count }

    /// The consumer stopped (`--limit`) with `count` matched dead letters not handed to it: they are skipped, so
    /// that `matched` is what the consumer received and events read still equal matched + skipped.
    mutating func withhold(_ count: Int) {
        guard count > 0 else { return }
        matched -= count
        skip(SkipReason.afterLimit, count: count)
    }

    mutating func add(_ other: ScanTally) {
        blobsListed += other.blobsListed
        blobsRead += other.blobsRead
        eventsRead += other.eventsRead
        matched += other.matched
        for (reason, count) in other.skipped { skipped[reason, default: 0] += count }
    }
}

/// Skip reasons as the summary shows them; one wording everywhere so counts add up.
enum SkipReason {
    static let unparseable = "unparseable"
    static let notADeadLetter = "not a dead letter"
    static let outsideWindow = "outside the time window"
    static let filteredOut = "did not match the filters"
    static let notJSONBlob = "blob fits no dead-letter layout and is not .json"
    static let afterLimit = "not passed on: the run stopped at --limit"
}
