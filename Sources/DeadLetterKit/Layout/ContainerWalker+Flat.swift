extension ContainerWalker {
    /// The producer of a flat walk: every page under `prefix` without a delimiter, each blob's path parsed on its own
    /// and checked against the plan afterwards. Costs one request per 5000 blobs of the whole prefix, whatever the
    /// plan; output is in listing (lexical) order, so `2019/10` comes before `2019/9`.
    func runFlatWalk(_ plan: WalkPlan, prefix: String, into channel: WalkItemChannel) async {
        var emitter = WalkEmitter(forcedLayout: plan.forcedLayout)
        let window = plan.folderHourWindow
        do {
            var marker: String?
            repeat {
                let page = try await listPage(prefix, delimiter: nil, marker: marker, level: .flat)
                emitter.countRequest(.flat, entries: page.blobs.count + page.blobPrefixes.count)
                var items: [WalkItem] = []
                for blob in page.blobs {
                    let item = emitter.item(for: blob, parsed: BlobLayoutParser.parse(blob.name, layout: plan.forcedLayout))
                    if Self.flatPlanKeeps(item, plan: plan, window: window) {
                        items.append(item)
                    } else {
                        emitter.countFilteredOut()
                    }
                }
                emitter.count(items)
                // In batches, like the tree walk, so that the queue to the consumer holds a fraction of a page.
                for batch in ContainerWalk.batchRanges(count: items.count) {
                    guard await channel.send(Array(items[batch]), statistics: emitter.statistics) else { throw CancellationError() }
                }
                marker = try nextMarker(after: page, previous: marker, prefix: prefix, level: .flat)
            } while marker != nil
            await channel.finish(statistics: emitter.statistics, error: nil)
        } catch {
            // A page after the first that fails for good ends the listing (the next marker is lost with it), but
            // not the run: what was listed is read and the summary says from which marker on blobs are missing.
            // A first page that fails is the root failing, and ends the walk as in a tree walk.
            if recordsFolderFailures, let failure = WalkFolderFailure(error), failure.marker != nil {
                emitter.recordUnlisted(failure)
                await channel.finish(statistics: emitter.statistics, error: nil)
            } else {
                await channel.finish(statistics: emitter.statistics, error: error)
            }
        }
    }

    /// The tree walk's pruning, applied to one parsed blob: group patterns, folder-hour window, shard.
    static func flatPlanKeeps(_ item: WalkItem, plan: WalkPlan, window: FolderHourWindow) -> Bool {
        guard case .blob(let walked) = item, let location = walked.location else { return plan.reportsUnrecognized }
        return plan.selects(groupSegments: location.groupSegments)
            && window.contains(folderHour: location.folderHour)
            && (plan.shard?.owns(normalizedHourKey: location.normalizedHourKey) ?? true)
    }
}
