extension ContainerWalker {
    /// The producer of a tree walk. Discovery hands out units in output order; their listings run page by page in a
    /// task group with at most `maxConcurrentListings` requests at once, within the look-ahead bounds of
    /// `WalkListingSchedule`. Each page of the unit being emitted is handed on as soon as it is parsed, in batches of
    /// at most `ContainerWalk.maxBatchItems`; pages of later units wait for their turn, so the output is the same
    /// whatever order the listings finish in.
    func runTreeWalk(_ plan: WalkPlan, into channel: WalkItemChannel) async {
        var discovery = WalkDiscovery(walker: self, plan: plan)
        var emitter = WalkEmitter(forcedLayout: plan.forcedLayout)
        var schedule = WalkListingSchedule(maxUnitsAhead: maxBufferedFolders, maxEntriesAhead: maxBufferedEntries,
                                           fullPage: pageSize ?? ContainerWalker.servicePageSize)
        let reportsUnrecognized = plan.reportsUnrecognized
        do {
            try await withThrowingTaskGroup(of: (Int, Result<ListBlobsPage, any Error>).self) { group in
                var running = 0
                var discoveryDone = false
                while true {
                    while let page = schedule.takeReadyPage() {
                        guard await emit(page, emitter: &emitter, discovery: discovery.statistics, into: channel) else {
                            throw CancellationError()
                        }
                    }
                    if running < maxConcurrentListings, let (unit, request) = schedule.startNextRequest() {
                        running += 1
                        group.addTask { (unit, await self.fetch(request)) }
                    } else if !discoveryDone, running < maxConcurrentListings, schedule.wantsAnotherUnit {
                        if let unit = try await discovery.next() {
                            schedule.append(WalkUnitListing(unit, reportsUnrecognized: reportsUnrecognized,
                                                            recordsFolderFailures: recordsFolderFailures))
                        } else {
                            discoveryDone = true
                        }
                    } else if running > 0, let (unit, result) = try await group.next() {
                        running -= 1
                        try schedule.receive(result, forUnit: unit, walker: self)
                    } else {
                        break
                    }
                }
            }
            var final = emitter.statistics
            final.merge(discovery.statistics)
            await channel.finish(statistics: final, error: nil)
        } catch {
            var partial = emitter.statistics
            partial.merge(discovery.statistics)
            await channel.finish(statistics: partial, error: error)
        }
    }

    /// One page request; the result (not a thrown error) goes back to the loop, which decides what a failure means.
    private func fetch(_ request: WalkPageRequest) async -> Result<ListBlobsPage, any Error> {
        do {
            return .success(try await listPage(request.prefix, delimiter: request.delimiter, marker: request.marker,
                                               level: request.level))
        } catch {
            return .failure(error)
        }
    }

    /// Hands one page on in batches, converting each batch only when it is sent. False once the consumer has gone.
    private func emit(_ page: WalkUnitPage, emitter: inout WalkEmitter, discovery: WalkStatistics,
                      into channel: WalkItemChannel) async -> Bool {
        emitter.merge(page.statistics)
        for batch in ContainerWalk.batchRanges(count: page.blobs.count) {
            let items = emitter.items(for: page.blobs[batch], placement: page.placement)
            var snapshot = emitter.statistics
            snapshot.merge(discovery)
            guard await channel.send(items, statistics: snapshot) else { return false }
        }
        return true
    }
}
