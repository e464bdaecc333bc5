import CZlib

/// Streaming gzip compression (RFC 1952) into a `ByteSink`.
///
/// Memory is constant: each `write` is deflated through a fixed 64 KiB output buffer and handed to the sink as it
/// fills. `finish()` flushes what deflate holds back and writes the trailer (CRC-32 and length); without it the
/// output is a truncated gzip stream.
public final class GzipWriter<Sink: ByteSink>: ByteSink {
    /// The sink, for reading back what was written (an in-memory sink) once finished.
    public private(set) var sink: Sink
    /// Uncompressed bytes accepted so far.
    public private(set) var bytesIn: Int64 = 0
    /// Compressed bytes handed to the sink so far.
    public private(set) var bytesOut: Int64 = 0
    public let level: Int32

    // zlib's state keeps a pointer back to the z_stream, so it must live at a fixed address, not in a Swift property.
    private let stream: UnsafeMutablePointer<z_stream>
    private let output: UnsafeMutablePointer<UInt8>
    private static var outputCapacity: Int { 64 * 1024 }
    private var finished = false

    /// - Parameter level: 1 (fastest) … 9 (smallest); -1 is zlib's default (6).
    public init(sink: Sink, level: Int32 = 6) throws {
        guard (-1...9).contains(level) else { throw GzipError.invalidLevel(level) }
        let stream = UnsafeMutablePointer<z_stream>.allocate(capacity: 1)
        stream.initialize(to: z_stream())
        // windowBits 15 + 16: a 32 KiB window with a gzip header and trailer rather than zlib's.
        let code = deadletter_deflateInit2(stream, level, 15 + 16)
        guard code == Z_OK else {
            stream.deallocate()
            throw GzipError.zlibUnavailable(code: code)
        }
        self.stream = stream
        self.output = .allocate(capacity: Self.outputCapacity)
        self.sink = sink
        self.level = level
    }

    deinit {
        deflateEnd(stream)
        stream.deallocate()
        output.deallocate()
    }

    public func write(_ bytes: UnsafeRawBufferPointer) throws {
        guard !finished else { throw GzipError.writeAfterFinish }
        guard let base = bytes.baseAddress, bytes.count > 0 else { return }
        var offset = 0
        while offset < bytes.count {
            // avail_in is 32-bit; feed larger buffers in slices.
            let count = min(bytes.count - offset, Int(UInt32.max))
            stream.pointee.next_in = UnsafeMutablePointer(mutating: (base + offset).assumingMemoryBound(to: Bytef.self))
            stream.pointee.avail_in = uInt(count)
            try deflateAvailableInput(flush: Z_NO_FLUSH)
            offset += count
            bytesIn += Int64(count)
        }
    }

    /// Writes the end of the stream. The sink stays open: closing or committing it is the caller's job.
    public func finish() throws {
        guard !finished else { return }
        stream.pointee.next_in = nil
        stream.pointee.avail_in = 0
        try deflateAvailableInput(flush: Z_FINISH)
        finished = true
    }

    /// Runs deflate until it has consumed all input (Z_NO_FLUSH) or written the trailer (Z_FINISH), handing each
    /// filled output buffer to the sink.
    private func deflateAvailableInput(flush: Int32) throws {
        while true {
            stream.pointee.next_out = output
            stream.pointee.avail_out = uInt(Self.outputCapacity)
            let code = deflate(stream, flush)
            guard code == Z_OK || code == Z_STREAM_END || code == Z_BUF_ERROR else {
                throw GzipError.zlibUnavailable(code: code)
            }
            let produced = Self.outputCapacity - Int(stream.pointee.avail_out)
            if produced > 0 {
                try sink.write(UnsafeRawBufferPointer(start: output, count: produced))
                bytesOut += Int64(produced)
            }
            if flush == Z_FINISH {
                if code == Z_STREAM_END { return }
            } else if stream.pointee.avail_out != 0 {
                // Output space left over means deflate took all the input and has nothing more to say for now.
                return
            }
        }
    }
}

extension GzipWriter where Sink == ByteArraySink {
    /// Compresses a whole buffer in memory.
    public static func compress(_ bytes: [UInt8], level: Int32 = 6) throws -> [UInt8] {
        let writer = try GzipWriter(sink: ByteArraySink(), level: level)
        try bytes.withUnsafeBytes { try writer.write($0) }
        try writer.finish()
        return writer.sink.bytes
    }
}
