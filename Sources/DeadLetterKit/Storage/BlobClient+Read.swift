import AsyncHTTPClient
import NIOCore

extension BlobClient {
    /// `BlobReader`: the blob's bytes as they arrive. Failures are retried transparently until the first chunk has
    /// been handed out (the request, the status and the first bytes are all inside the retry loop). A transfer that
    /// breaks after that resumes where it stopped: a ranged Get Blob from the next byte, with `If-Match` on the first
    /// answer's ETag so that a blob replaced meanwhile is never stitched together from two versions. Each resume runs
    /// its own retry loop; resumes are bounded by the policy's attempts, and a stream that still cannot be completed
    /// (or whose blob changed) ends with `BlobServiceError.interrupted`, because the consumer already has part of the
    /// body. Chunks are pulled from the network only as the stream is iterated.
    public func readBlob(named name: String) async throws -> AsyncThrowingStream<[UInt8], any Error> {
        let first = try await openBody(named: name, from: 0, ifMatch: nil)
        let resume: @Sendable (Int64, String) async throws -> BlobBodySegment = { [self] offset, etag in
            try await self.openBody(named: name, from: offset, ifMatch: etag)
        }
        let cursor = BlobBodyCursor(blob: name, first: first, maxResumes: max(0, configuration.retryPolicy(for: .read).maxAttempts - 1), resume: resume)
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

    /// One Get Blob from `offset` to the end (ranged, expecting 206, when `offset` > 0), with its first chunk read
    /// inside the retry loop.
    func openBody(named name: String, from offset: Int64, ifMatch etag: String?) async throws -> BlobBodySegment {
        var plan = BlobRequestPlan(operation: .read, method: .GET, blobName: name)
        if offset > 0 {
            plan.headers.append((name: "x-ms-range", value: "bytes=\(offset)-"))
            // A 200 would be the whole blob again: only a 206 continues the stream.
            plan.successStatuses = [206]
        }
        if let etag { plan.headers.append((name: "If-Match", value: etag)) }
        return try await perform(plan) { response, request in
            let length = response.headers.first(name: "Content-Length").flatMap { Int64($0) }
            var iterator = response.body.makeAsyncIterator()
            let first = try await iterator.next()
            let firstBytes = first.map { Array($0.readableBytesView) }
            try BlobBodyCursor.checkLength(blob: name, expected: length, received: Int64(firstBytes?.count ?? 0),
                                           ended: first == nil, request: request)
            return BlobBodySegment(request: request, etag: response.headers.first(name: "ETag"), end: length.map { offset + $0 },
                                   first: firstBytes, rest: iterator)
        }
    }
}

/// One response body of a (possibly ranged) Get Blob: its first chunk, already read, and the rest still on the wire.
/// An actor because the response iterator is not `Sendable` and must move from the request's retry loop to the
/// stream's consumer; it is only ever called by that one consumer, one chunk at a time.
actor BlobBodySegment {
    let request: BlobClient.SentRequest
    /// The ETag of the version being read (the first segment's; a resume asks for the same with `If-Match`).
    let etag: String?
    /// The offset just past this segment's last byte, from its Content-Length; nil when the length was not sent.
    let end: Int64?
    private var first: [UInt8]?
    private var rest: HTTPClientResponse.Body.AsyncIterator
    private var finished: Bool

    init(request: BlobClient.SentRequest, etag: String?, end: Int64?, first: [UInt8]?, rest: sending HTTPClientResponse.Body.AsyncIterator) {
        self.request = request
        self.etag = etag
        self.end = end
        self.first = first
        self.rest = rest
        finished = first == nil
    }

    /// The next chunk; nil at the end of this body (which may be short of `end`: the cursor checks).
    func next() async throws -> [UInt8]? {
        if let chunk = first {
            first = nil
            return chunk
        }
        guard !finished else { return nil }
        var iterator = rest
        let chunk = try await iterator.next(isolation: self)
        rest = iterator
        guard let chunk else {
            finished = true
            return nil
        }
        return Array(chunk.readableBytesView)
    }
}

/// The stream of one blob's bytes across segments: counts what was delivered and, when a segment breaks or ends
/// short of the blob's length, opens the next one from there.
actor BlobBodyCursor {
    private let blob: String
    private let expected: Int64?
    private let etag: String?
    private let maxResumes: Int
    private let resume: @Sendable (Int64, String) async throws -> BlobBodySegment
    private var segment: BlobBodySegment
    private var delivered: Int64 = 0
    private var resumes = 0
    private var done = false

    init(blob: String, first: BlobBodySegment, maxResumes: Int, resume: @escaping @Sendable (Int64, String) async throws -> BlobBodySegment) {
        self.blob = blob
        self.segment = first
        self.expected = first.end
        self.etag = first.etag
        self.maxResumes = maxResumes
        self.resume = resume
    }

    func next() async throws -> [UInt8]? {
        while !done {
            let failure: String
            do {
                if let bytes = try await segment.next() {
                    delivered += Int64(bytes.count)
                    return bytes
                }
                guard let expected, delivered < expected else {
                    done = true
                    return nil
                }
                failure = "the body ended after \(delivered) of \(expected) bytes"
            } catch {
                failure = "\(error)"
            }
            try await resumeAfter(failure)
        }
        return nil
    }

    /// Opens the rest of the blob after a break, or ends the stream with `interrupted` naming why it cannot.
    private func resumeAfter(_ failure: String) async throws {
        let request = segment.request
        func interrupted(_ reason: String) -> BlobServiceError {
            done = true
            return BlobServiceError.interrupted(blob: blob, deliveredBytes: delivered, reason: reason, request: request.summary)
        }
        guard let etag else { throw interrupted(failure + "; cannot resume: the answer had no ETag") }
        guard resumes < maxResumes else { throw interrupted(failure + "; resumed \(resumes) times already") }
        resumes += 1
        do {
            segment = try await resume(delivered, etag)
        } catch is CancellationError {
            throw CancellationError()
        } catch {
            throw interrupted(failure + "; resuming from byte \(delivered) failed: \(error)")
        }
    }

    /// A body that ended short of `Content-Length` is a (retryable) truncation.
    static func checkLength(blob: String, expected: Int64?, received: Int64, ended: Bool, request: BlobClient.SentRequest) throws {
        guard ended, let expected, received < expected else { return }
        throw BlobServiceError.truncatedBody(blob: blob, expected: expected, received: received, request: request.summary)
    }
}
