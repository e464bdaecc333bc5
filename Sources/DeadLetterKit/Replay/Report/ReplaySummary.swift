/// The account a replay ends with: every selected event counted once as sent, skipped (an earlier run delivered it,
/// per the journal) or failed (by reason); how the delivery went; what became of the source blobs; why it ended.
public struct ReplaySummary: Sendable, Equatable {
    public struct BlobIssue: Sendable, Equatable {
        /// The blob's location (container URL without a query, and name).
        public var blob: String
        public var problem: String

        public init(blob: String, problem: String) {
            self.blob = blob
            self.problem = problem
        }
    }

    /// `eventhubs:https://…/hub` — no credential.
    public var target: String
    public var selected: Int
    /// Acknowledged by the destination in this run (and recorded in the journal).
    public var sent: Int
    public var skipped: Int
    public var failed: Int
    /// Failed events by `ReplayFailure.category`.
    public var failureReasons: [String: Int]
    /// Events acknowledged after an attempt whose outcome was unknown: they may have arrived twice.
    public var possibleDuplicates: Int
    /// The target drops repeated MessageIds when the entity has duplicate detection (Service Bus), so the
    /// possible duplicates above are then dropped by the broker.
    public var duplicatesDroppedByMessageID: Bool
    /// Acknowledged requests.
    public var batches: Int
    /// All requests, retries and split halves included.
    public var requests: Int
    public var retries: Int
    /// Batches split (413) or bisected (400).
    public var splits: Int
    /// Request bytes of the acknowledged batches.
    public var bytes: Int
    public var elapsed: Duration
    /// Throttling answers (429, 503, quota) received.
    public var throttled: Int
    public var afterAction: ReplayAfterAction
    public var blobsDeleted: Int
    public var blobsTagged: Int
    public var blobsKept: Int
    /// Blobs kept or not acted on, with why (the first thousand).
    public var blobIssues: [BlobIssue]
    public var journalPath: String?
    public var failedEventsPath: String?
    /// Problems that do not change the counts but need attention (a `--failed` file that could not be written).
    public var warnings: [String]
    public var stop: ReplayStopReason

    public init(target: String, selected: Int = 0, sent: Int = 0, skipped: Int = 0, failed: Int = 0, failureReasons: [String: Int] = [:],
                possibleDuplicates: Int = 0, duplicatesDroppedByMessageID: Bool = false, batches: Int = 0, requests: Int = 0, retries: Int = 0,
                splits: Int = 0, bytes: Int = 0, elapsed: Duration = .zero, throttled: Int = 0, afterAction: ReplayAfterAction = .keep,
                blobsDeleted: Int = 0, blobsTagged: Int = 0, blobsKept: Int = 0, blobIssues: [BlobIssue] = [], journalPath: String? = nil,
                failedEventsPath: String? = nil, warnings: [String] = [], stop: ReplayStopReason = .completed) {
        self.target = target
        self.selected = selected
        self.sent = sent
        self.skipped = skipped
        self.failed = failed
        self.failureReasons = failureReasons
        self.possibleDuplicates = possibleDuplicates
        self.duplicatesDroppedByMessageID = duplicatesDroppedByMessageID
        self.batches = batches
        self.requests = requests
        self.retries = retries
        self.splits = splits
        self.bytes = bytes
        self.elapsed = elapsed
        self.throttled = throttled
        self.afterAction = afterAction
        self.blobsDeleted = blobsDeleted
        self.blobsTagged = blobsTagged
        self.blobsKept = blobsKept
        self.blobIssues = blobIssues
        self.journalPath = journalPath
        self.failedEventsPath = failedEventsPath
        self.warnings = warnings
        self.stop = stop
    }

    /// True when every selected event reached the destination, in this run or an earlier one.
    public var allSent: Bool { stop == .completed && failed == 0 && sent + skipped == selected }

    /// 0 when every selected event was sent; 2 when the run completed but some events failed (also when the circuit
    /// breaker stopped sending: every event is then still accounted for, as sent or failed); 3 when it stopped early
    /// (interrupted, credential refused, target missing, journal or source failure).
    public var exitCode: Int32 {
        if allSent { return 0 }
        switch stop {
        case .completed, .targetUnreachable: return 2
        default: return 3
        }
    }

    /// Acknowledged events per second over the run.
    public var eventsPerSecond: Double {
        let seconds = elapsed.replaySeconds
        return seconds > 0 ? Double(sent) / seconds : 0
    }

    /// Failure reasons, most frequent first, ties alphabetically.
    public var sortedFailureReasons: [(reason: String, count: Int)] {
        failureReasons.map { (reason: $0.key, count: $0.value) }
            .sorted { $0.count != $1.count ? $0.count > $1.count : $0.reason < $1.reason }
    }
}
