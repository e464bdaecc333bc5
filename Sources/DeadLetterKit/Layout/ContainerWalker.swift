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
    /// How many hour-folder listings run at once.
    public let maxConcurrentListings: Int
    /// `maxresults` for every request; nil lets the service choose (5000 on Azure).
    public let pageSize: Int?
    /// How many hour folders may be listed ahead of the one being yielded (bounds memory when one folder is slow).
    public let maxBufferedFolders: Int

    public init(lister: any BlobLister, maxConcurrentListings: Int = 16, pageSize: Int? = nil,
                maxBufferedFolders: Int? = nil) throws(WalkPlanError) {
        guard maxConcurrentListings >= 1 else { throw .invalidConcurrency(maxConcurrentListings) }
        if let pageSize, !(1...5000).contains(pageSize) { throw .invalidPageSize(pageSize) }
        let buffered = maxBufferedFolders ?? 2 * maxConcurrentListings
        guard buffered >= maxConcurrentListings else { throw .invalidLookahead(buffered) }
        self.lister = lister
        self.maxConcurrentListings = maxConcurrentListings
        self.pageSize = pageSize
        self.maxBufferedFolders = buffered
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
