extension ReplayRunner {
    /// What `run` would send, without sending: every event is checked against the journal, encoded for the target
    /// and batched exactly as the run would, so sizes, batch counts and unsendable events are the real ones.
    public func dryRun<Events: AsyncSequence>(events: Events) async throws -> ReplayDryRunReport where Events.Element == DeadLetter {
        var report = ReplayDryRunReport(target: target.displayName)
        var batcher = ReplayBatcher<Int>(limits: batchLimits)
        func close(_ batch: ReplayBatchContents<Int>) {
            report.batches += 1
            report.bytes += batch.requestBytes
        }
        let lookup = journal?.makeLookup()
        for try await letter in events {
            let ordinal = report.selected
            report.selected += 1
            if try lookup?.wasAcknowledged(ordinal: ordinal, digest: ReplayJournalKeyDigest(ReplayEventKey(letter))) == true {
                report.skipped += 1
                continue
            }
            let bytes: [UInt8]
            do {
                bytes = try target.encode(letter)
            } catch {
                report.unsendable[ReplayFailure.unencodable(error.description).category, default: 0] += 1
                continue
            }
            switch batcher.add(bytes.count, size: bytes.count) {
            case .held:
                break
            case .ready(let batch, _):
                close(batch)
            case .oversized(let size, let limit):
                report.unsendable[ReplayFailure.tooLarge(size: size, limit: limit).category, default: 0] += 1
                continue
            }
            report.sendable += 1
            report.byType[letter.attributes.type ?? ReplayDryRunReport.noType, default: 0] += 1
            report.byReason[letter.facts.reason ?? ReplayDryRunReport.noReason, default: 0] += 1
        }
        if let rest = batcher.flush() { close(rest) }
        return report
    }
}
