/// Walks a dead-letter container level by level (groups → years → months → days → hours → blobs) with delimiter
/// listings, pruning folders outside the plan *before* listing below them, listing the surviving hour folders in
/// parallel and yielding blobs in a deterministic order.
///
/// Output order: groups in listing order (depth first), within a group hour folders chronologically (folders are
/// sorted numerically, since `2019/10` sorts before `2019/9` in a listing), within an hour folder blobs in listing
/// order. Unrecognized blobs appear where the walk met them (shard 1 only).
///
/// ```swift
/// let walker = try ContainerWalker(lister: client)
/// let walk = try walker.walk(WalkPlan(groups: [GroupPattern("ep1")], window: .eventTime(since: a, until: b)))
/// for try await item in walk { … }
/// let statistics = await walk.statistics()
/// ```
public struct ContainerWalker: Sendable {
    public let lister: any BlobLister
    /// How many List Blobs requests for hour and unrecognized folders run at once.
    public let maxConcurrentListings: Int
    /// `maxresults` for every request; nil lets the service choose (5000 on Azure).
    public let pageSize: Int?
    /// How many units (hour or unrecognized folders) may be listed ahead of the one being yielded.
    public let maxBufferedFolders: Int
    /// How many listed blob entries may wait ahead of the folder being yielded. Pages are handed on one by one, so
    /// this (not the size of a folder) is what the listing holds in memory; see `WalkListingSchedule`.
    public let maxBufferedEntries: Int
    /// When true, a folder whose listing fails for good is recorded in `WalkStatistics.unlistedFolders` and the walk
    /// goes on with the next folder; when false (the default) the walk ends with the `ContainerWalkError`. Only hour
    /// and unrecognized folders are skipped this way: without the upper levels the walk cannot go on.
    public let recordsFolderFailures: Bool

    /// What Azure returns per page when `maxresults` is not given.
    static let servicePageSize = 5000

    public init(lister: any BlobLister, maxConcurrentListings: Int = 16, pageSize: Int? = nil,
                maxBufferedFolders: Int? = nil, maxBufferedEntries: Int = 10_000,
                recordsFolderFailures: Bool = false) throws(WalkPlanError) {
        guard maxConcurrentListings >= 1 else { throw .invalidConcurrency(maxConcurrentListings) }
        if let pageSize, !(1...5000).contains(pageSize) { throw .invalidPageSize(pageSize) }
        let buffered = maxBufferedFolders ?? 2 * maxConcurrentListings
        guard buffered >= maxConcurrentListings else { throw .invalidLookahead(buffered) }
        self.lister = lister
        self.maxConcurrentListings = maxConcurrentListings
        self.pageSize = pageSize
        self.maxBufferedFolders = buffered
        // Below one page nothing could be listed ahead; that still works (one folder at a time), so it is allowed.
        self.maxBufferedEntries = max(0, maxBufferedEntries)
        self.recordsFolderFailures = recordsFolderFailures
    }

    /// A level-by-level walk of the whole container for this plan. Nothing is listed until the walk is iterated.
    public func walk(_ plan: WalkPlan) throws(WalkPlanError) -> ContainerWalk {
        try plan.validate()
        return ContainerWalk { channel in await self.runTreeWalk(plan, into: channel) }
    }

    /// Flat mode: pages through every blob under `prefix` without a delimiter and applies the plan to each parsed
    /// path afterwards (nothing can be pruned). Yields in listing (lexical) order. For comparison and small containers.
    public func walkFlat(_ plan: WalkPlan, prefix: String = "") throws(WalkPlanError) -> ContainerWalk {
        try plan.validate()
        return ContainerWalk { channel in await self.runFlatWalk(plan, prefix: prefix, into: channel) }
    }
}
