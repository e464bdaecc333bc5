import Foundation
@testable import DeadLetterKit

/// A `BlobLister` over a fixed set of names with Azure's listing semantics, written by brute force (no directory
/// logic) so it can serve as the reference for the walker and the local mirror. Records every request and can force
/// small pages and random per-request delays.
struct InMemoryBlobLister: BlobLister {
    struct Request: Sendable, Hashable {
        var prefix: String
        var delimiter: String?
        var marker: String?
    }

    let names: [String]
    let maxPageSize: Int
    let delayMicroseconds: ClosedRange<Int>?
    let log = ListRequestLog()
    /// Prefixes whose listing fails, to test error reporting.
    let failingPrefixes: Set<String>

    init(names: [String], maxPageSize: Int = 5000, delayMicroseconds: ClosedRange<Int>? = nil,
         failingPrefixes: Set<String> = []) {
        self.names = names.sorted { $0.utf8.lexicographicallyPrecedes($1.utf8) }
        self.maxPageSize = maxPageSize
        self.delayMicroseconds = delayMicroseconds
        self.failingPrefixes = failingPrefixes
    }

    func listPage(prefix: String, delimiter: String?, marker: String?, maxResults: Int?) async throws -> ListBlobsPage {
        await log.record(Request(prefix: prefix, delimiter: delimiter, marker: marker))
        await log.begin()
        do {
            let page = try await answer(prefix: prefix, delimiter: delimiter, marker: marker, maxResults: maxResults)
            await log.end()
            return page
        } catch {
            await log.end()
            throw error
        }
    }

    private func answer(prefix: String, delimiter: String?, marker: String?, maxResults: Int?) async throws -> ListBlobsPage {
        if let delayMicroseconds {
            try await Task.sleep(nanoseconds: UInt64(Int.random(in: delayMicroseconds)) * 1000)
        }
        if failingPrefixes.contains(prefix) { throw TestListingFailure(prefix: prefix) }
        let limit = min(maxResults ?? 5000, maxPageSize)
        var entries: [(name: String, isPrefix: Bool)] = []
        for name in names where name.utf8.starts(with: prefix.utf8) {
            let entry = Self.fold(name, prefixLength: prefix.utf8.count, delimiter: delimiter)
            if entries.last?.name == entry.name { continue }
            if let marker, !marker.utf8.lexicographicallyPrecedes(entry.name.utf8) { continue }
            entries.append(entry)
        }
        let page = entries.prefix(limit)
        return ListBlobsPage(
            blobs: page.filter { !$0.isPrefix }.map { BlobItem(name: $0.name, properties: BlobProperties(contentLength: Int64($0.name.utf8.count))) },
            blobPrefixes: page.filter(\.isPrefix).map(\.name),
            nextMarker: entries.count > limit ? page.last?.name : nil)
    }

    private static func fold(_ name: String, prefixLength: Int, delimiter: String?) -> (name: String, isPrefix: Bool) {
        guard let delimiter, !delimiter.isEmpty else { return (name, false) }
        let bytes = Array(name.utf8), needle = Array(delimiter.utf8)
        guard bytes.count >= needle.count else { return (name, false) }
        for start in stride(from: prefixLength, through: bytes.count - needle.count, by: 1)
        where Array(bytes[start..<start + needle.count]) == needle {
            return (String(decoding: bytes[..<(start + needle.count)], as: UTF8.self), true)
        }
        return (name, false)
    }
}

struct TestListingFailure: Error, CustomStringConvertible {
    var prefix: String
    var description: String { "simulated 503 ServerBusy for '\(prefix)'" }
}

actor ListRequestLog {
    private(set) var requests: [InMemoryBlobLister.Request] = []

    func record(_ request: InMemoryBlobLister.Request) {
        requests.append(request)
    }

    var count: Int { requests.count }
    private var running = 0
    /// The most requests that were in progress at once.
    private(set) var peakConcurrency = 0

    func begin() {
        running += 1
        peakConcurrency = max(peakConcurrency, running)
    }

    func end() {
        running -= 1
    }

    func count(where predicate: (InMemoryBlobLister.Request) -> Bool) -> Int {
        requests.filter(predicate).count
    }
}
