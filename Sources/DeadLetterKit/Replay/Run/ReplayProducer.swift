/// Reads the source in order and turns it into batches: each event is counted, skipped when the journal has it,
/// encoded for the target (or failed when it cannot be, or is over the per-event limit) and added to the open
/// batch; complete batches go to the queue, which makes the producer wait while enough are ahead.
struct ReplayProducer: Sendable {
    let target: any ReplayTarget
    let limits: ReplayBatchLimits
    let journal: ReplayJournal?
    let tracksBlobs: Bool
    /// True with `--failed`: items keep their dead letters so that those that cannot be sent can be written out.
    let retainsLetters: Bool
    let queue: ReplayBatchQueue
    let ledger: ReplayLedger
    let stop: ReplayStopSignal
    let delivery: ReplayBatchDelivery
    /// Progress is reported every this many events, besides after every batch.
    static let reportEvery = 1000

    /// Returns why the source failed, if it did.
    func produce<Events: AsyncSequence & Sendable>(_ events: Events) async -> String? where Events.Element == DeadLetter {
        var batcher = ReplayBatcher<ReplayEncodedItem>(limits: limits)
        let lookup = journal?.makeLookup()
        var sourceProblem: String?
        // The event's position among the selected events: with its key, what the journal records and checks.
        var ordinal = 0
        var iterator = events.makeAsyncIterator()
        do {
            while !stop.isRequested, let letter = try await iterator.next() {
                await take(letter, ordinal: ordinal, lookup: lookup, into: &batcher)
                ordinal += 1
                if ordinal % Self.reportEvery == 0 { await delivery.report() }
            }
        } catch {
            if !stop.isRequested && !(error is CancellationError) { sourceProblem = "\(error)" }
        }
        if let rest = batcher.flush() {
            let batch = ReplayBatch(rest.items)
            let handedOver = stop.isRequested ? false : await queue.push(batch)
            if !handedOver { await interrupted(batch) }
        }
        await queue.finish()
        if !stop.isRequested && sourceProblem == nil {
            await delivery.apply(await ledger.sourceFinished())
        }
        return sourceProblem
    }

    private func take(_ letter: DeadLetter, ordinal: Int, lookup: ReplayJournalLookup?,
                      into batcher: inout ReplayBatcher<ReplayEncodedItem>) async {
        let blob = tracksBlobs ? ReplayBlobReference(letter) : nil
        await delivery.apply(await ledger.selected(blob))
        let entry = ReplayJournalEntry(ordinal: ordinal, key: ReplayEventKey(letter))
        do {
            if try lookup?.wasAcknowledged(ordinal: ordinal, digest: entry.digest) == true {
                await delivery.apply(await ledger.skipped(blob))
                return
            }
        } catch {
            // Without the journal nothing can be known to be sent already: stop rather than resend everything.
            stop.request(.journalFailed(error.description), immediately: false)
            await delivery.apply(await ledger.failed([(letter, blob)], .interrupted(ReplayDispatcher.stopText(stop))))
            return
        }
        let bytes: [UInt8]
        do {
            bytes = try target.encode(letter)
        } catch {
            await delivery.apply(await ledger.failed([(letter, blob)], .unencodable(error.description)))
            return
        }
        let item = ReplayItem(entry: entry, letter: retainsLetters ? ReplayRetainedLetter(letter) : nil, blob: blob)
        switch batcher.add(ReplayEncodedItem(item: item, bytes: bytes), size: bytes.count) {
        case .held:
            break
        case .ready(let contents, _):
            let batch = ReplayBatch(contents.items)
            let handedOver = await queue.push(batch)
            if !handedOver { await interrupted(batch) }
        case .oversized(let size, let limit):
            await delivery.apply(await ledger.failed([(letter, blob)], .tooLarge(size: size, limit: limit)))
        }
    }

    private func interrupted(_ batch: ReplayBatch) async {
        await delivery.apply(await ledger.failed(batch, .interrupted(ReplayDispatcher.stopText(stop))))
    }
}
