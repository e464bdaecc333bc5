import NIOCore
import NIOPosix

/// Runs tasks on the event loops that do their HTTP I/O (the `HTTPClient`'s group) instead of Swift's global pool.
///
/// Why: a download answered on an event loop resumes its task; on the global pool that is a wake-up of another
/// thread (a semaphore post, a context switch) for every response, and the task's next request hops back to the
/// loop the same way. Measured on the 2-core machine, those switches were a quarter of the export's CPU, and when the
/// cores are busy every wake-up also waits for a time slice, which adds to each request's round trip. Here a job
/// enqueued from a loop thread stays on that loop (`any()` is sticky), so a response's task runs where it arrived.
/// Work between awaits is short (decoding one small blob, writing a batch), so the loops are not held up for long.
public final class EventLoopTaskExecutor: TaskExecutor {
    private let group: MultiThreadedEventLoopGroup

    public init(group: MultiThreadedEventLoopGroup) {
        self.group = group
    }

    public func enqueue(_ job: consuming ExecutorJob) {
        let job = UnownedJob(job)
        group.any().execute { job.runSynchronously(on: self.asUnownedTaskExecutor()) }
    }
}
