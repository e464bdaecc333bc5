import NIOHTTP1

/// One logical Blob request before it is signed: what `BlobClient+Send` turns into an HTTP request on every attempt.
struct BlobRequestPlan: Sendable {
    var operation: StorageOperation
    var method: HTTPMethod
    /// nil for container-level requests (List Blobs).
    var blobName: String?
    /// The request's own query parameters, unencoded (a SAS is added by the authorizer).
    var query: [(name: String, value: String)] = []
    var headers: [(name: String, value: String)] = []
    var body: [UInt8]?
    /// Statuses that mean success for this operation (e.g. 202 for Delete Blob).
    var successStatuses: Set<UInt> = [200]
    var isIdempotent: Bool

    init(operation: StorageOperation, method: HTTPMethod, blobName: String? = nil) {
        self.operation = operation
        self.method = method
        self.blobName = blobName
        isIdempotent = RetryPolicy.isIdempotent(method: method.rawValue)
    }
}
