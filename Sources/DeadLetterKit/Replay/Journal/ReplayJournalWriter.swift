import Foundation
#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#elseif canImport(Darwin)
import Darwin
#endif

/// Appends framed records to the journal file and makes them durable (`fsync`) before the caller goes on.
///
/// Group commit: records that arrive while an `fsync` is running are written together by the next one, so eight
/// batches acknowledged at once cost one or two disk flushes, not eight. The blocking `write`/`fsync` calls run on
/// a private serial queue, never on Swift's cooperative threads.
///
/// `@unchecked Sendable`: every mutable property is guarded by `lock`; the descriptor is only used on `queue`.
final class ReplayJournalWriter: @unchecked Sendable {
    let path: String
    private let descriptor: Int32
    private let queue = DispatchQueue(label: "deadletter.replay.journal")
    private let lock = NSLock()
    private var pending: [UInt8] = []
    private var waiters: [CheckedContinuation<Void, any Error>] = []
    private var draining = false
    private var failure: ReplayJournalError?
    private var isClosed = false

    /// Opens `path` for appending after cutting it to `validLength` (dropping a torn tail).
    init(path: String, validLength: Int) throws(ReplayJournalError) {
        self.path = path
        let fd = open(path, O_WRONLY | O_CREAT | O_CLOEXEC, 0o644)
        guard fd >= 0 else { throw .cannotOpen(path: path, reason: Self.errnoText()) }
        guard ftruncate(fd, off_t(validLength)) == 0, lseek(fd, off_t(validLength), SEEK_SET) >= 0 else {
            let reason = Self.errnoText()
            close(fd)
            throw .cannotOpen(path: path, reason: reason)
        }
        descriptor = fd
    }

    deinit {
        if !isClosed { close(descriptor) }
    }

    /// Returns once `bytes` are on disk.
    func append(_ bytes: [UInt8]) async throws(ReplayJournalError) {
        do {
            try await withCheckedThrowingContinuation { (continuation: CheckedContinuation<Void, any Error>) in
                lock.lock()
                if let failure {
                    lock.unlock()
                    continuation.resume(throwing: failure)
                    return
                }
                if isClosed {
                    lock.unlock()
                    continuation.resume(throwing: ReplayJournalError.closed(path: path))
                    return
                }
                pending.append(contentsOf: bytes)
                waiters.append(continuation)
                let start = !draining
                draining = true
                lock.unlock()
                if start { queue.async { self.drain() } }
            }
        } catch let error as ReplayJournalError {
            throw error
        } catch {
            throw .writeFailed(path: path, reason: "\(error)")
        }
    }

    /// Writes and syncs at once on the calling thread; only for `ReplayJournal.open`, before the writer is shared.
    func appendNow(_ bytes: [UInt8]) throws(ReplayJournalError) {
        if let error = queue.sync(execute: { writeAndSync(bytes) }) { throw error }
    }

    /// Waits for pending records, then closes the file.
    func finish() async {
        try? await append([])
        let wasClosed = lock.withLock {
            defer { isClosed = true }
            return isClosed
        }
        if !wasClosed { queue.sync { _ = close(descriptor) } }
    }

    private func drain() {
        while true {
            lock.lock()
            if waiters.isEmpty {
                draining = false
                lock.unlock()
                return
            }
            let bytes = pending, batch = waiters
            pending = []
            waiters = []
            lock.unlock()

            let result = writeAndSync(bytes)
            lock.lock()
            if let error = result { failure = error }
            lock.unlock()
            for waiter in batch {
                if let error = result { waiter.resume(throwing: error) } else { waiter.resume() }
            }
        }
    }

    /// Writes everything, then `fsync`s; nil on success.
    private func writeAndSync(_ bytes: [UInt8]) -> ReplayJournalError? {
        var offset = 0
        while offset < bytes.count {
            let written = bytes[offset...].withUnsafeBytes { write(descriptor, $0.baseAddress, $0.count) }
            if written < 0 {
                if errno == EINTR { continue }
                return .writeFailed(path: path, reason: Self.errnoText())
            }
            offset += written
        }
        guard !bytes.isEmpty else { return nil }
        while fsync(descriptor) != 0 {
            if errno != EINTR { return .writeFailed(path: path, reason: Self.errnoText()) }
        }
        return nil
    }

    static func errnoText() -> String { String(cString: strerror(errno)) }
}
