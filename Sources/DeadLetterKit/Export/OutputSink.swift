#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#elseif canImport(Darwin)
import Darwin
#endif

/// Where a command's output goes — standard output, a file that appears only when complete, or gzip over either —
/// behind one buffered `write(_:)`.
///
/// Writes are gathered in a 64 KiB buffer so that a million small records cost a few thousand system calls (or
/// deflate calls). `finish()` must be called for the output to exist: it flushes, writes the gzip trailer and
/// commits the file. `abort()`, or dropping the sink unfinished, leaves nothing under the final name.
public final class OutputSink {
    public enum Destination: Sendable, Equatable {
        case standardOutput
        /// An open descriptor the sink writes to but does not close (a pipe, a socket).
        case fileDescriptor(Int32, name: String)
        /// A file committed atomically by `finish()`.
        case file(path: String)
    }

    public enum Compression: Sendable, Equatable {
        case none
        /// Level 1 (fastest) … 9 (smallest).
        case gzip(level: Int32)
    }

    public static let bufferCapacity = 64 * 1024

    public let destination: Destination
    public let compression: Compression
    /// Uncompressed bytes written so far.
    public private(set) var bytesWritten: Int64 = 0
    /// When true every `write` is pushed through at once, so a person at a terminal sees rows as they are found.
    /// On by default for an uncompressed terminal.
    public var flushesEveryWrite: Bool

    private enum Backend {
        case stream(FileDescriptorOutput)
        case file(AtomicFileOutput)
        case gzipStream(GzipWriter<FileDescriptorOutput>)
        case gzipFile(GzipWriter<AtomicFileOutput>, AtomicFileOutput)
    }

    private let backend: Backend
    private let buffer: UnsafeMutableRawBufferPointer
    private var buffered = 0
    private var closed = false

    public init(destination: Destination, compression: Compression = .none) throws {
        switch destination {
        case .file(let path):
            let file = try AtomicFileOutput(path: path)
            switch compression {
            case .none: backend = .file(file)
            case .gzip(let level): backend = .gzipFile(try GzipWriter(sink: file, level: level), file)
            }
            flushesEveryWrite = false
        case .standardOutput, .fileDescriptor:
            let output = destination.streamOutput
            switch compression {
            case .none: backend = .stream(output)
            case .gzip(let level): backend = .gzipStream(try GzipWriter(sink: output, level: level))
            }
            flushesEveryWrite = compression == .none && isatty(output.fileDescriptor) == 1
        }
        self.destination = destination
        self.compression = compression
        self.buffer = .allocate(byteCount: Self.bufferCapacity, alignment: 1)
    }

    /// `-` is standard output; a name ending in `.gz` is gzip-compressed; anything else is a plain file.
    public convenience init(path: String, gzipLevel: Int32 = 6) throws {
        if path == "-" {
            try self.init(destination: .standardOutput)
        } else {
            let gzip = path.lowercased().hasSuffix(".gz")
            try self.init(destination: .file(path: path), compression: gzip ? .gzip(level: gzipLevel) : .none)
        }
    }

    deinit {
        // An unfinished file backend removes its temporary file in its own deinit.
        buffer.deallocate()
    }

    /// Names the output in messages: the path, or "standard output".
    public var name: String {
        switch destination {
        case .standardOutput: return "standard output"
        case .fileDescriptor(_, let name): return name
        case .file(let path): return path
        }
    }

    public func write<Bytes: Sequence>(_ bytes: Bytes) throws where Bytes.Element == UInt8 {
        guard !closed else { throw OutputFileError.closed(path: name) }
        let handled: Void? = try bytes.withContiguousStorageIfAvailable { try append(UnsafeRawBufferPointer($0)) }
        if handled == nil {
            // A non-contiguous sequence (a lazy map, a bridged string): copy it once into contiguous storage.
            try Array(bytes).withUnsafeBytes { try append($0) }
        }
        if flushesEveryWrite { try flush() }
    }

    /// Hands buffered bytes on to the destination (for a gzip destination: to the compressor).
    public func flush() throws {
        guard buffered > 0 else { return }
        let pending = UnsafeRawBufferPointer(rebasing: buffer[0..<buffered])
        buffered = 0
        try writeThrough(pending)
    }

    /// Completes the output: flushes, writes the gzip trailer, and moves a file onto its final name.
    public func finish() throws {
        guard !closed else { return }
        do {
            try flush()
            switch backend {
            case .stream:
                break
            case .file(let file):
                try file.commit()
            case .gzipStream(let gzip):
                try gzip.finish()
            case .gzipFile(let gzip, let file):
                try gzip.finish()
                try file.commit()
            }
            closed = true
        } catch {
            abort()
            throw error
        }
    }

    /// Discards the output: buffered bytes are dropped and a file's temporary file removed.
    public func abort() {
        guard !closed else { return }
        closed = true
        buffered = 0
        switch backend {
        case .file(let file), .gzipFile(_, let file): file.abort()
        case .stream, .gzipStream: break
        }
    }

    private func append(_ bytes: UnsafeRawBufferPointer) throws {
        bytesWritten += Int64(bytes.count)
        if buffered + bytes.count <= Self.bufferCapacity {
            UnsafeMutableRawBufferPointer(rebasing: buffer[buffered...]).copyMemory(from: bytes)
            buffered += bytes.count
            return
        }
        try flush()
        if bytes.count >= Self.bufferCapacity {
            // Large writes skip the copy.
            try writeThrough(bytes)
        } else {
            UnsafeMutableRawBufferPointer(rebasing: buffer[0...]).copyMemory(from: bytes)
            buffered = bytes.count
        }
    }

    private func writeThrough(_ bytes: UnsafeRawBufferPointer) throws {
        switch backend {
        case .stream(let output): try output.write(bytes)
        case .file(let file): try file.write(bytes)
        case .gzipStream(let gzip): try gzip.write(bytes)
        case .gzipFile(let gzip, _): try gzip.write(bytes)
        }
    }
}

extension OutputSink.Destination {
    /// The descriptor of a stream destination; files are opened by `AtomicFileOutput` instead.
    fileprivate var streamOutput: FileDescriptorOutput {
        switch self {
        case .fileDescriptor(let fd, let name): return FileDescriptorOutput(fileDescriptor: fd, name: name)
        case .standardOutput, .file: return .standardOutput
        }
    }
}
