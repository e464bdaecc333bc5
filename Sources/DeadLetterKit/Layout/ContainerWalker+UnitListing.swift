/// One List Blobs page of a unit's output, kept until the unit's turn in the output order comes.
struct WalkUnitPage: Sendable {
    enum Placement: Sendable {
        /// Blobs of an hour folder, placed in its layout when emitted.
        case hour(WalkHourFolder)
        /// Blobs outside the layouts, all for the same reason.
        case unrecognized(WalkUnrecognizedReason)
    }

    var blobs: [BlobItem]
    var placement: Placement
    /// The request that brought the page, and the folder failure when the listing stopped there.
    var statistics = WalkStatistics()
}

/// A List Blobs request a unit wants next.
struct WalkPageRequest: Sendable {
    var prefix: String
    var delimiter: String?
    var marker: String?
    var level: WalkLevel
}

/// One unit's listing, advanced one page at a time so that each page can be handed on as soon as it is parsed
/// instead of once the whole folder (10,000 names or more) has been listed. A unit is a queue of folder listings
/// done in order: an hour folder (with delimiter, so that anything nested below it shows up as a folder), then each
/// folder found nested in it (flat, every blob unrecognized); or one unrecognized folder (flat, so none of its blobs
/// get lost). At most one request of a unit is in flight, since each page's marker comes from the one before.
struct WalkUnitListing: Sendable {
    private struct Step: Sendable {
        var prefix: String
        var delimiter: String?
        var level: WalkLevel
        var placement: WalkUnitPage.Placement
    }

    private var steps: [Step] = []
    private var marker: String?
    private var pages: [WalkUnitPage] = []
    private let reportsUnrecognized: Bool
    private let recordsFolderFailures: Bool
    private(set) var isRequestInFlight = false
    /// Blob entries in pages received but not yet taken.
    private(set) var readyEntries = 0

    init(_ unit: WalkUnit, reportsUnrecognized: Bool, recordsFolderFailures: Bool) {
        self.reportsUnrecognized = reportsUnrecognized
        self.recordsFolderFailures = recordsFolderFailures
        switch unit {
        case .hour(let hour):
            steps = [Step(prefix: hour.prefix, delimiter: "/", level: .hour, placement: .hour(hour))]
        case .unrecognizedFolder(let prefix, let reason):
            steps = [Step(prefix: prefix, delimiter: nil, level: .unrecognizedFolder, placement: .unrecognized(reason))]
        case .unrecognizedBlobs(let blobs, let reason):
            append(WalkUnitPage(blobs: blobs, placement: .unrecognized(reason)))
        }
    }

    /// Everything listed and taken: the next unit's turn.
    var isComplete: Bool { steps.isEmpty && pages.isEmpty && !isRequestInFlight }

    /// Whether `startRequest()` would give a request now.
    var canStartRequest: Bool { !isRequestInFlight && !steps.isEmpty }

    /// The request for the unit's next page; nil while one is in flight or when the listing is complete.
    mutating func startRequest() -> WalkPageRequest? {
        guard canStartRequest, let step = steps.first else { return nil }
        isRequestInFlight = true
        return WalkPageRequest(prefix: step.prefix, delimiter: step.delimiter, marker: marker, level: step.level)
    }

    /// The oldest page not yet taken.
    mutating func takePage() -> WalkUnitPage? {
        guard !pages.isEmpty else { return nil }
        let page = pages.removeFirst()
        readyEntries -= page.blobs.count
        return page
    }

    /// Takes the answer to the request in flight. A folder whose listing failed for good is recorded (when the walker
    /// records folder failures) and the unit goes on with its next folder; any other error ends the walk.
    mutating func receive(_ result: Result<ListBlobsPage, any Error>, walker: ContainerWalker) throws {
        isRequestInFlight = false
        let step = steps[0]
        // The page's blobs are good even when its marker is not (a stalled listing): they are handed on before the
        // failure is recorded.
        var page = WalkUnitPage(blobs: [], placement: step.placement)
        do {
            let listed = try result.get()
            page.blobs = listed.blobs
            page.statistics.countRequest(step.level, entries: listed.blobs.count + listed.blobPrefixes.count)
            if reportsUnrecognized, case .hour = step.placement {
                steps += listed.blobPrefixes.map {
                    Step(prefix: $0, delimiter: nil, level: .unrecognizedFolder, placement: .unrecognized(.nestedInHourFolder(folder: $0)))
                }
            }
            marker = try walker.nextMarker(after: listed, previous: marker, prefix: step.prefix, level: step.level)
            if marker == nil, case .hour = step.placement { page.statistics.hourFoldersListed += 1 }
        } catch {
            guard recordsFolderFailures, let failure = WalkFolderFailure(error) else { throw error }
            page.statistics.unlistedFolders.append(failure)
            marker = nil
        }
        append(page)
        if marker == nil { steps.removeFirst() }
    }

    private mutating func append(_ page: WalkUnitPage) {
        readyEntries += page.blobs.count
        pages.append(page)
    }
}
