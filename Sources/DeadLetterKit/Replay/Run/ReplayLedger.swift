/// The run's accounting, shared by the producer and every in-flight batch: counts, failure reasons, the blob
/// tracker for after-actions, the `--failed` file and the acknowledged-rate meter. Every selected event ends up
/// counted exactly once as acknowledged, skipped or failed.
actor ReplayLedger {
    private(set) var counts = ReplayCounts()
    private var tracker = ReplayBlobTracker()
    private var meter = ReplayRateMeter(window: .seconds(5))
    private let failedFile: ReplayFailedEventFile?
    private var failedFileProblem: String?
    private let clock: ReplayRunClock
    /// Blob issues listed in the summary at most (the counts stay exact).
    private static let maxBlobIssues = 1000

    init(clock: ReplayRunClock, failedFile: ReplayFailedEventFile?) {
        self.clock = clock
        self.failedFile = failedFile
    }

    // MARK: The producer's side

    /// An event was taken from the source.
    func selected(_ blob: ReplayBlobReference?) -> [ReplayBlobTracker.Verdict] {
        counts.selected += 1
        guard let blob else { return [] }
        return tracker.selected(blob)
    }

    /// The event was acknowledged by an earlier run (the journal says so).
    func skipped(_ blob: ReplayBlobReference?) -> [ReplayBlobTracker.Verdict] {
        counts.skipped += 1
        guard let blob, let verdict = tracker.acknowledged(blob) else { return [] }
        return [verdict]
    }

    /// The source has ended: every blob is sealed.
    func sourceFinished() -> [ReplayBlobTracker.Verdict] {
        tracker.finish()
    }

    // MARK: The batches' side

    func attempted(events: Int, firstAttempt: Bool) {
        counts.requests += 1
        if firstAttempt { counts.sent += events }
    }

    func retried() { counts.retries += 1 }
    func throttled() { counts.throttled += 1 }
    func split() { counts.splits += 1 }

    func acknowledged(_ batch: ReplayBatch, requestBytes: Int) -> [ReplayBlobTracker.Verdict] {
        counts.acknowledged += batch.items.count
        counts.batches += 1
        counts.bytes += requestBytes
        if batch.mayBeDuplicate { counts.possibleDuplicates += batch.items.count }
        meter.record(Double(batch.items.count), now: clock.now())
        return batch.items.compactMap { $0.blob.flatMap { tracker.acknowledged($0) } }
    }

    /// Events that will not be delivered; each goes to `--failed` with the reason.
    /// `letter` is nil only when the run has no `--failed` file (items then do not keep their dead letters).
    func failed(_ events: [(letter: DeadLetter?, blob: ReplayBlobReference?)], _ failure: ReplayFailure) -> [ReplayBlobTracker.Verdict] {
        counts.failed += events.count
        counts.failureReasons[failure.category, default: 0] += events.count
        var verdicts: [ReplayBlobTracker.Verdict] = []
        for event in events {
            if let failedFile, let letter = event.letter, failedFileProblem == nil {
                do { try failedFile.append(letter, failure: failure) } catch { failedFileProblem = "\(error)" }
            }
            if let blob = event.blob, let verdict = tracker.failed(blob) { verdicts.append(verdict) }
        }
        return verdicts
    }

    func failed(_ batch: ReplayBatch, _ failure: ReplayFailure) -> [ReplayBlobTracker.Verdict] {
        failed(batch.failures, failure)
    }

    // MARK: After-actions

    func record(blob: ReplayBlobReference, _ result: ReplayAfterActions.Result) {
        switch result {
        case .deleted: counts.blobsDeleted += 1
        case .tagged: counts.blobsTagged += 1
        case .kept(let reason):
            counts.blobsKept += 1
            note(ReplaySummary.BlobIssue(blob: blob.description, problem: "kept: \(reason)"))
        case .failed(let reason):
            counts.blobsKept += 1
            note(ReplaySummary.BlobIssue(blob: blob.description, problem: "after-action failed: \(reason)"))
        }
    }

    private func note(_ issue: ReplaySummary.BlobIssue) {
        if counts.blobIssues.count < Self.maxBlobIssues { counts.blobIssues.append(issue) }
    }

    /// Blobs whose events were never all settled because the run stopped early: they stay.
    func unresolvedBlobs() -> [ReplayBlobReference] { tracker.unresolved }

    // MARK: Reporting

    func rate() -> Double { meter.rate(now: clock.now()) }

    func progress(expected: Int?, allowedConcurrency: Int) -> ReplayProgress {
        let rate = meter.rate(now: clock.now())
        let done = counts.acknowledged + counts.skipped + counts.failed
        return ReplayProgress(selected: counts.selected, sent: counts.sent, acknowledged: counts.acknowledged, skipped: counts.skipped,
                              failed: counts.failed, eventsPerSecond: rate, elapsed: clock.now(),
                              estimatedRemaining: ReplayProgress.remaining(total: expected, done: done, rate: rate),
                              allowedConcurrency: allowedConcurrency, throttled: counts.throttled)
    }

    /// Commits the `--failed` file; returns a problem to report, if writing it failed.
    func finishFailedFile() -> String? {
        guard let failedFile else { return nil }
        if let failedFileProblem { return "the --failed file \(failedFile.path) is incomplete: \(failedFileProblem)" }
        do { try failedFile.finish() } catch { return "the --failed file \(failedFile.path) could not be written: \(error)" }
        return nil
    }
}
