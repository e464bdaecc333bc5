import Foundation

/// How a scan walks, reads and filters. Every command (ls, show, stats, export, replay) fills one of these.
public struct ScanOptions: Sendable {
    /// Blobs downloaded and decoded at once.
    public var concurrency: Int = 32
    public var filter: DeadLetterFilter = .all
    /// Force a layout instead of detecting it from the tree.
    public var layout: BlobLayoutKind?
    public var shard: ShardSpec?
    /// How long after its own time an event can be dead-lettered: widens folder pruning for event-time filters.
    public var maxDeliveryDelay: TimeInterval = 25 * 3600
    /// List the container flat (every page under `prefix`) instead of walking the folder tree.
    public var flatListing = false
    public var prefix = ""
    public var decoding = JSONDecodingOptions()
    /// Blobs at least this large are decoded as they stream in (in order) instead of being buffered in parallel.
    public var streamingThreshold: Int64 = 8 << 20

    public init() {}
}

/// What the consumer of a scan wants next.
public enum ScanControl: Sendable {
    case `continue`
    /// Stop listing and reading (e.g. `--limit` reached); the summary covers what was done.
    case stop
}
