import Foundation
import NIOPosix
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Failures of the storage directory, with the path and the system's reason.
enum BlobFileError: Error, CustomStringConvertible {
    case system(operation: String, path: String, errno: Int32)

    var description: String {
        switch self {
        case .system(let operation, let path, let code):
            return "\(operation) \(path) failed: \(String(cString: strerror(code)))"
        }
    }

    var errnoValue: Int32 {
        switch self { case .system(_, _, let code): return code }
    }
}

/// An open, read-only blob file. Reads use `pread`, so concurrent readers never share a file offset; the descriptor
/// is closed when the last reference goes, which keeps the bytes readable even if the blob is replaced meanwhile.
final class OpenedBlobFile: Sendable {
    let descriptor: Int32
    let path: String

    init(path: String) throws {
        let fd = open(path, O_RDONLY | O_CLOEXEC)
        guard fd >= 0 else { throw BlobFileError.system(operation: "open", path: path, errno: errno) }
        descriptor = fd
        self.path = path
    }

    deinit { close(descriptor) }

    /// All `count` bytes at `offset` if the page cache holds them, without waiting for the disk (see `NoWaitRead`).
    func readIfCached(offset: Int64, count: Int) -> [UInt8]? {
        NoWaitRead.read(descriptor, offset: offset, count: count)
    }

    /// Reads up to `count` bytes at `offset`; fewer only at end of file.
    func read(offset: Int64, count: Int) throws -> [UInt8] {
        var buffer = [UInt8](repeating: 0, count: count)
        var filled = 0
        try buffer.withUnsafeMutableBytes { raw in
            while filled < count {
                let n = pread(descriptor, raw.baseAddress! + filled, count - filled, off_t(offset) + off_t(filled))
                if n < 0 {
                    if errno == EINTR { continue }
                    throw BlobFileError.system(operation: "read", path: path, errno: errno)
                }
                if n == 0 { break }
                filled += n
            }
        }
        if filled < count { buffer.removeLast(count - filled) }
        return buffer
    }
}

/// The C `rename`, reachable from inside `BlobFileIO` whose own `rename` would shadow it.
private func systemRename(_ from: String, _ to: String) -> Int32 { rename(from, to) }

/// Small POSIX helpers; Foundation's FileManager is avoided on paths that run per blob at start-up.
enum BlobFileIO {
    struct FileStatus: Sendable {
        var size: Int64
        var modifiedNanos: Int64
        var isDirectory: Bool
        var isRegular: Bool
    }

    /// Runs blocking file work on NIO's shared blocking pool instead of a Swift concurrency thread.
    static func offload<T: Sendable>(_ body: @escaping @Sendable () throws -> T) async throws -> T {
        try await NIOThreadPool.singleton.runIfActive(body)
    }

    static func status(_ path: String) -> FileStatus? {
        var info = stat()
        guard stat(path, &info) == 0 else { return nil }
        let mode = info.st_mode & S_IFMT
        #if canImport(Darwin)
        let nanos = Int64(info.st_mtimespec.tv_sec) * 1_000_000_000 + Int64(info.st_mtimespec.tv_nsec)
        #else
        let nanos = Int64(info.st_mtim.tv_sec) * 1_000_000_000 + Int64(info.st_mtim.tv_nsec)
        #endif
        return FileStatus(size: Int64(info.st_size), modifiedNanos: nanos, isDirectory: mode == S_IFDIR, isRegular: mode == S_IFREG)
    }

    static func readWholeFile(_ path: String) throws -> [UInt8] {
        let file = try OpenedBlobFile(path: path)
        guard let size = status(path)?.size else { throw BlobFileError.system(operation: "stat", path: path, errno: errno) }
        return try file.read(offset: 0, count: Int(size))
    }

    /// Writes `bytes` to a new file at `path` (which must not exist), flushing nothing: the emulator trades
    /// durability on power loss for speed, like a test fixture should.
    static func writeNewFile(_ path: String, bytes: [UInt8]) throws {
        let fd = open(path, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0o644)
        guard fd >= 0 else { throw BlobFileError.system(operation: "create", path: path, errno: errno) }
        defer { close(fd) }
        var written = 0
        try bytes.withUnsafeBytes { raw in
            while written < raw.count {
                let n = write(fd, raw.baseAddress! + written, raw.count - written)
                if n < 0 {
                    if errno == EINTR { continue }
                    throw BlobFileError.system(operation: "write", path: path, errno: errno)
                }
                written += n
            }
        }
    }

    /// Copies a file in 4 MB pieces.
    static func copyFile(from source: String, to destination: String) throws -> Int64 {
        let input = try OpenedBlobFile(path: source)
        let fd = open(destination, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0o644)
        guard fd >= 0 else { throw BlobFileError.system(operation: "create", path: destination, errno: errno) }
        defer { close(fd) }
        var offset: Int64 = 0
        while true {
            let chunk = try input.read(offset: offset, count: 4 << 20)
            if chunk.isEmpty { break }
            var written = 0
            try chunk.withUnsafeBytes { raw in
                while written < raw.count {
                    let n = write(fd, raw.baseAddress! + written, raw.count - written)
                    if n < 0 {
                        if errno == EINTR { continue }
                        throw BlobFileError.system(operation: "write", path: destination, errno: errno)
                    }
                    written += n
                }
            }
            offset += Int64(chunk.count)
        }
        return offset
    }

    static func rename(_ from: String, to: String) throws {
        guard systemRename(from, to) == 0 else { throw BlobFileError.system(operation: "rename", path: to, errno: errno) }
    }

    static func removeIfPresent(_ path: String) {
        _ = unlink(path)
    }

    /// `mkdir -p`. Throws with ENOTDIR/EEXIST when a file sits where a directory must be.
    static func makeDirectories(_ path: String) throws {
        if let existing = status(path) {
            if existing.isDirectory { return }
            throw BlobFileError.system(operation: "mkdir", path: path, errno: EEXIST)
        }
        let parent = (path as NSString).deletingLastPathComponent
        if !parent.isEmpty, parent != path { try makeDirectories(parent) }
        if mkdir(path, 0o755) != 0, errno != EEXIST {
            throw BlobFileError.system(operation: "mkdir", path: path, errno: errno)
        }
    }

    /// Removes empty directories from `directory` upwards, stopping at (and keeping) `stop`.
    static func pruneEmptyDirectories(from directory: String, stoppingAt stop: String) {
        var current = directory
        while current.count > stop.count, current.hasPrefix(stop + "/") {
            guard rmdir(current) == 0 else { return }
            current = (current as NSString).deletingLastPathComponent
        }
    }

    /// `rm -r`.
    static func removeTree(_ path: String) throws {
        guard FileManager.default.fileExists(atPath: path) else { return }
        do { try FileManager.default.removeItem(atPath: path) } catch {
            throw BlobFileError.system(operation: "remove", path: path, errno: errno == 0 ? EIO : errno)
        }
    }
}
