import XCTest
@testable import DeadLetterKit

/// Pages are handed on as they are parsed, and the look-ahead is bounded by listed entries rather than by folders.
final class ContainerWalkerPageHandOffTests: XCTestCase {
    private let names = DeadLetterTree.hours("ep1", from: DeadLetterTree.utc(2024, 1, 1), count: 10, blobsPerHour: 60)

    func testTheFirstPageOfAFolderIsYieldedWhileItsNextPageIsStillBeingListed() async throws {
        let firstFolder = DeadLetterTree.hourFolder("ep1", DeadLetterTree.utc(2024, 1, 1))
        let gate = ListingGate()
        let lister = GatedLister(inner: InMemoryBlobLister(names: names), gatedPrefix: firstFolder, gate: gate)
        let walk = try ContainerWalker(lister: lister, pageSize: 5).walk(WalkPlan())
        var iterator = walk.makeAsyncIterator()
        var firstPage: [WalkItem] = []
        for _ in 0..<5 {
            let item = try await iterator.next()
            firstPage.append(try XCTUnwrap(item))
        }
        // Had the walker waited for the whole folder, the items above could only arrive once the gate opened.
        let openedByTimeout = await gate.open()
        XCTAssertFalse(openedByTimeout, "the first page was held back until the folder's second page was answered")
        XCTAssertEqual(firstPage.blobNames, Array(names.prefix(5)))
        var rest: [WalkItem] = []
        while let item = try await iterator.next() { rest.append(item) }
        XCTAssertEqual((firstPage + rest).blobNames, names)
    }

    func testLookAheadIsBoundedByListedEntriesNotByFolders() async throws {
        // Pages of 10 entries, 60 blobs per folder: a look-ahead of 30 entries is three pages, not eight folders.
        let lister = InMemoryBlobLister(names: names, maxPageSize: 10)
        let walker = try ContainerWalker(lister: lister, maxConcurrentListings: 4, maxBufferedEntries: 30)
        var iterator = try walker.walk(WalkPlan()).makeAsyncIterator()
        _ = try await iterator.next()
        try await Task.sleep(nanoseconds: 200_000_000)
        let hourRequests = await lister.log.count { $0.prefix.split(separator: "/").count == 5 }
        // The head folder: the page being read, two queued, one being handed over, one more listed (5 pages);
        // ahead of it: 30 entries (3 pages). A folder-bounded look-ahead (8 folders) would have made ~48 requests.
        XCTAssertLessThanOrEqual(hourRequests, 8)
        var count = 1
        while try await iterator.next() != nil { count += 1 }
        XCTAssertEqual(count, names.count)
    }

    func testOutputIsTheSameForEveryPageSizeAndLookAhead() async throws {
        var mixed = MixedContainer.names
        mixed += DeadLetterTree.hours("ep9", from: DeadLetterTree.utc(2024, 2, 28, 20), count: 12, blobsPerHour: 23)
        mixed += ["ep9/2024/2/28/21/sub/nested-a.json", "ep9/2024/2/28/21/sub/nested-b.json", "ep9/2024/2/28/21/other/c.json"]
        let sequential = try ContainerWalker(lister: InMemoryBlobLister(names: mixed), maxConcurrentListings: 1,
                                             maxBufferedEntries: 0).walk(WalkPlan())
        let reference = try await sequential.collect()
        let referenceStatistics = await sequential.statistics()
        XCTAssertEqual(reference.count, mixed.count)
        for (pageSize, lookAhead) in [(1, 0), (3, 5), (7, 40), (5000, 10_000)] {
            let lister = InMemoryBlobLister(names: mixed, maxPageSize: pageSize, delayMicroseconds: 0...300)
            let walk = try ContainerWalker(lister: lister, maxConcurrentListings: 8, maxBufferedEntries: lookAhead).walk(WalkPlan())
            let items = try await walk.collect()
            XCTAssertEqual(items, reference, "page size \(pageSize), look-ahead \(lookAhead)")
            let statistics = await walk.statistics()
            XCTAssertEqual(statistics.blobsYielded + statistics.unrecognizedYielded, mixed.count)
            XCTAssertEqual(statistics.hourFoldersListed, referenceStatistics.hourFoldersListed)
            // Every entry arrives on exactly one page, whatever the page size.
            XCTAssertEqual(statistics.entriesListed, referenceStatistics.entriesListed)
        }
    }

    func testBatchesNeverExceedTheBatchLimitWhateverThePageSize() async throws {
        let big = DeadLetterTree.hours("ep1", from: DeadLetterTree.utc(2024, 1, 1), count: 1, blobsPerHour: 2_500)
        let channel = WalkItemChannel(capacity: ContainerWalk.queuedBatches)
        let walker = try ContainerWalker(lister: InMemoryBlobLister(names: big))
        let started = await channel.start { await walker.runTreeWalk(WalkPlan(), into: $0) }
        XCTAssertTrue(started)
        var sizes: [Int] = []
        while let batch = try await channel.receive() { sizes.append(batch.count) }
        XCTAssertEqual(sizes.reduce(0, +), 2_500)
        XCTAssertLessThanOrEqual(sizes.max() ?? 0, ContainerWalk.maxBatchItems)
    }
}

/// Holds back every request for the second and later pages of one folder until the test opens the gate (or, so
/// that a regression fails instead of hanging, until 10 s have passed).
struct GatedLister: BlobLister {
    let inner: InMemoryBlobLister
    let gatedPrefix: String
    let gate: ListingGate

    func listPage(prefix: String, delimiter: String?, marker: String?, maxResults: Int?) async throws -> ListBlobsPage {
        if prefix == gatedPrefix, marker != nil { await gate.wait() }
        return try await inner.listPage(prefix: prefix, delimiter: delimiter, marker: marker, maxResults: maxResults)
    }
}

actor ListingGate {
    private var isOpen = false
    private var openedByTimeout = false
    private var waiting: [CheckedContinuation<Void, Never>] = []

    func wait() async {
        guard !isOpen else { return }
        let timeout = Task { [weak self] in
            try await Task.sleep(nanoseconds: 10_000_000_000)
            await self?.openByTimeout()
        }
        await withCheckedContinuation { waiting.append($0) }
        timeout.cancel()
    }

    /// Opens the gate; true if it had already been opened by the timeout.
    func open() -> Bool {
        release()
        return openedByTimeout
    }

    private func openByTimeout() {
        guard !isOpen else { return }
        openedByTimeout = true
        release()
    }

    private func release() {
        isOpen = true
        for continuation in waiting { continuation.resume() }
        waiting = []
    }
}
