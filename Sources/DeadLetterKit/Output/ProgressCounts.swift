/// What the progress line shows: how far listing, reading and matching have got.
public struct ProgressCounts: Sendable, Equatable {
    public var blobsListed: Int
    /// True once listing has finished, so `blobsListed` is the total and an ETA can be given.
    public var listingComplete: Bool
    public var blobsDone: Int
    public var events: Int
    public var matched: Int

    public init(blobsListed: Int = 0, listingComplete: Bool = false, blobsDone: Int = 0, events: Int = 0, matched: Int = 0) {
        self.blobsListed = blobsListed
        self.listingComplete = listingComplete
        self.blobsDone = blobsDone
        self.events = events
        self.matched = matched
    }
}
