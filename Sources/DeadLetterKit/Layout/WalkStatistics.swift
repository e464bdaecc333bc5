/// What a walk cost and found. Read it from `ContainerWalk.statistics()` (final once iteration has ended).
public struct WalkStatistics: Sendable, Hashable {
    /// List Blobs requests (pages) per level.
    public var listRequests: [WalkLevel: Int] = [:]
    /// Blob and BlobPrefix entries received over all requests.
    public var entriesListed = 0
    /// Year/month/day/hour folders skipped because they lie outside the folder-hour window.
    public var foldersPrunedByTime: [WalkLevel: Int] = [:]
    /// Group folders skipped because no group pattern matches (or no match can lie below them).
    public var groupsPruned = 0
    /// Hour folders that belong to other shards.
    public var hourFoldersSkippedByShard = 0
    /// Groups whose hours were walked.
    public var groupsWalked = 0
    public var hourFoldersListed = 0
    public var blobsYielded = 0
    public var unrecognizedYielded = 0
    /// Flat mode: blobs listed but outside the plan (group, window or shard).
    public var blobsFilteredOut = 0
    /// Folders whose listing failed for good, in output order (only when the walker records folder failures;
    /// otherwise the first such failure ends the walk).
    public var unlistedFolders: [WalkFolderFailure] = []

    public init() {}

    public var totalListRequests: Int { listRequests.values.reduce(0, +) }
    public var totalFoldersPrunedByTime: Int { foldersPrunedByTime.values.reduce(0, +) }

    mutating func countRequest(_ level: WalkLevel, entries: Int) {
        listRequests[level, default: 0] += 1
        entriesListed += entries
    }

    mutating func merge(_ other: WalkStatistics) {
        listRequests.merge(other.listRequests, uniquingKeysWith: +)
        foldersPrunedByTime.merge(other.foldersPrunedByTime, uniquingKeysWith: +)
        entriesListed += other.entriesListed
        groupsPruned += other.groupsPruned
        hourFoldersSkippedByShard += other.hourFoldersSkippedByShard
        groupsWalked += other.groupsWalked
        hourFoldersListed += other.hourFoldersListed
        blobsYielded += other.blobsYielded
        unrecognizedYielded += other.unrecognizedYielded
        blobsFilteredOut += other.blobsFilteredOut
        unlistedFolders += other.unlistedFolders
    }
}
