/// Takes batches from the queue and keeps up to the allowed number in flight, each delivered in its own child
/// task. The allowance is read again before every batch, so the adaptive limiter's cuts take effect at once.
struct ReplayDispatcher: Sendable {
    let queue: ReplayBatchQueue
    let flow: ReplayFlowController
    let delivery: ReplayBatchDelivery
    let ledger: ReplayLedger
    let stop: ReplayStopSignal

    func run() async {
        await withTaskGroup(of: Void.self) { group in
            var inFlight = 0
            while true {
                while inFlight > 0, inFlight >= (await flow.allowedConcurrency) {
                    guard await group.next() != nil else { break }
                    inFlight -= 1
                }
                // A stop takes no new work: what is still queued is not sent.
                guard !stop.isRequested, let batch = await queue.pop() else { break }
                if let reason = delivery.breaker.reason {
                    // The target stopped answering: the rest of the source is read and recorded, not sent.
                    await delivery.apply(await ledger.failed(batch, .notSent(reason)))
                    await delivery.report()
                    continue
                }
                inFlight += 1
                group.addTask { await delivery.deliver(batch) }
            }
            await queue.cancel()
            for batch in await queue.leftovers() {
                await delivery.apply(await ledger.failed(batch, .interrupted(Self.stopText(stop))))
            }
            // The batches in flight finish (or, on an immediate stop, are cancelled with this task).
            await group.waitForAll()
        }
    }

    static func stopText(_ stop: ReplayStopSignal) -> String {
        stop.stopReason.map { "the run stopped (\($0.key)) before it was sent" } ?? "the run stopped before it was sent"
    }
}
