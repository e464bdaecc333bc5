import Dispatch
import Foundation
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Waits for SIGINT or SIGTERM, so `deadletter emulator` can shut down cleanly (close connections, stop the loops)
/// instead of being killed mid-write.
public enum TerminationSignal {
    /// Returns the signal that arrived.
    public static func wait(for signals: [Int32] = [SIGINT, SIGTERM]) async -> Int32 {
        let state = Resumer()
        return await withCheckedContinuation { (continuation: CheckedContinuation<Int32, Never>) in
            state.install(continuation)
            let queue = DispatchQueue(label: "deadletter.emulator.signals")
            var sources: [DispatchSourceSignal] = []
            for number in signals {
                signal(number, SIG_IGN)  // let the dispatch source see it instead of the default handler
                let source = DispatchSource.makeSignalSource(signal: number, queue: queue)
                source.setEventHandler { state.resume(number) }
                source.resume()
                sources.append(source)
            }
            state.keep(sources)
        }
    }

    /// Resumes the continuation once, whichever signal comes first.
    private final class Resumer: @unchecked Sendable {
        private let lock = NSLock()
        private var continuation: CheckedContinuation<Int32, Never>?
        private var sources: [DispatchSourceSignal] = []

        func install(_ continuation: CheckedContinuation<Int32, Never>) {
            lock.withLock { self.continuation = continuation }
        }

        func keep(_ sources: [DispatchSourceSignal]) {
            lock.withLock { self.sources = sources }
        }

        func resume(_ number: Int32) {
            let pending: CheckedContinuation<Int32, Never>? = lock.withLock {
                defer { continuation = nil }
                for source in sources { source.cancel() }
                return continuation
            }
            pending?.resume(returning: number)
        }
    }
}
