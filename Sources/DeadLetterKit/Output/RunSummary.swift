/// The accounting every run ends with: what was listed, read and matched, what was skipped and why, and which
/// blobs could not be read.
public struct RunSummary: Sendable, Equatable {
    public struct FailedBlob: Sendable, Equatable {
        public var name: String
        public var reason: String

        public init(name: String, reason: String) {
            self.name = name
            self.reason = reason
        }
    }

    public var blobsListed: Int
    public var blobsRead: Int
    public var eventsRead: Int
    public var matched: Int
    /// Events not passed on, by reason: `unparseable`, `not a dead letter`, `outside the window`, …
    public var skipped: [String: Int]
    /// Each blob that could not be read, once, with the reason.
    public var failedBlobs: [FailedBlob]
    /// Blobs that were listed but deliberately not read (e.g. a `README.txt` that fits no dead-letter layout),
    /// each named once with the reason. They do not make the exit code 2: nothing readable was lost.
    public var skippedBlobs: [FailedBlob] = []
    /// Folders whose listing failed for good (after retries), each named once with the reason: the blobs in them
    /// were never listed, so they are counted nowhere else. They make the exit code 2, like unreadable blobs.
    public var failedFolders: [FailedBlob] = []
    public var elapsed: Duration?

    public init(blobsListed: Int = 0, blobsRead: Int = 0, eventsRead: Int = 0, matched: Int = 0,
                skipped: [String: Int] = [:], failedBlobs: [FailedBlob] = [], elapsed: Duration? = nil) {
        self.blobsListed = blobsListed
        self.blobsRead = blobsRead
        self.eventsRead = eventsRead
        self.matched = matched
        self.skipped = skipped
        self.failedBlobs = failedBlobs
        self.elapsed = elapsed
    }

    public var skippedTotal: Int { skipped.values.reduce(0, +) }

    /// False when some blob could not be read or some folder could not be listed: the run completed, but its output
    /// is missing those blobs (exit 2).
    public var allBlobsRead: Bool { failedBlobs.isEmpty && failedFolders.isEmpty }

    /// Skip reasons, most frequent first, ties alphabetically: the order both renderings use.
    var sortedSkipReasons: [(reason: String, count: Int)] {
        skipped.map { (reason: $0.key, count: $0.value) }
            .sorted { $0.count != $1.count ? $0.count > $1.count : $0.reason < $1.reason }
    }
}
