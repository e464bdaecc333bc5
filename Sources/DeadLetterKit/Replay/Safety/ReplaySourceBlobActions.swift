/// What `--after delete|tag` does to a source blob, and how a filtered run re-counts a blob's events before it
/// does. The CLI passes the container's `BlobClient` (which conforms) or a local-directory equivalent.
public protocol ReplaySourceBlobActions: Sendable {
    /// Deletes the blob, only if its ETag is still `blob.etag` (when known).
    func deleteBlob(_ blob: ReplayBlobReference) async throws
    /// Sets the blob's index tags.
    func tagBlob(_ blob: ReplayBlobReference, tags: [String: String]) async throws
    /// How many values (events) the blob holds now.
    func eventCount(of blob: ReplayBlobReference) async throws -> Int
}

extension BlobClient: ReplaySourceBlobActions {
    public func deleteBlob(_ blob: ReplayBlobReference) async throws {
        try await deleteBlob(named: blob.blobName, ifMatch: blob.etag)
    }

    /// Set Blob Tags replaces all of a blob's tags; dead-letter blobs carry none of their own.
    public func tagBlob(_ blob: ReplayBlobReference, tags: [String: String]) async throws {
        try await setTags(tags, onBlob: blob.blobName)
    }

    public func eventCount(of blob: ReplayBlobReference) async throws -> Int {
        let bytes = try await downloadBlob(named: blob.blobName)
        let decoded = DeadLetterDecoder.decode(bytes, origin: DeadLetterOrigin(source: blob.source, blobName: blob.blobName))
        return decoded.deadLetters.count + decoded.problems.count
    }
}
