import XCTest
@testable import DeadLetterKit

final class ContainerWalkerOrderingTests: XCTestCase {
    func testHoursComeOutChronologicallyThoughListingsSortLexically() async throws {
        var names: [String] = []
        for (month, day, hour) in [(9, 2, 1), (9, 10, 2), (9, 2, 10), (10, 1, 0), (11, 20, 3), (9, 1, 23), (12, 3, 9)] {
            names.append("ep1/2019/\(month)/\(day)/\(hour)/x.json")
        }
        names.append("ep1/2020/1/1/0/x.json")
        let tree = try await ContainerWalker(lister: InMemoryBlobLister(names: names)).walk(WalkPlan()).collect()
        let hours = tree.locations.map(\.folderHour)
        XCTAssertEqual(hours, hours.sorted())
        XCTAssertEqual(tree.blobNames.first, "ep1/2019/9/1/23/x.json")
        XCTAssertEqual(tree.blobNames.last, "ep1/2020/1/1/0/x.json")

        // A flat listing returns `2019/10` and `2019/11` before `2019/9`.
        let flat = try await ContainerWalker(lister: InMemoryBlobLister(names: names)).walkFlat(WalkPlan()).collect()
        XCTAssertEqual(flat.blobNames.first, "ep1/2019/10/1/0/x.json")
        XCTAssertNotEqual(flat.locations.map(\.folderHour), flat.locations.map(\.folderHour).sorted())
        XCTAssertEqual(Set(flat), Set(tree))
    }

    func testPaddedAndUnpaddedFoldersSortTogether() async throws {
        let names = ["ep1/2024/01/05/09/a.json", "ep1/2024/1/5/10/b.json", "ep1/2024/01/05/08/c.json", "ep1/2024/1/4/23/d.json"]
        let items = try await ContainerWalker(lister: InMemoryBlobLister(names: names)).walk(WalkPlan()).collect()
        // Padded `01` and unpadded `1` months are separate folders, each walked in numeric order.
        XCTAssertEqual(Set(items.blobNames), Set(names))
        XCTAssertEqual(items.locations.first { $0.fileName == "a.json" }?.normalizedHourKey, "ep1/2024/01/05/09")
    }

    func testOutputIsDeterministicUnderParallelListingWithRandomDelays() async throws {
        let start = DeadLetterTree.utc(2024, 5, 30, 12)
        var names = ["ep-a", "ep-b", "ep-c", "EG-SUB"].flatMap {
            DeadLetterTree.hours($0, from: start, count: 40, blobsPerHour: 3)
        }
        names += ["ep-a/2024/5/30/tmp/x.json", "stray.txt", "ep-b/2024/6/1/5/sub/y.json"]
        let sequential = try await ContainerWalker(lister: InMemoryBlobLister(names: names), maxConcurrentListings: 1)
            .walk(WalkPlan()).collect()
        XCTAssertEqual(sequential.count, names.count)

        for _ in 0..<3 {
            let lister = InMemoryBlobLister(names: names, maxPageSize: 2, delayMicroseconds: 0...1500)
            let parallel = try await ContainerWalker(lister: lister, maxConcurrentListings: 16).walk(WalkPlan()).collect()
            XCTAssertEqual(parallel, sequential)
            let peak = await lister.log.peakConcurrency
            XCTAssertGreaterThan(peak, 1, "hour folders should be listed in parallel")
            // 16 hour listings plus the discovery's own listing.
            XCTAssertLessThanOrEqual(peak, 17)
        }
    }

    func testPagingAtEveryLevelGivesTheSameWalk() async throws {
        let names = MixedContainer.names + DeadLetterTree.hours("ep9", from: DeadLetterTree.utc(2024, 2, 28, 20), count: 30,
                                                                blobsPerHour: 9)
            + ["twins-ep/2024/1/5/tmp/y.json"]
        let reference = InMemoryBlobLister(names: names)
        let unpaged = try await ContainerWalker(lister: reference).walk(WalkPlan()).collect()
        let folders = await reference.log.requests

        for pageSize in [1, 7] {
            // Pages forced by the service ...
            let serviceLimited = InMemoryBlobLister(names: names, maxPageSize: pageSize)
            let bySevice = try await ContainerWalker(lister: serviceLimited).walk(WalkPlan()).collect()
            XCTAssertEqual(bySevice, unpaged, "service page size \(pageSize)")
            // ... or asked for with maxresults.
            let requested = InMemoryBlobLister(names: names)
            let byRequest = try await ContainerWalker(lister: requested, pageSize: pageSize).walk(WalkPlan()).collect()
            XCTAssertEqual(byRequest, unpaged, "requested page size \(pageSize)")

            // Every folder took ceil(entries / pageSize) requests (at least one), and markers were followed.
            var expected = 0
            for folder in folders {
                let page = try await reference.listPage(prefix: folder.prefix, delimiter: folder.delimiter, marker: nil, maxResults: nil)
                let entries = page.blobs.count + page.blobPrefixes.count
                expected += max(1, (entries + pageSize - 1) / pageSize)
            }
            let serviceCount = await serviceLimited.log.count
            let requestedCount = await requested.log.count
            XCTAssertEqual(serviceCount, expected)
            XCTAssertEqual(requestedCount, expected)
            let withMarker = await serviceLimited.log.count { $0.marker != nil }
            XCTAssertEqual(withMarker, expected - folders.count)
            for level in [WalkLevel.container, .group, .year, .month, .day, .hour, .unrecognizedFolder] {
                let pagedAtLevel = await serviceLimited.log.requests.contains { $0.marker != nil && self.level(of: $0, in: folders) == level }
                if pageSize == 1 { XCTAssertTrue(pagedAtLevel, "no paging at level \(level)") }
            }
        }
    }

    /// The level a request listed, judged from the reference walk's first request for that prefix.
    private func level(of request: InMemoryBlobLister.Request, in folders: [InMemoryBlobLister.Request]) -> WalkLevel? {
        guard folders.contains(where: { $0.prefix == request.prefix }) else { return nil }
        if request.delimiter == nil { return .unrecognizedFolder }
        if request.prefix.isEmpty { return .container }
        let segments = request.prefix.split(separator: "/").map(String.init)
        guard let yearIndex = segments.firstIndex(where: { DateFolderName.year($0) != nil }) else { return .group }
        return [WalkLevel.year, .month, .day, .hour][min(3, segments.count - 1 - yearIndex)]
    }
}
