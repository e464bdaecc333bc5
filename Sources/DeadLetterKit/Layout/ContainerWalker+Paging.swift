/// One folder's listing gathered over all its pages (following `nextMarker`).
struct WalkFolderListing: Sendable {
    var blobs: [BlobItem] = []
    var prefixes: [String] = []
}

extension ContainerWalker {
    /// Lists one folder completely, one request per page, counting each request for its level.
    func listFolder(_ prefix: String, delimiter: String?, level: WalkLevel,
                    statistics: inout WalkStatistics) async throws -> WalkFolderListing {
        var listing = WalkFolderListing()
        var marker: String?
        repeat {
            let page = try await listPage(prefix, delimiter: delimiter, marker: marker, level: level)
            statistics.countRequest(level, entries: page.blobs.count + page.blobPrefixes.count)
            listing.blobs += page.blobs
            listing.prefixes += page.blobPrefixes
            marker = try nextMarker(after: page, previous: marker, prefix: prefix, level: level)
        } while marker != nil
        return listing
    }

    /// One List Blobs request, with failures wrapped so that they name the folder and page.
    func listPage(_ prefix: String, delimiter: String?, marker: String?, level: WalkLevel) async throws -> ListBlobsPage {
        try Task.checkCancellation()
        do {
            return try await lister.listPage(prefix: prefix, delimiter: delimiter, marker: marker, maxResults: pageSize)
        } catch let error as CancellationError {
            throw error
        } catch {
            throw ContainerWalkError.listingFailed(prefix: prefix, level: level, marker: marker, underlying: error)
        }
    }

    /// The marker for the next page, nil when the listing is complete; refuses a marker that does not advance.
    func nextMarker(after page: ListBlobsPage, previous: String?, prefix: String, level: WalkLevel) throws -> String? {
        guard let next = page.nextMarker, !next.isEmpty else { return nil }
        if next == previous { throw ContainerWalkError.pagingStalled(prefix: prefix, level: level, marker: next) }
        return next
    }
}
