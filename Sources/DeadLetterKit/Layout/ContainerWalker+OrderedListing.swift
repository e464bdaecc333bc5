extension ContainerWalker {
    /// The producer of a tree walk. Discovery hands out units in output order; hour and unrecognized folders are
    /// listed by a task group with at most `maxConcurrentListings` children, and at most `maxBufferedFolders` units
    /// may be started ahead of the one being emitted. Results are emitted strictly in discovery order, so the output
    /// is the same whatever order the listings finish in.
    func runTreeWalk(_ plan: WalkPlan, into channel: WalkItemChannel) async {
        var discovery = WalkDiscovery(walker: self, plan: plan)
        var emitter = WalkEmitter(forcedLayout: plan.forcedLayout)
        let reportsUnrecognized = plan.reportsUnrecognized
        do {
            try await withThrowingTaskGroup(of: (Int, WalkUnitOutcome).self) { group in
                var nextIndex = 0
                var nextToEmit = 0
                var running = 0
                var finished: [Int: WalkUnitOutcome] = [:]
                var discoveryDone = false
                while true {
                    while let outcome = finished.removeValue(forKey: nextToEmit) {
                        nextToEmit += 1
                        let items = emitter.items(for: outcome)
                        var snapshot = emitter.statistics
                        snapshot.merge(discovery.statistics)
                        guard await channel.send(items, statistics: snapshot) else { throw CancellationError() }
                    }
                    if !discoveryDone, running < maxConcurrentListings, nextIndex - nextToEmit < maxBufferedFolders {
                        guard let unit = try await discovery.next() else {
                            discoveryDone = true
                            continue
                        }
                        let index = nextIndex
                        nextIndex += 1
                        running += 1
                        group.addTask { (index, try await self.list(unit, reportsUnrecognized: reportsUnrecognized)) }
                    } else if running > 0 {
                        if let (index, outcome) = try await group.next() {
                            running -= 1
                            finished[index] = outcome
                        }
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
}
