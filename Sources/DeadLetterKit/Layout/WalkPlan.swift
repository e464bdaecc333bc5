import Foundation

/// What to walk: which groups, which time, which layout, which shard. Built once at planning time from the filter
/// (push-down), then handed to `ContainerWalker.walk(_:)`.
public struct WalkPlan: Sendable, Hashable {
    /// Event Grid retries for at most 24 h (TTL 1440 min) and writes the blob about 5 min after giving up; ADT does
    /// not publish its limits. One more hour of margin covers the write delay and clock skew between the two.
    public static let defaultMaxDeliveryDelay: TimeInterval = 25 * 3600

    /// Groups to walk (any pattern matching); nil walks all groups.
    public var groups: [GroupPattern]?
    public var window: WalkTimeWindow
    /// How much later than its event time an event can be dead-lettered; widens `.eventTime` windows on the late side.
    public var maxDeliveryDelay: TimeInterval
    /// Skips layout detection and reads every path with this layout.
    public var forcedLayout: BlobLayoutKind?
    public var shard: ShardSpec?
    /// How many folders sit before the year when the caller knows it (1 for ADT, 3 for namespaces). With it, groups
    /// that do not match `groups` are skipped without listing them. Without it, group folders are found by looking
    /// for year folders below them, which costs one listing per group folder (nothing below a pruned group is listed).
    public var groupDepth: Int?
    /// Without `groupDepth`: how many folders deep to look for year folders before calling a folder unrecognized.
    public var maxGroupSearchDepth: Int

    public init(groups: [GroupPattern]? = nil, window: WalkTimeWindow = .unbounded,
                maxDeliveryDelay: TimeInterval = WalkPlan.defaultMaxDeliveryDelay, forcedLayout: BlobLayoutKind? = nil,
                shard: ShardSpec? = nil, groupDepth: Int? = nil, maxGroupSearchDepth: Int = 4) {
        self.groups = groups
        self.window = window
        self.maxDeliveryDelay = maxDeliveryDelay
        self.forcedLayout = forcedLayout
        self.shard = shard
        self.groupDepth = groupDepth
        self.maxGroupSearchDepth = maxGroupSearchDepth
    }

    /// The folder hours the walk keeps: the event-time window widened by the delivery delay, or the dead-letter
    /// window as is.
    public var folderHourWindow: FolderHourWindow {
        switch window {
        case .unbounded:
            return FolderHourWindow()
        case .eventTime(let since, let until):
            return FolderHourWindow(lowerBound: since, upperBound: until.map { $0.addingTimeInterval(maxDeliveryDelay) })
        case .deadLetterTime(let from, let to):
            return FolderHourWindow(lowerBound: from, upperBound: to)
        }
    }

    public func validate() throws(WalkPlanError) {
        switch window {
        case .eventTime(let start?, let end?), .deadLetterTime(let start?, let end?):
            if end < start { throw .windowEndsBeforeItStarts(start: start, end: end) }
        default:
            break
        }
        if maxDeliveryDelay < 0 { throw .negativeDeliveryDelay(maxDeliveryDelay) }
        if let groupDepth, groupDepth < 1 { throw .invalidGroupDepth(groupDepth) }
        if maxGroupSearchDepth < 1 { throw .invalidMaxGroupDepth(maxGroupSearchDepth) }
    }

    /// Whether a group is selected by the plan's patterns.
    func selects(groupSegments: [String]) -> Bool {
        guard let groups else { return true }
        return groups.contains { $0.matches(groupSegments: groupSegments) }
    }
}
