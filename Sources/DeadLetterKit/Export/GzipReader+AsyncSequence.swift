/// Decompresses an asynchronous stream of compressed chunks (a file or blob download) into a stream of
/// decompressed chunks of at most 64 KiB, checking at the end that the input was complete.
///
/// Made with `chunks.gunzipped(sourceName:)`. Decompressed data is held only for the current input chunk, so
/// memory follows the input chunk size (times the compression ratio), never the whole file.
public struct GzipInflatingSequence<Base: AsyncSequence>: AsyncSequence where Base.Element == [UInt8] {
    public typealias Element = [UInt8]

    let base: Base
    let sourceName: String?

    public struct AsyncIterator: AsyncIteratorProtocol {
        var base: Base.AsyncIterator
        /// A failure to start zlib is reported by the first `next()`, since making an iterator cannot throw.
        let reader: Result<GzipReader, any Error>
        var pending: [[UInt8]] = []
        var pendingIndex = 0
        var ended = false

        public mutating func next() async throws -> [UInt8]? {
            while pendingIndex == pending.count {
                guard !ended else { return nil }
                pending.removeAll(keepingCapacity: true)
                pendingIndex = 0
                guard let chunk = try await base.next() else {
                    ended = true
                    try reader.get().finish()
                    return nil
                }
                var produced: [[UInt8]] = []
                try reader.get().feed(chunk) { produced.append(Array($0)) }
                pending = produced
            }
            defer { pendingIndex += 1 }
            return pending[pendingIndex]
        }
    }

    public func makeAsyncIterator() -> AsyncIterator {
        AsyncIterator(base: base.makeAsyncIterator(), reader: Result { try GzipReader(sourceName: sourceName) })
    }
}

extension AsyncSequence where Element == [UInt8] {
    /// The decompressed bytes of a gzip (or zlib) stream arriving in chunks; `sourceName` names it in errors.
    public func gunzipped(sourceName: String? = nil) -> GzipInflatingSequence<Self> {
        GzipInflatingSequence(base: self, sourceName: sourceName)
    }
}
