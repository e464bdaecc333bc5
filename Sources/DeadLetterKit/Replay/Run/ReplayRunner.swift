import AsyncHTTPClient
import Foundation

/// Replays dead letters to a target: the engine under `deadletter replay`.
///
/// ```swift
/// let target = try ReplayTargetFactory.makeTarget(address: .parse("eventhubs"), environment: env, httpClient: http)
/// let journal = try ReplayJournal.open(path: path, identity: ReplayJournal.identity(source: source, target: target.displayName))
/// let runner = ReplayRunner(configuration: config, target: target, journal: journal, httpClient: http, cancellation: stop)
/// let summary = try await runner.run(events: deadLetters) { progress in render(progress) }
/// await journal.close()
/// ```
///
/// The source is read in order by one producer (journal check, encoding, batching) and the batches are delivered by
/// up to `concurrency` tasks under the flow controller; memory is bounded by the batches in flight.
public struct ReplayRunner: Sendable {
    public let configuration: ReplayConfiguration
    public let target: any ReplayTarget
    public let journal: ReplayJournal?
    public let blobActions: (any ReplaySourceBlobActions)?
    public let cancellation: ReplayCancellation?
    let httpClient: HTTPClient

    /// - Parameters:
    ///   - journal: where acknowledged batches are recorded and earlier ones skipped; nil runs without one (a crash
    ///     then means resending everything). The caller opens and closes it.
    ///   - blobActions: the source container, for `--after delete|tag`; ignored with `--after keep`.
    ///   - cancellation: the CLI's stop handle (SIGINT/SIGTERM).
    public init(configuration: ReplayConfiguration, target: any ReplayTarget, journal: ReplayJournal?, httpClient: HTTPClient,
                blobActions: (any ReplaySourceBlobActions)? = nil, cancellation: ReplayCancellation? = nil) {
        self.configuration = configuration
        self.target = target
        self.journal = journal
        self.httpClient = httpClient
        self.blobActions = blobActions
        self.cancellation = cancellation
    }

    /// The target's limits, with batches kept to a tenth of a second's worth of events under `--rate`.
    public var batchLimits: ReplayBatchLimits {
        configuration.batchEventCap().map { target.limits.capped(maxEvents: $0) } ?? target.limits
    }

    /// Replays `events` and returns the summary; it returns (rather than throws) when the run stops early, with
    /// `summary.stop` saying why.
    /// - Throws: `OutputFileError` when the `--failed` file cannot be created (before anything is sent).
    public func run<Events: AsyncSequence & Sendable>(events: Events, progress: @escaping @Sendable (ReplayProgress) -> Void = { _ in })
        async throws -> ReplaySummary where Events.Element == DeadLetter {
        let clock = ReplayRunClock()
        let failedFile = try configuration.failedEventsPath.map { try ReplayFailedEventFile(path: $0) }
        let ledger = ReplayLedger(clock: clock, failedFile: failedFile)
        let flow = ReplayFlowController(configuration: configuration, clock: clock)
        let stop = ReplayStopSignal()
        let queue = ReplayBatchQueue(capacity: ReplayBatchQueue.batchesAhead)
        let afterActions = ReplayAfterActions(action: configuration.afterAction, blobs: blobActions,
                                              sourceIsFiltered: configuration.sourceIsFiltered, now: Date.init)
        let expected = configuration.expectedEvents
        let breaker = ReplayCircuitBreaker(threshold: configuration.maxConsecutiveFailures,
                                           attemptsPerBatch: configuration.retry.maxAttempts)
        let delivery = ReplayBatchDelivery(
            publisher: ReplayPublisher(target: target, httpClient: httpClient, timeout: configuration.requestTimeout),
            target: target, configuration: configuration, flow: flow, ledger: ledger, journal: journal, stop: stop,
            afterActions: afterActions, breaker: breaker,
            report: { progress(await ledger.progress(expected: expected, allowedConcurrency: await flow.allowedConcurrency)) })
        let producer = ReplayProducer(target: target, limits: batchLimits, journal: journal, tracksBlobs: afterActions.isActive,
                                      retainsLetters: configuration.failedEventsPath != nil, queue: queue, ledger: ledger, stop: stop, delivery: delivery)
        let dispatcher = ReplayDispatcher(queue: queue, flow: flow, delivery: delivery, ledger: ledger, stop: stop)

        // Unstructured so that a stop can end the producer (blocked on a slow source) without cancelling the
        // batches in flight; both are cancelled when the caller's task is.
        let producerTask = Task { await producer.produce(events) }
        let dispatcherTask = Task { await dispatcher.run() }
        let deadline = ReplayDrainDeadline()
        let drainTimeout = configuration.drainTimeout
        stop.observe { immediately in
            producerTask.cancel()
            Task { await queue.cancel() }
            if immediately {
                dispatcherTask.cancel()
            } else {
                deadline.arm(after: drainTimeout) { stop.request(.interrupted, immediately: true) }
            }
        }
        cancellation?.observe { immediately in stop.request(.interrupted, immediately: immediately) }

        let sourceProblem = await withTaskCancellationHandler {
            let problem = await producerTask.value
            await dispatcherTask.value
            return problem
        } onCancel: {
            stop.request(.interrupted, immediately: true)
        }
        deadline.disarm()

        var warnings: [String] = []
        if let problem = await ledger.finishFailedFile() { warnings.append(problem) }
        if afterActions.isActive {
            for blob in await ledger.unresolvedBlobs() {
                await ledger.record(blob: blob, .kept("the run stopped before all its events were settled"))
            }
        }
        let counts = await ledger.counts
        progress(await ledger.progress(expected: expected, allowedConcurrency: await flow.allowedConcurrency))
        let stopReason = stop.stopReason
            ?? sourceProblem.map { .sourceFailed("reading the source failed after \(counts.selected) events: \($0)") }
            ?? breaker.reason.map { .targetUnreachable($0) }
            ?? .completed
        return ReplaySummary(
            target: target.displayName, selected: counts.selected, sent: counts.acknowledged, skipped: counts.skipped, failed: counts.failed,
            failureReasons: counts.failureReasons, possibleDuplicates: counts.possibleDuplicates,
            duplicatesDroppedByMessageID: target.deduplicatesByMessageID, batches: counts.batches, requests: counts.requests,
            retries: counts.retries, splits: counts.splits, bytes: counts.bytes, elapsed: clock.now(), throttled: counts.throttled,
            afterAction: configuration.afterAction, blobsDeleted: counts.blobsDeleted, blobsTagged: counts.blobsTagged,
            blobsKept: counts.blobsKept, blobIssues: counts.blobIssues, journalPath: journal?.path,
            failedEventsPath: configuration.failedEventsPath, warnings: warnings, stop: stopReason)
    }
}
