#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#elseif canImport(Darwin)
import Darwin
#endif

/// A file that appears under its final name only when it is complete.
///
/// Bytes go to a temporary file in the same directory (`.<name>.tmp-<pid>-<random>`, same file system so the rename
/// is atomic); `commit()` fsyncs it, renames it onto the final name and fsyncs the directory. `abort()` — and
/// deinit without a commit, as when an error unwinds the export — removes the temporary file. A process killed
/// outright can leave the hidden temporary file behind, but never a half-written file under the final name.
public final class AtomicFileOutput: ByteSink {
    public let path: String
    public let temporaryPath: String
    private var fileDescriptor: Int32
    private var state = State.open

    private enum State { case open, committed, aborted }

    /// Creates the temporary file (mode 0666 minus the umask, like a shell redirection).
    public init(path: String) throws {
        let (directory, name) = try Self.split(path)
        var attempt = 0
        while true {
            let suffix = String(UInt32.random(in: 0...UInt32.max), radix: 16)
            let candidate = (directory.map { $0.hasSuffix("/") ? $0 : $0 + "/" } ?? "") + ".\(name).tmp-\(getpid())-\(suffix)"
            let fd = open(candidate, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0o666)
            if fd >= 0 {
                self.path = path
                self.temporaryPath = candidate
                self.fileDescriptor = fd
                return
            }
            let code = errno
            attempt += 1
            // EEXIST: a leftover from a killed run with the same pid and suffix; try another suffix.
            guard code == EEXIST || code == EINTR, attempt < 8 else {
                throw OutputFileError.cannotCreate(path: candidate, errno: code)
            }
        }
    }

    deinit {
        if state == .open { abort() }
    }

    public func write(_ bytes: UnsafeRawBufferPointer) throws {
        guard state == .open else { throw OutputFileError.closed(path: path) }
        try FileDescriptorOutput.writeAll(bytes, to: fileDescriptor, name: temporaryPath)
    }

    /// Makes the file durable and visible under `path`. On failure the temporary file is removed and nothing
    /// appears under `path` (an existing file there is left as it was).
    public func commit() throws {
        guard state == .open else { throw OutputFileError.closed(path: path) }
        if fsync(fileDescriptor) != 0 {
            let code = errno
            abort()
            throw OutputFileError.syncFailed(path: temporaryPath, errno: code)
        }
        let closed = close(fileDescriptor)
        let closeCode = errno
        fileDescriptor = -1
        if closed != 0 && closeCode != EINTR {
            abort()
            throw OutputFileError.writeFailed(path: temporaryPath, errno: closeCode)
        }
        if rename(temporaryPath, path) != 0 {
            let code = errno
            abort()
            throw OutputFileError.renameFailed(from: temporaryPath, to: path, errno: code)
        }
        state = .committed
        syncDirectory()
    }

    /// Removes the temporary file. Safe to call more than once and after a failed commit; a no-op after a commit.
    public func abort() {
        guard state == .open else { return }
        state = .aborted
        if fileDescriptor >= 0 {
            close(fileDescriptor)
            fileDescriptor = -1
        }
        unlink(temporaryPath)
    }

    /// The rename is durable only once the directory entry is on disk. Failure here is not reported: the data is
    /// already safe under its final name, and some file systems do not support fsync on directories.
    private func syncDirectory() {
        let directory = (try? Self.split(path).directory ?? ".") ?? "."
        let fd = open(directory, O_RDONLY | O_CLOEXEC)
        guard fd >= 0 else { return }
        fsync(fd)
        close(fd)
    }

    /// Splits `a/b/c.jsonl` into (`a/b`, `c.jsonl`); a bare name has no directory.
    static func split(_ path: String) throws -> (directory: String?, name: String) {
        guard let slash = path.lastIndex(of: "/") else {
            guard !path.isEmpty else { throw OutputFileError.notAFilePath(path: path) }
            return (nil, path)
        }
        let name = String(path[path.index(after: slash)...])
        guard !name.isEmpty, name != ".", name != ".." else { throw OutputFileError.notAFilePath(path: path) }
        let directory = slash == path.startIndex ? "/" : String(path[..<slash])
        return (directory, name)
    }
}
