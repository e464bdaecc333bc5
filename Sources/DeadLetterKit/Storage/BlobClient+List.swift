extension BlobClient {
    /// One List Blobs request (one page), parsed while the body streams in.
    public func listPage(prefix: String, delimiter: String?, marker: String?, maxResults: Int?,
                         include: ListBlobsInclude) async throws -> ListBlobsResult {
        var plan = BlobRequestPlan(operation: .list, method: .GET)
        plan.query = [("restype", "container"), ("comp", "list")]
        if !prefix.isEmpty { plan.query.append(("prefix", prefix)) }
        if let delimiter { plan.query.append(("delimiter", delimiter)) }
        if let marker, !marker.isEmpty { plan.query.append(("marker", marker)) }
        if let maxResults { plan.query.append(("maxresults", String(maxResults))) }
        if let include = include.queryValue { plan.query.append(("include", include)) }
        return try await perform(plan) { response, request in
            let reader = ListBlobsReader(request: request.summary)
            for try await chunk in response.body {
                try chunk.withUnsafeReadableBytes { try reader.consume($0) }
            }
            return try reader.finish()
        }
    }

    /// `BlobLister`: one page with the configured `include`.
    public func listPage(prefix: String, delimiter: String?, marker: String?, maxResults: Int?) async throws -> ListBlobsPage {
        try await listPage(prefix: prefix, delimiter: delimiter, marker: marker, maxResults: maxResults,
                           include: configuration.listInclude).page
    }

    /// All pages under `prefix`, requested one after another as the sequence is iterated.
    public func list(prefix: String = "", delimiter: String? = nil, include: ListBlobsInclude = [],
                     pageSize: Int? = nil) -> BlobPageSequence {
        BlobPageSequence(client: self, prefix: prefix, delimiter: delimiter, include: include, pageSize: pageSize)
    }
}

/// The pages of a listing as an `AsyncSequence`: each `next()` is one List Blobs request with the previous
/// `NextMarker`; it ends after the page whose marker is empty. Short pages that carry a marker are followed.
public struct BlobPageSequence: AsyncSequence, Sendable {
    public typealias Element = ListBlobsPage

    let client: BlobClient
    let prefix: String
    let delimiter: String?
    let include: ListBlobsInclude
    let pageSize: Int?

    public func makeAsyncIterator() -> Iterator {
        Iterator(sequence: self)
    }

    public struct Iterator: AsyncIteratorProtocol {
        let sequence: BlobPageSequence
        var marker: String?
        var finished = false

        init(sequence: BlobPageSequence) { self.sequence = sequence }

        public mutating func next() async throws -> ListBlobsPage? {
            guard !finished else { return nil }
            let result = try await sequence.client.listPage(prefix: sequence.prefix, delimiter: sequence.delimiter,
                                                            marker: marker, maxResults: sequence.pageSize,
                                                            include: sequence.include)
            marker = result.page.nextMarker
            finished = marker == nil
            return result.page
        }
    }
}
