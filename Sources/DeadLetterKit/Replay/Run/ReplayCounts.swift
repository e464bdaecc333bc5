/// The run's tallies, kept by `ReplayLedger` and turned into the summary.
struct ReplayCounts: Sendable, Equatable {
    var selected = 0
    /// Events in requests put on the wire (first attempts).
    var sent = 0
    var acknowledged = 0
    var skipped = 0
    var failed = 0
    var failureReasons: [String: Int] = [:]
    var possibleDuplicates = 0
    /// Acknowledged requests.
    var batches = 0
    /// Every request, retries and split halves included.
    var requests = 0
    var retries = 0
    /// Batches split in two after a 413, or bisected after a 400.
    var splits = 0
    /// Request bytes of acknowledged batches.
    var bytes = 0
    var throttled = 0
    var blobsDeleted = 0
    var blobsTagged = 0
    var blobsKept = 0
    var blobIssues: [ReplaySummary.BlobIssue] = []
}
