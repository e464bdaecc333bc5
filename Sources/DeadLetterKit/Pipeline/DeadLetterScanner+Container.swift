import Foundation

extension DeadLetterScanner {
    func scanContainer(lister: any BlobLister, reader: any BlobReader, description: String,
                       progress: ProgressReporter?, consume: (DeadLetter) async throws -> ScanControl) async throws -> RunSummary {
        let walker = try ContainerWalker(lister: lister)
        let plan = try walkPlan()
        let walk = options.flatListing ? try walker.walkFlat(plan, prefix: options.prefix) : try walker.walk(plan)
        let classifier = EventClassifier(filter: options.filter)
        let options = self.options
        var tally = ScanTally()
        var failed: [RunSummary.FailedBlob] = []
        var skippedBlobs: [RunSummary.FailedBlob] = []

        do {
            try await forEachOrdered(walk, limit: max(1, options.concurrency), transform: { item in
                await Self.read(item, reader: reader, sourceDescription: description, classifier: classifier, options: options)
            }, consume: { outcome in
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
        } catch is ScanStopped {
            // The consumer has what it asked for (--limit); what was not read is not an error.
        }
        await progress?.listingFinished()
        var summary = RunSummary(blobsListed: tally.blobsListed, blobsRead: tally.blobsRead, eventsRead: tally.eventsRead,
                                 matched: tally.matched, skipped: tally.skipped, failedBlobs: failed)
        summary.skippedBlobs = skippedBlobs
        return summary
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
        var matched: [DeadLetter] = []
        do {
            try await decode(walked, reader: reader, sourceDescription: sourceDescription, classifier: classifier,
                             options: options, outcome: &outcome) { batch in matched.append(contentsOf: batch) }
        } catch {
            // `decode` records its own failures; nothing else can throw from a collecting consumer.
        }
        outcome.matched = matched
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
        var problems: [String] = []
        var tally = outcome.tally
        defer {
            // A blob with any problem is named once in the summary as not (fully) read; the others count as read,
            // so that listed = read + not read + skipped.
            if problems.isEmpty {
                tally.blobsRead += 1
            } else if outcome.failure == nil {
                // The summary names the blob itself; drop the name from each problem ("blob X: …", "blob X, value N …").
                let prefixes = ["blob \(walked.item.name): ", "blob \(walked.item.name), "]
                // A blob of 100k broken values would otherwise make a multi-megabyte reason: the first 20 and a count.
                outcome.failure = problems.prefix(20).map { problem in
                    guard let prefix = prefixes.first(where: { problem.hasPrefix($0) }) else { return problem }
                    return String(problem.dropFirst(prefix.count))
                }.joined(separator: "; ") + (problems.count > 20 ? "; … and \(problems.count - 20) more" : "")
            }
            outcome.tally = tally
        }
        let stream: AsyncThrowingStream<[UInt8], any Error>
        do {
            stream = try await reader.readBlob(named: walked.item.name)
        } catch {
            problems.append("could not be read: \(error)")
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
            problems.append(error.description)
            try await handOn(batch)
        } catch {
            problems.append("could not be read: \(error)")
        }
    }
}

/// Wraps an error thrown by the scan's consumer so that it is not mistaken for a failure to read the blob.
struct ConsumerFailure: Error {
    let underlying: any Error
}
