import Foundation
#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#elseif canImport(Darwin)
import Darwin
#endif

/// A file (or standard input, `-`) read front to back in chunks that the decoders consume in place.
///
/// A regular file is mapped a window at a time (`mmap`, read-only, `MADV_SEQUENTIAL`) and handed out in chunks of
/// at most `chunkSize` bytes, so the bytes go from the page cache to the decoder without the kernel copying them
/// into a buffer first: that copy was 10–13% of the CPU of decoding a large export. Chunks stay small because the
/// caller hands each chunk's dead letters on before reading the next; a window is unmapped once its last chunk has
/// been used, so memory stays bounded whatever the file size (mapped pages count in RSS while they are mapped).
/// Standard input, pipes and anything that cannot be mapped are read with `read(2)` into one reused buffer.
///
/// A mapping assumes the file is not truncated while it is read: bytes of a window that no longer exist in the file
/// would fault (SIGBUS). An export that deadletter writes is complete before it has its name (it is written under a
/// temporary name and renamed), and a rename or a new file under the same name leaves the mapped file intact; only
/// an in-place truncation by another process (`: > file`) during the read would hit this.
public struct FileChunks: ~Copyable {
    public struct ReadError: Error, CustomStringConvertible {
        public let path: String
        public let reason: String
        public var description: String { "cannot read \(path): \(reason)" }
    }

    /// The most handed out at once (and the `read(2)` buffer's size).
    public static let chunkSize = 256 * 1024
    /// Large enough that mapping costs little per byte, small enough to keep RSS flat (measured on a 749 MB export:
    /// 2 MiB and 8 MiB windows decode equally fast; 8 MiB adds 6 MiB of peak RSS).
    static let windowSize = 4 << 20

    private let path: String
    private let chunkSize: Int
    private let windowSize: Int
    private let descriptor: Int32
    /// The file's size when it is mapped; nil when it is read with `read(2)`.
    private let mappedSize: Int?
    /// Where the next window starts in the file (mapped), or how much was read (`read(2)`).
    private var offset = 0
    private var window: UnsafeMutableRawBufferPointer?
    /// How much of `window` has been handed out.
    private var windowUsed = 0
    private var buffer: UnsafeMutableRawBufferPointer?

    public init(path: String) throws(ReadError) {
        try self.init(path: path, chunkSize: Self.chunkSize, windowSize: Self.windowSize)
    }

    /// Other sizes, for tests (`windowSize` is rounded up to whole pages, as `mmap` offsets must be).
    init(path: String, chunkSize: Int, windowSize: Int) throws(ReadError) {
        self.path = path
        self.chunkSize = Swift.max(1, chunkSize)
        let page = Swift.max(1, Int(sysconf(Int32(_SC_PAGESIZE))))
        self.windowSize = (Swift.max(1, windowSize) + page - 1) / page * page
        if path == "-" {
            descriptor = STDIN_FILENO
            mappedSize = nil
            return
        }
        descriptor = open(path, O_RDONLY | O_CLOEXEC)
        guard descriptor >= 0 else { throw ReadError(path: path, reason: String(cString: strerror(errno))) }
        var status = stat()
        if fstat(descriptor, &status) == 0, (status.st_mode & S_IFMT) == S_IFREG {
            mappedSize = Int(status.st_size)
        } else {
            mappedSize = nil
        }
    }

    deinit {
        if let window { munmap(window.baseAddress, window.count) }
        buffer?.deallocate()
        if descriptor != STDIN_FILENO { close(descriptor) }
    }

    /// The next chunk, or nil at the end of the input. Valid until the next call (or the end of `self`).
    public mutating func next() throws(ReadError) -> UnsafeRawBufferPointer? {
        if let window, windowUsed < window.count {
            return handOut(from: window)
        }
        unmapWindow()
        if let size = mappedSize, let mapped = mapNextWindow(fileSize: size) {
            return handOut(from: mapped)
        }
        return try readNextBuffer()
    }

    private mutating func handOut(from window: UnsafeMutableRawBufferPointer) -> UnsafeRawBufferPointer {
        let end = Swift.min(windowUsed + chunkSize, window.count)
        defer { windowUsed = end }
        return UnsafeRawBufferPointer(rebasing: window[windowUsed..<end])
    }

    /// Maps `[offset, offset + windowSize)` (clipped to the file). nil at the end of the file, and when mapping
    /// fails (then the rest is read with `read(2)` from `offset` on).
    private mutating func mapNextWindow(fileSize: Int) -> UnsafeMutableRawBufferPointer? {
        guard offset < fileSize else { return nil }
        let length = Swift.min(windowSize, fileSize - offset)
        guard let address = mmap(nil, length, PROT_READ, MAP_PRIVATE, descriptor, off_t(offset)),
              address != MAP_FAILED else {
            _ = lseek(descriptor, off_t(offset), SEEK_SET)
            return nil
        }
        _ = madvise(address, length, MADV_SEQUENTIAL)
        offset += length
        let mapped = UnsafeMutableRawBufferPointer(start: address, count: length)
        window = mapped
        windowUsed = 0
        return mapped
    }

    private mutating func readNextBuffer() throws(ReadError) -> UnsafeRawBufferPointer? {
        if let size = mappedSize, offset >= size { return nil }
        let buffer = self.buffer ?? UnsafeMutableRawBufferPointer.allocate(byteCount: chunkSize, alignment: 16)
        self.buffer = buffer
        var count = read(descriptor, buffer.baseAddress, buffer.count)
        while count < 0 && errno == EINTR { count = read(descriptor, buffer.baseAddress, buffer.count) }
        guard count >= 0 else { throw ReadError(path: path, reason: String(cString: strerror(errno))) }
        offset += count
        return count == 0 ? nil : UnsafeRawBufferPointer(rebasing: buffer[0..<count])
    }

    private mutating func unmapWindow() {
        guard let window else { return }
        munmap(window.baseAddress, window.count)
        self.window = nil
    }
}
