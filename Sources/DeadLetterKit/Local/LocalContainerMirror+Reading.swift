#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#elseif canImport(Darwin)
import Darwin
#endif

extension LocalContainerMirror: BlobReader {
    /// The file's bytes in 64 KiB chunks, read as the consumer pulls them (nothing is read ahead).
    public func readBlob(named name: String) async throws -> AsyncThrowingStream<[UInt8], any Error> {
        guard Self.isValidBlobName(name) else { throw LocalMirrorError.invalidBlobName(name) }
        let path = filePath(ofBlob: name)
        let descriptor = open(path, O_RDONLY)
        guard descriptor >= 0 else {
            let code = errno
            if code == ENOENT || code == ENOTDIR { throw LocalMirrorError.blobNotFound(name: name, path: path) }
            throw LocalMirrorError.blobUnreadable(name: name, path: path, errno: code)
        }
        var info = stat()
        if fstat(descriptor, &info) == 0, (info.st_mode & S_IFMT) == S_IFDIR {
            close(descriptor)
            throw LocalMirrorError.blobNotFound(name: name, path: path)
        }
        let reader = LocalFileChunkReader(descriptor: descriptor, name: name, path: path)
        return AsyncThrowingStream(unfolding: { try await reader.nextChunk() })
    }

    /// A blob name must stay inside the mirror: no empty, `.` or `..` segments, no NUL byte.
    static func isValidBlobName(_ name: String) -> Bool {
        guard !name.isEmpty, !name.utf8.contains(0) else { return false }
        return name.utf8.split(separator: UInt8(ascii: "/"), omittingEmptySubsequences: false).allSatisfy {
            !$0.isEmpty && !$0.elementsEqual(".".utf8) && !$0.elementsEqual("..".utf8)
        }
    }
}

/// Owns one open file descriptor and reads it chunk by chunk; closes it at the end, on error, or when dropped.
actor LocalFileChunkReader {
    private var descriptor: Int32
    private let name: String
    private let path: String

    init(descriptor: Int32, name: String, path: String) {
        self.descriptor = descriptor
        self.name = name
        self.path = path
    }

    deinit {
        if descriptor >= 0 { close(descriptor) }
    }

    func nextChunk() throws(LocalMirrorError) -> [UInt8]? {
        guard descriptor >= 0 else { return nil }
        var chunk = [UInt8](repeating: 0, count: LocalContainerMirror.chunkSize)
        var filled = 0
        while filled < chunk.count {
            let count = chunk.withUnsafeMutableBytes { buffer in
                read(descriptor, buffer.baseAddress! + filled, buffer.count - filled)
            }
            if count > 0 {
                filled += count
            } else if count == 0 {
                break
            } else if errno != EINTR {
                let code = errno
                closeFile()
                throw .blobUnreadable(name: name, path: path, errno: code)
            }
        }
        if filled == 0 {
            closeFile()
            return nil
        }
        chunk.removeSubrange(filled...)
        return chunk
    }

    private func closeFile() {
        close(descriptor)
        descriptor = -1
    }
}
