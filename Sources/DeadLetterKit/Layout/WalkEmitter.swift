/// Turns unit outcomes into output items in output order and counts what was emitted.
struct WalkEmitter {
    private var resolver: GroupLayoutResolver
    private(set) var statistics = WalkStatistics()

    init(forcedLayout: BlobLayoutKind?) {
        resolver = GroupLayoutResolver(forcedLayout: forcedLayout)
    }

    mutating func items(for outcome: WalkUnitOutcome) -> [WalkItem] {
        statistics.merge(outcome.statistics)
        var items: [WalkItem] = []
        items.reserveCapacity(outcome.hourBlobs.count + outcome.unrecognized.count)
        if let hour = outcome.hour {
            for blob in outcome.hourBlobs { items.append(resolver.item(for: blob, in: hour)) }
        }
        items += outcome.unrecognized
        count(items)
        return items
    }

    mutating func count(_ items: [WalkItem]) {
        for item in items {
            if case .blob = item { statistics.blobsYielded += 1 } else { statistics.unrecognizedYielded += 1 }
        }
    }

    mutating func item(for blob: BlobItem, parsed: Result<BlobLocation, BlobLayoutMismatch>) -> WalkItem {
        resolver.item(for: blob, parsed: parsed)
    }

    mutating func countFilteredOut() {
        statistics.blobsFilteredOut += 1
    }

    mutating func countRequest(_ level: WalkLevel, entries: Int) {
        statistics.countRequest(level, entries: entries)
    }
}
