import Foundation

/// A walk plan or walker setting that cannot work; reported before anything is listed.
public enum WalkPlanError: Error, Sendable, Hashable, CustomStringConvertible {
    case emptyGroupPattern
    case groupPatternHasEmptySegment(String)
    case windowEndsBeforeItStarts(start: Date, end: Date)
    case negativeDeliveryDelay(TimeInterval)
    case invalidGroupDepth(Int)
    case invalidMaxGroupDepth(Int)
    case invalidConcurrency(Int)
    case invalidPageSize(Int)
    case invalidLookahead(Int)

    public var description: String {
        switch self {
        case .emptyGroupPattern:
            return "an empty endpoint/subscription pattern matches nothing; give a name or a glob such as 'ep-*'"
        case .groupPatternHasEmptySegment(let text):
            return "the endpoint/subscription pattern '\(text)' has an empty part between slashes; write e.g. 'namespace/topic/sub'"
        case .windowEndsBeforeItStarts(let start, let end):
            return "the time window ends (\(RFC3339.format(end))) before it starts (\(RFC3339.format(start))); swap --since and --until"
        case .negativeDeliveryDelay(let delay):
            return "the maximum delivery delay must not be negative (got \(delay) s)"
        case .invalidGroupDepth(let depth):
            return "the group depth must be 1 or more folders before the year (got \(depth))"
        case .invalidMaxGroupDepth(let depth):
            return "the maximum group search depth must be 1 or more (got \(depth))"
        case .invalidConcurrency(let value):
            return "maxConcurrentListings must be 1 or more (got \(value))"
        case .invalidPageSize(let value):
            return "the listing page size must be between 1 and 5000 (got \(value))"
        case .invalidLookahead(let value):
            return "the hour-folder look-ahead must be at least maxConcurrentListings (got \(value))"
        }
    }
}
