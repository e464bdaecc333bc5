/// One page of List Blobs, computed from the index without touching blobs outside the page.
struct BlobListingRequest: Sendable {
    var prefix: String = ""
    /// Empty means a flat listing.
    var delimiter: String = ""
    /// Resume at the first name ≥ this (the decoded marker).
    var startName: String?
    var maxResults: Int
}

enum BlobListingItem: Sendable {
    case blob(BlobRecord)
    case prefix(String)
}

struct BlobListingPage: Sendable {
    var items: [BlobListingItem]
    /// The name the next page starts at; nil when the listing is complete.
    var nextName: String?
}

extension SortedBlobIndex {
    /// Blobs and (with a delimiter) BlobPrefix groups, each counting once towards `maxResults`. A group is skipped
    /// with one binary search, so a page costs O(maxResults · log n) however many blobs a group holds.
    func list(_ request: BlobListingRequest) -> BlobListingPage {
        let prefixBytes = Array(request.prefix.utf8)
        let delimiterBytes = Array(request.delimiter.utf8)
        var startKey = prefixBytes
        if let start = request.startName, ByteOrder.compare(start, prefixBytes) > 0 { startKey = Array(start.utf8) }

        var position = lowerBound(startKey)
        var items: [BlobListingItem] = []
        items.reserveCapacity(min(request.maxResults, 5000))
        while position != endPosition {
            let record = record(at: position)
            guard ByteOrder.hasPrefix(record.name, prefixBytes) else { break }
            if items.count >= request.maxResults { return BlobListingPage(items: items, nextName: record.name) }
            if !delimiterBytes.isEmpty, let groupEnd = Self.endOfDelimiter(in: record.name, after: prefixBytes.count, delimiter: delimiterBytes) {
                let group = Array(record.name.utf8.prefix(groupEnd))
                items.append(.prefix(String(decoding: group, as: UTF8.self)))
                guard let next = ByteOrder.successor(ofPrefix: group) else { break }
                position = lowerBound(next)
                continue
            }
            items.append(.blob(record))
            position = self.position(after: position)
        }
        return BlobListingPage(items: items, nextName: nil)
    }

    /// Byte offset just past the first occurrence of `delimiter` at or after `start`, or nil.
    static func endOfDelimiter(in name: String, after start: Int, delimiter: [UInt8]) -> Int? {
        let bytes = Array(name.utf8)
        guard bytes.count >= start + delimiter.count else { return nil }
        var i = start
        while i + delimiter.count <= bytes.count {
            if bytes[i] == delimiter[0], bytes[i..<(i + delimiter.count)].elementsEqual(delimiter) { return i + delimiter.count }
            i += 1
        }
        return nil
    }
}
