/// The units between discovery and output, in output order, and the rule for which of them may list next.
///
/// Listing ahead of the unit being emitted (the head) keeps the downloads fed, but whatever is listed ahead waits in
/// memory, so the look-ahead is bounded twice: by units (`maxUnitsAhead`) and by blob entries (`maxEntriesAhead`).
/// Entries are counted when a page arrives; a request in flight for a unit ahead is reserved at the largest page seen
/// so far in this walk (a full page until one has arrived), so that small hour folders can still be listed many at
/// once. The head's requests are never held back: its pages go straight out.
struct WalkListingSchedule {
    private var units: [WalkUnitListing] = []
    /// The id of `units[0]`; ids count units in discovery order.
    private var headID = 0
    private var nextID = 0
    let maxUnitsAhead: Int
    let maxEntriesAhead: Int
    private var entriesPerRequest: Int
    private var largestPage = 0

    init(maxUnitsAhead: Int, maxEntriesAhead: Int, fullPage: Int) {
        self.maxUnitsAhead = maxUnitsAhead
        self.maxEntriesAhead = maxEntriesAhead
        entriesPerRequest = fullPage
    }

    var isEmpty: Bool { units.isEmpty }

    mutating func append(_ unit: WalkUnitListing) {
        units.append(unit)
        nextID += 1
    }

    /// The head's next page; a head that is complete makes way for the next unit.
    mutating func takeReadyPage() -> WalkUnitPage? {
        while !units.isEmpty {
            if let page = units[0].takePage() { return page }
            guard units[0].isComplete else { return nil }
            units.removeFirst()
            headID += 1
        }
        return nil
    }

    /// The first request in output order that the bounds allow, with the id of its unit.
    mutating func startNextRequest() -> (unit: Int, request: WalkPageRequest)? {
        for position in units.indices where units[position].canStartRequest {
            guard position == 0 || fitsAnotherRequestAhead else { return nil }
            if let request = units[position].startRequest() { return (headID + position, request) }
        }
        return nil
    }

    /// Whether discovery should hand out another unit: every known unit is listing or listed, there is room for one
    /// more unit ahead, and a request for it would fit the entry budget.
    var wantsAnotherUnit: Bool {
        guard !units.isEmpty else { return true }
        guard units.count - 1 < maxUnitsAhead, !units.contains(where: \.canStartRequest) else { return false }
        return fitsAnotherRequestAhead
    }

    /// Takes the answer to a unit's request (see `WalkUnitListing.receive`).
    mutating func receive(_ result: Result<ListBlobsPage, any Error>, forUnit id: Int, walker: ContainerWalker) throws {
        if case .success(let page) = result {
            largestPage = max(largestPage, page.blobs.count + page.blobPrefixes.count)
            entriesPerRequest = max(1, largestPage)
        }
        try units[id - headID].receive(result, walker: walker)
    }

    private var fitsAnotherRequestAhead: Bool {
        var entries = 0
        for unit in units.dropFirst() {
            entries += unit.readyEntries + (unit.isRequestInFlight ? entriesPerRequest : 0)
        }
        return entries + entriesPerRequest <= maxEntriesAhead
    }
}
