/// Turns listed pages into output items in output order and counts what was emitted.
struct WalkEmitter {
    private var resolver: GroupLayoutResolver
    private(set) var statistics = WalkStatistics()

    init(forcedLayout: BlobLayoutKind?) {
        resolver = GroupLayoutResolver(forcedLayout: forcedLayout)
    }

    /// Places listed blobs in output order: in their hour folder's layout, or as unrecognized for the page's reason.
    mutating func items(for blobs: ArraySlice<BlobItem>, placement: WalkUnitPage.Placement) -> [WalkItem] {
        var items: [WalkItem] = []
        items.reserveCapacity(blobs.count)
        switch placement {
        case .hour(let hour):
            for blob in blobs { items.append(resolver.item(for: blob, in: hour)) }
        case .unrecognized(let reason):
            for blob in blobs { items.append(.unrecognized(blob, reason)) }
        }
        count(items)
        return items
    }

    /// Requests and failures of a page, counted when the page takes its turn in the output.
    mutating func merge(_ pageStatistics: WalkStatistics) {
        statistics.merge(pageStatistics)
    }

    mutating func count(_ items: [WalkItem]) {
        for item in items {
            if case .blob = item { statistics.blobsYielded += 1 } else { statistics.unrecognizedYielded += 1 }
        }
    }

    mutating func item(for blob: BlobItem, parsed: Result<BlobLocation, BlobLayoutMismatch>) -> WalkItem {
        resolver.item(for: blob, parsed: parsed)
    }

    mutating func recordUnlisted(_ failure: WalkFolderFailure) {
        statistics.unlistedFolders.append(failure)
    }

    mutating func countFilteredOut() {
        statistics.blobsFilteredOut += 1
    }

    mutating func countRequest(_ level: WalkLevel, entries: Int) {
        statistics.countRequest(level, entries: entries)
    }
}
