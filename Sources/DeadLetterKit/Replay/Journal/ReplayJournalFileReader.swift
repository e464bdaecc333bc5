import Foundation
#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#elseif canImport(Darwin)
import Darwin
#endif

/// Reads a journal file piece by piece through a 256 KB window (`pread`), so that neither opening a journal of a
/// million events nor looking its records up during the rerun holds the file in memory.
///
/// Not `Sendable`: one reader belongs to one scan or one `ReplayJournalLookup`.
final class ReplayJournalFileReader {
    let path: String
    /// The bytes readable: the file's size when opened, or less when only an intact prefix is wanted.
    let size: Int
    private let descriptor: Int32
    private var window: [UInt8] = []
    private var windowStart = 0
    static let windowBytes = 256 * 1024

    /// Opens `path` for reading; `limit` caps what is read (the valid part of a journal being appended to).
    init(path: String, limit: Int? = nil) throws(ReplayJournalError) {
        self.path = path
        let fd = open(path, O_RDONLY | O_CLOEXEC)
        guard fd >= 0 else { throw .cannotRead(path: path, reason: ReplayJournalWriter.errnoText()) }
        var status = stat()
        guard fstat(fd, &status) == 0 else {
            let reason = ReplayJournalWriter.errnoText()
            close(fd)
            throw .cannotRead(path: path, reason: reason)
        }
        descriptor = fd
        size = min(Int(status.st_size), limit ?? Int.max)
    }

    deinit {
        close(descriptor)
    }

    /// Up to `count` bytes from `offset`; fewer only where the readable part ends.
    func bytes(at offset: Int, count: Int) throws(ReplayJournalError) -> ArraySlice<UInt8> {
        let end = min(offset + count, size)
        guard offset < end else { return [] }
        if offset >= windowStart, end <= windowStart + window.count {
            return window[(offset - windowStart)..<(end - windowStart)]
        }
        let length = min(max(count, Self.windowBytes), size - offset)
        if window.count != length { window = [UInt8](repeating: 0, count: length) }
        var filled = 0
        while filled < length {
            let got = window.withUnsafeMutableBytes { buffer in
                pread(descriptor, buffer.baseAddress! + filled, length - filled, off_t(offset + filled))
            }
            if got < 0 {
                if errno == EINTR { continue }
                throw .cannotRead(path: path, reason: ReplayJournalWriter.errnoText())
            }
            // The file shrank under us (another process truncated it): what is left is all there is.
            if got == 0 { break }
            filled += got
        }
        windowStart = offset
        if filled < length { window.removeSubrange(filled...) }
        return window[0..<min(end - offset, filled)]
    }
}
