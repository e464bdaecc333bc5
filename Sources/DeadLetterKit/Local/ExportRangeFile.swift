import Foundation
#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#elseif canImport(Darwin)
import Darwin
#endif

/// An export file open for positional reads (`pread`), shared by the range workers of `ParallelExportDecoding`;
/// closed when the last of them lets go. Read buffers are pooled: a range then costs no allocation, no zeroing
/// and no page faults for its buffer.
final class ExportRangeFile: Sendable {
    let path: String
    let size: Int
    private let descriptor: Int32
    private let buffers = ReadBufferPool(bufferSize: ExportRangeFile.readSize)
    /// How much of a range is read (and fed to its decoder) at a time.
    static let readSize = 256 * 1024

    init(path: String) throws(ExportFileReadError) {
        let descriptor = open(path, O_RDONLY)
        guard descriptor >= 0 else { throw .open(path: path, errno: errno) }
        var info = stat()
        guard fstat(descriptor, &info) == 0 else {
            let code = errno
            close(descriptor)
            throw .open(path: path, errno: code)
        }
        self.path = path
        self.descriptor = descriptor
        size = Int(info.st_size)
    }

    deinit { close(descriptor) }

    /// The offset just after the first newline at or after `offset` (the file size when there is none): where a
    /// range that should end near `offset` ends without splitting a line.
    func lineBoundary(after offset: Int) throws(ExportFileReadError) -> Int {
        guard offset < size else { return size }
        let buffer = buffers.take()
        defer { buffers.give(buffer) }
        // Lines are short: look a few KiB ahead first, further only for a long line.
        var position = offset, window = 8 * 1024
        while position < size {
            let count = try read(into: buffer, at: position, limit: window)
            guard count > 0 else { break }
            let newline = JSONBytes.find(JSONBytes.newline, in: buffer.baseAddress!.assumingMemoryBound(to: UInt8.self), from: 0, to: count)
            if newline < count { return position + newline + 1 }
            position += count
            window = buffer.count
        }
        return size
    }

    /// Decodes the lines in `range` with a decoder of its own.
    func decode(_ range: Range<Int>, origin: DeadLetterOrigin, options: JSONDecodingOptions) throws -> ExportRangeOutput {
        var decoder = DeadLetterDecoder(origin: origin, input: .exportLines, options: options, startOffset: range.lowerBound)
        var output = ExportRangeOutput()
        let collect: (DeadLetterDecoder.Item, Bool) -> Void = { item, positional in
            if positional { output.positional.append(output.items.count) }
            output.items.append(item)
        }
        let buffer = buffers.take()
        defer { buffers.give(buffer) }
        var position = range.lowerBound
        while position < range.upperBound {
            let count = try read(into: buffer, at: position, limit: range.upperBound - position)
            guard count > 0 else { throw ExportFileReadError.truncated(path: path, offset: position) }
            try decoder.feed(UnsafeRawBufferPointer(rebasing: buffer[0..<count]), collect)
            position += count
        }
        try decoder.finish(collect)
        output.values = decoder.valuesSeen
        return output
    }

    private func read(into buffer: UnsafeMutableRawBufferPointer, at offset: Int, limit: Int) throws(ExportFileReadError) -> Int {
        let wanted = Swift.min(buffer.count, limit)
        while true {
            let count = pread(descriptor, buffer.baseAddress, wanted, off_t(offset))
            if count >= 0 { return count }
            if errno != EINTR { throw .read(path: path, offset: offset, errno: errno) }
        }
    }
}

/// Read buffers handed out to one thread at a time and kept for reuse (as many as threads ever needed at once).
private final class ReadBufferPool: @unchecked Sendable {
    private let lock = NSLock()
    private var free: [UnsafeMutableRawBufferPointer] = []
    private let bufferSize: Int

    init(bufferSize: Int) { self.bufferSize = bufferSize }

    deinit { for buffer in free { buffer.deallocate() } }

    func take() -> UnsafeMutableRawBufferPointer {
        lock.lock()
        defer { lock.unlock() }
        return free.popLast() ?? .allocate(byteCount: bufferSize, alignment: 16)
    }

    func give(_ buffer: UnsafeMutableRawBufferPointer) {
        lock.lock()
        free.append(buffer)
        lock.unlock()
    }
}

/// Why an export file could not be read (as opposed to decoded).
public enum ExportFileReadError: Error, Sendable, Hashable, CustomStringConvertible {
    case open(path: String, errno: Int32)
    case read(path: String, offset: Int, errno: Int32)
    /// The file got shorter while it was being read.
    case truncated(path: String, offset: Int)

    public var description: String {
        switch self {
        case .open(let path, let code):
            return "cannot open \(path): \(String(cString: strerror(code)))"
        case .read(let path, let offset, let code):
            return "reading \(path) at byte \(offset) failed: \(String(cString: strerror(code)))"
        case .truncated(let path, let offset):
            return "\(path) ended at byte \(offset) while it was being read (was it changed or truncated meanwhile?)"
        }
    }
}
