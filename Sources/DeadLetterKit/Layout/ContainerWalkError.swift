/// A walk that failed after it started.
public enum ContainerWalkError: Error, Sendable, CustomStringConvertible {
    /// A List Blobs request failed; the underlying error comes from the lister (the Azure client keeps
    /// credentials out of its own messages).
    case listingFailed(prefix: String, level: WalkLevel, marker: String?, underlying: any Error)
    /// The lister returned the marker it was given, which would loop forever.
    case pagingStalled(prefix: String, level: WalkLevel, marker: String)
    /// A `ContainerWalk` is a single pass; make a new one with `ContainerWalker.walk(_:)`.
    case alreadyIterated

    public var description: String {
        switch self {
        case .listingFailed(let prefix, let level, let marker, let underlying):
            let page = marker.map { " (page after marker '\($0)')" } ?? ""
            return "listing the \(level) folder '\(prefix.isEmpty ? "/" : prefix)'\(page) failed: \(underlying)"
        case .pagingStalled(let prefix, let level, let marker):
            return "listing the \(level) folder '\(prefix.isEmpty ? "/" : prefix)' returned the same marker '\(marker)' twice; the listing source is not advancing"
        case .alreadyIterated:
            return "this walk has already been iterated; start a new walk to list the container again"
        }
    }
}
