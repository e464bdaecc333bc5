import AsyncHTTPClient
import NIOCore

extension BlobClient {
    /// `BlobReader`: the blob's bytes as they arrive. Failures are retried transparently until the first chunk has
    /// been handed out (the request, the status and the first bytes are all inside the retry loop); after that a
    /// broken transfer ends the stream with `BlobServiceError.interrupted`, because the consumer already has part of
    /// the body. Chunks are pulled from the network only as the stream is iterated.
    public func readBlob(named name: String) async throws -> AsyncThrowingStream<[UInt8], any Error> {
        let plan = BlobRequestPlan(operation: .read, method: .GET, blobName: name)
        let cursor = try await perform(plan) { response, request in
            let expected = response.headers.first(name: "Content-Length").flatMap { Int64($0) }
            var iterator = response.body.makeAsyncIterator()
            let first = try await iterator.next()
            let firstBytes = first.map { Array($0.readableBytesView) }
            try BlobBodyCursor.checkLength(blob: name, expected: expected, received: Int64(firstBytes?.count ?? 0),
                                           ended: first == nil, request: request)
            return BlobBodyCursor(blob: name, request: request, expected: expected, first: firstBytes, rest: iterator)
        }
        return AsyncThrowingStream(unfolding: { try await cursor.next() })
    }

    /// The whole blob, retried as a unit (a short body is re-requested from the start).
    public func downloadBlob(named name: String) async throws -> [UInt8] {
        let plan = BlobRequestPlan(operation: .read, method: .GET, blobName: name)
        return try await perform(plan) { response, request in
            let expected = response.headers.first(name: "Content-Length").flatMap { Int64($0) }
            var bytes: [UInt8] = []
            if let expected { bytes.reserveCapacity(Int(expected)) }
            for try await chunk in response.body { bytes.append(contentsOf: chunk.readableBytesView) }
            try BlobBodyCursor.checkLength(blob: name, expected: expected, received: Int64(bytes.count), ended: true, request: request)
            return bytes
        }
    }
}

/// The rest of a streamed Get Blob body after the first chunk. An actor because the stream's `unfolding` closure
/// must be `Sendable`; it is only ever called by the stream's single consumer, one chunk at a time.
actor BlobBodyCursor {
    private let blob: String
    private let request: BlobRequestSummary
    private let expected: Int64?
    private var first: [UInt8]?
    private var rest: HTTPClientResponse.Body.AsyncIterator
    private var delivered: Int64 = 0
    private var done: Bool

    init(blob: String, request: BlobRequestSummary, expected: Int64?, first: [UInt8]?,
         rest: sending HTTPClientResponse.Body.AsyncIterator) {
        self.blob = blob
        self.request = request
        self.expected = expected
        self.first = first
        self.rest = rest
        done = first == nil
    }

    func next() async throws -> [UInt8]? {
        if let chunk = first {
            first = nil
            delivered += Int64(chunk.count)
            return chunk
        }
        guard !done else { return nil }
        let chunk: ByteBuffer?
        do {
            var iterator = rest
            chunk = try await iterator.next(isolation: self)
            rest = iterator
        } catch {
            done = true
            throw BlobServiceError.interrupted(blob: blob, deliveredBytes: delivered, reason: "\(error)", request: request)
        }
        guard let chunk else {
            done = true
            if let expected, delivered < expected {
                throw BlobServiceError.interrupted(blob: blob, deliveredBytes: delivered,
                                                   reason: "the body ended after \(delivered) of \(expected) bytes", request: request)
            }
            return nil
        }
        let bytes = Array(chunk.readableBytesView)
        delivered += Int64(bytes.count)
        return bytes
    }

    /// A body that ended short of `Content-Length` is a (retryable) truncation.
    static func checkLength(blob: String, expected: Int64?, received: Int64, ended: Bool, request: BlobRequestSummary) throws {
        guard ended, let expected, received < expected else { return }
        throw BlobServiceError.truncatedBody(blob: blob, expected: expected, received: received, request: request)
    }
}
