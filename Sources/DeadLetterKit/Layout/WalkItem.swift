/// One thing the container walker found.
public enum WalkItem: Sendable, Hashable {
    /// A blob in an hour folder of a recognised layout.
    case blob(WalkedBlob)
    /// A blob outside the layouts (a stray file, a non-date folder, a non-.json file). Never silently skipped.
    case unrecognized(BlobItem, WalkUnrecognizedReason)

    public var blobItem: BlobItem {
        switch self {
        case .blob(let walked): return walked.item
        case .unrecognized(let item, _): return item
        }
    }
}

/// A listed blob and where it sits in its layout.
public struct WalkedBlob: Sendable, Hashable {
    public var item: BlobItem
    /// Always set by the walker; nil only for blobs other sources hand on without a path layout.
    public var location: BlobLocation?

    public init(item: BlobItem, location: BlobLocation?) {
        self.item = item
        self.location = location
    }

    public var name: String { item.name }
}
