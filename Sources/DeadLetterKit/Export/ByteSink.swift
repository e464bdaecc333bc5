/// Where bytes go once a stage is done with them: a file, standard output, a compressor, memory.
///
/// Stages are chained through this one requirement (`OutputSink` → `GzipWriter` → `AtomicFileOutput`), so a
/// compressor does not need to know whether it writes to a file, a pipe or a test buffer.
public protocol ByteSink {
    /// Writes all of `bytes` or throws; a short write is never reported as success.
    mutating func write(_ bytes: UnsafeRawBufferPointer) throws
}

/// Collects everything written in memory: small renders and tests.
public struct ByteArraySink: ByteSink, Sendable {
    public var bytes: [UInt8]

    public init(bytes: [UInt8] = []) {
        self.bytes = bytes
    }

    public mutating func write(_ bytes: UnsafeRawBufferPointer) {
        self.bytes.append(contentsOf: bytes)
    }
}
