import Foundation

extension DeadLetterScanner {
    func scanContainer(lister: any BlobLister, reader: any BlobReader, description: String,
                       progress: ProgressReporter?, consume: (DeadLetter) async throws -> ScanControl) async throws -> RunSummary {
        // A folder that cannot be listed is named in the summary (exit 2), like an unreadable blob, and the rest of
        // the container is still read.
        let walker = try ContainerWalker(lister: lister, recordsFolderFailures: true)
        let plan = try walkPlan()
        let walk = options.flatListing ? try walker.walkFlat(plan, prefix: options.prefix) : try walker.walk(plan)
        let classifier = EventClassifier(filter: options.filter)
        let options = self.options
        var tally = ScanTally()
        var failed: [RunSummary.FailedBlob] = []
        var skippedBlobs: [RunSummary.FailedBlob] = []

        do {
            // Downloads run where the reader prefers: for Azure, the HTTP client's event loops, so that a response
            // resumes its task without waking another thread.
            try await withTaskExecutorPreference(reader.preferredTaskExecutor) {
                try await forEachOrdered(walk, limits: Self.readLimits(concurrency: options.concurrency),
                                         weight: \.heldBytes, transform: { item in
                    await HeldBlobOutcome(Self.read(item, reader: reader, sourceDescription: description, classifier: classifier,
                                                    options: options), item: item)
                }, consume: { held in
                    let outcome = held.outcome
                    tally.add(outcome.tally)
                    await progress?.listed(1)
                    if let deferred = outcome.deferred {
                        var streamed = BlobOutcome(name: deferred.item.name)
                        var withheld = 0
                        do {
                            try await Self.decode(deferred, reader: reader, sourceDescription: description, classifier: classifier,
                                                  options: options, outcome: &streamed) { batch in
                                for (position, deadLetter) in batch.enumerated() where try await consume(deadLetter) == .stop {
                                    withheld = batch.count - position - 1
                                    throw ScanStopped()
                                }
                            }
                        } catch let stop as ScanStopped {
                            // `decode` has recorded what it read so far; keep that in the summary.
                            streamed.tally.withhold(withheld)
                            tally.add(streamed.tally)
                            throw stop
                        }
                        tally.add(streamed.tally)
                        if let failure = streamed.failure { failed.append(.init(name: streamed.name, reason: failure)) }
                        await progress?.blobRead(events: streamed.tally.eventsRead, matched: streamed.tally.matched)
                        return
                    }
                    if let failure = outcome.failure { failed.append(.init(name: outcome.name, reason: failure)) }
                    if let reason = outcome.skipReason { skippedBlobs.append(.init(name: outcome.name, reason: reason)) }
                    await progress?.blobRead(events: outcome.tally.eventsRead, matched: outcome.tally.matched)
                    for (position, deadLetter) in outcome.matched.enumerated() where try await consume(deadLetter) == .stop {
                        tally.withhold(outcome.matched.count - position - 1)
                        throw ScanStopped()
                    }
                })
            }
        } catch is ScanStopped {
            // The consumer has what it asked for (--limit); what was not read is not an error.
        }
        await progress?.listingFinished()
        var summary = RunSummary(blobsListed: tally.blobsListed, blobsRead: tally.blobsRead, eventsRead: tally.eventsRead,
                                 matched: tally.matched, skipped: tally.skipped, failedBlobs: failed)
        summary.skippedBlobs = skippedBlobs
        summary.failedFolders = await walk.statistics().unlistedFolders.map { .init(name: $0.prefix, reason: $0.consequence) }
        return summary
    }

    /// Download slots keep working past a slow blob (retries, a hung connection) until this many blobs per slot are
    /// held. With a window equal to the slots, one retried blob stopped every download. Under the soak's 20% faults
    /// (10% of blobs wait a second or more for Retry-After or a spike) 16 per slot is as fast as 64: the slots,
    /// busy with those waits, are then the limit, not the order.
    static let reorderWindowPerSlot = 16
    /// Decoded blobs waiting for an earlier one may hold this much (`HeldBlobOutcome.heldBytes`) before downloads
    /// pause; the running ones are bounded by the slots.
    static let maxWaitingBytes = 16 << 20

    static func readLimits(concurrency: Int) -> OrderedMapLimits {
        let slots = max(1, concurrency)
        return OrderedMapLimits(running: slots, window: slots * reorderWindowPerSlot, maxWaitingWeight: maxWaitingBytes)
    }

    /// Reads one walk item in a child task. Small blobs are decoded here, in parallel with others; large ones
    /// are handed back to be streamed in order, so no blob is ever held whole in memory.
    static func read(_ item: WalkItem, reader: any BlobReader, sourceDescription: String, classifier: EventClassifier,
                     options: ScanOptions) async -> BlobOutcome {
        let walked: WalkedBlob
        switch item {
        case .blob(let blob):
            walked = blob
        case .unrecognized(let blob, let reason):
            // A blob outside every layout is still read when it could be a dead letter; otherwise it is counted.
            guard BlobLayoutParser.isJSONFileName(String(blob.name.split(separator: "/").last ?? "")) else {
                var outcome = BlobOutcome(name: blob.name)
                outcome.tally.blobsListed = 1
                outcome.skipReason = "\(SkipReason.notJSONBlob): \(reason)"
                return outcome
            }
            walked = WalkedBlob(item: blob, location: nil)
        }
        var outcome = BlobOutcome(name: walked.item.name)
        outcome.tally.blobsListed = 1
        if let length = walked.item.properties.contentLength, length >= options.streamingThreshold {
            outcome.deferred = walked
            return outcome
        }
        var held = HeldDeadLetters(budget: BlobHoldBudget(concurrency: options.concurrency))
        do {
            try await decode(walked, reader: reader, sourceDescription: sourceDescription, classifier: classifier,
                             options: options, outcome: &outcome) { batch in try held.hold(batch) }
        } catch is BlobHoldBudget.Exceeded {
            // Too many dead letters to hold while earlier blobs are handed on: streamed in order by the consumer
            // instead, from the start (what was read here is dropped, accounting included).
            var streamed = BlobOutcome(name: walked.item.name)
            streamed.tally.blobsListed = 1
            streamed.deferred = walked
            return streamed
        } catch {
            // `decode` records its own failures; nothing else can throw from a holding consumer.
        }
        outcome.matched = held.deadLetters
        outcome.heldBytes = held.estimatedBytes
        return outcome
    }

    /// Streams one blob through the decoder, handing matched dead letters to `deliver` after each chunk.
    /// Read and decode failures are recorded in `outcome` (the blob is named once); only `deliver` throws out.
    static func decode(_ walked: WalkedBlob, reader: any BlobReader, sourceDescription: String, classifier: EventClassifier,
                       options: ScanOptions, outcome: inout BlobOutcome,
                       deliver: ([DeadLetter]) async throws -> Void) async throws {
        let origin = DeadLetterOrigin(source: sourceDescription, blobName: walked.item.name, index: 0,
                                      blobProperties: walked.item.properties,
                                      endpoint: walked.location?.endpointOrSubscription,
                                      folderHour: walked.location?.folderHour)
        var decoder = DeadLetterDecoder(origin: origin, input: .blob, options: options.decoding)
        var problems = BlobProblems()
        var tally = outcome.tally
        defer {
            // A blob with any problem is named once in the summary as not (fully) read; the others count as read,
            // so that listed = read + not read + skipped.
            if problems.isEmpty {
                tally.blobsRead += 1
            } else if outcome.failure == nil {
                outcome.failure = problems.reason(blobName: walked.item.name)
            }
            outcome.tally = tally
        }
        let stream: AsyncThrowingStream<[UInt8], any Error>
        do {
            stream = try await reader.readBlob(named: walked.item.name)
        } catch {
            problems.record("could not be read: \(error)")
            return
        }
        // Errors from the consumer (a full disk, `--limit`) are not the blob's fault: they pass through unchanged.
        func handOn(_ batch: [DeadLetter]) async throws {
            guard !batch.isEmpty else { return }
            do { try await deliver(batch) } catch { throw ConsumerFailure(underlying: error) }
        }
        // Dead letters completed in a chunk before the decoder hit a broken value are counted as matched, so they
        // are handed on even when that chunk ends in an error: nothing counted is left out of the output.
        var batch: [DeadLetter] = []
        do {
            for try await chunk in stream {
                try decoder.feed(chunk) { item in
                    if let deadLetter = classifier.take(item, into: &tally, problems: &problems) { batch.append(deadLetter) }
                }
                try await handOn(batch)
                batch.removeAll(keepingCapacity: true)
            }
            try decoder.finish { item in
                if let deadLetter = classifier.take(item, into: &tally, problems: &problems) { batch.append(deadLetter) }
            }
            try await handOn(batch)
        } catch let failure as ConsumerFailure {
            throw failure.underlying
        } catch let error as DeadLetterDecodingError {
            tally.eventsRead += 1
            tally.skip(SkipReason.unparseable)
            problems.record(error.description)
            try await handOn(batch)
        } catch {
            problems.record("could not be read: \(error)")
        }
    }
}

/// Wraps an error thrown by the scan's consumer so that it is not mistaken for a failure to read the blob.
struct ConsumerFailure: Error {
    let underlying: any Error
}

/// A blob's outcome and what it holds in memory while it waits for its turn: the estimate of its decoded dead
/// letters when the read made one (`BlobOutcome.heldBytes`), at least the blob's size; nothing when the blob is
/// deferred (a large blob is streamed when its turn comes).
struct HeldBlobOutcome: Sendable {
    let outcome: BlobOutcome
    let heldBytes: Int

    init(_ outcome: BlobOutcome, item: WalkItem) {
        self.outcome = outcome
        let size = Int(item.blobItem.properties.contentLength ?? 0)
        heldBytes = outcome.deferred == nil ? max(outcome.heldBytes, size) : 0
    }
}
