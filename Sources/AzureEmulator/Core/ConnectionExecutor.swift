import NIOCore

/// Runs one connection's task on that connection's event loop, and schedules its injected latency there.
///
/// Why: on Swift's global pool every request crossed threads four times (the request read on the loop woke a pool
/// thread, the latency timer woke another, each write went back to the loop). On the 2-core machine the emulator
/// shares with the client it measures, each crossing is a context switch and, when the cores are busy, a wait for a
/// time slice that lands in the request's round trip. On its own loop a request is read, delayed, answered and
/// written without leaving that thread.
final class ConnectionExecutor: TaskExecutor {
    let eventLoop: any EventLoop

    init(eventLoop: any EventLoop) {
        self.eventLoop = eventLoop
    }

    func enqueue(_ job: consuming ExecutorJob) {
        let job = UnownedJob(job)
        eventLoop.execute { job.runSynchronously(on: self.asUnownedTaskExecutor()) }
    }

    /// Waits `duration` on the loop's own timer, so that the wake-up needs no other thread; returns early when the
    /// task is cancelled.
    func delay(_ duration: Duration) async {
        let (seconds, attoseconds) = duration.components
        let scheduled = eventLoop.scheduleTask(in: .nanoseconds(seconds * 1_000_000_000 + attoseconds / 1_000_000_000)) {}
        await withTaskCancellationHandler {
            _ = try? await scheduled.futureResult.get()
        } onCancel: {
            scheduled.cancel()
        }
    }
}
