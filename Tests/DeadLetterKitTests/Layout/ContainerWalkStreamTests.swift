import XCTest
@testable import DeadLetterKit

final class ContainerWalkStreamTests: XCTestCase {
    private let names = DeadLetterTree.hours("ep1", from: DeadLetterTree.utc(2024, 1, 1), count: 200, blobsPerHour: 2)

    func testASlowConsumerHoldsTheListingBack() async throws {
        let lister = InMemoryBlobLister(names: names)
        let walk = try ContainerWalker(lister: lister, maxConcurrentListings: 4).walk(WalkPlan())
        var iterator = walk.makeAsyncIterator()
        _ = try await iterator.next()
        try await Task.sleep(nanoseconds: 200_000_000)
        let whileWaiting = await lister.log.count { $0.prefix.split(separator: "/").count == 5 }
        // At most: the folder being read, the queued batches and the look-ahead window (2 × 4).
        XCTAssertLessThanOrEqual(whileWaiting, 1 + ContainerWalk.queuedBatches + 8)
        var rest = 1
        while try await iterator.next() != nil { rest += 1 }
        XCTAssertEqual(rest, 400)
    }

    func testBreakingOutStopsTheWalk() async throws {
        let lister = InMemoryBlobLister(names: names, delayMicroseconds: 200...400)
        let walk = try ContainerWalker(lister: lister).walk(WalkPlan())
        var seen = 0
        for try await _ in walk {
            seen += 1
            if seen == 3 { break }
        }
        try await Task.sleep(nanoseconds: 100_000_000)
        let afterBreak = await lister.log.count
        try await Task.sleep(nanoseconds: 100_000_000)
        let later = await lister.log.count
        XCTAssertEqual(afterBreak, later, "listing went on after the consumer left")
        XCTAssertLessThan(later, 100)
    }

    func testAWalkIsASinglePass() async throws {
        let walk = try ContainerWalker(lister: InMemoryBlobLister(names: ["ep1/2024/1/1/0/x.json"])).walk(WalkPlan())
        let firstPass = try await walk.collect()
        XCTAssertEqual(firstPass.count, 1)
        do {
            _ = try await walk.collect()
            XCTFail("a second pass should fail")
        } catch ContainerWalkError.alreadyIterated {
        }
    }

    func testListingFailureNamesTheFolderAfterEarlierItems() async throws {
        let failing = "ep1/2024/1/1/5/"
        let lister = InMemoryBlobLister(names: names, failingPrefixes: [failing])
        var received: [WalkItem] = []
        do {
            for try await item in try ContainerWalker(lister: lister).walk(WalkPlan()) { received.append(item) }
            XCTFail("the walk should fail")
        } catch let error as ContainerWalkError {
            guard case .listingFailed(let prefix, let level, nil, _) = error else { return XCTFail("\(error)") }
            XCTAssertEqual(prefix, failing)
            XCTAssertEqual(level, .hour)
            XCTAssertEqual(error.description, "listing the hour folder 'ep1/2024/1/1/5/' failed: simulated 503 ServerBusy for 'ep1/2024/1/1/5/'")
        }
        // Items before the failing folder were delivered in order; none after it.
        XCTAssertEqual(received.blobNames, Array(names.prefix(received.count)))
        XCTAssertLessThanOrEqual(received.count, 10)
    }

    func testAListerThatRepeatsItsMarkerIsStopped() async throws {
        struct StuckLister: BlobLister {
            func listPage(prefix: String, delimiter: String?, marker: String?, maxResults: Int?) async throws -> ListBlobsPage {
                ListBlobsPage(blobPrefixes: ["ep1/"], nextMarker: "same")
            }
        }
        do {
            _ = try await ContainerWalker(lister: StuckLister()).walk(WalkPlan()).collect()
            XCTFail("the walk should fail")
        } catch ContainerWalkError.pagingStalled(let prefix, let level, let marker) {
            XCTAssertEqual(prefix, "")
            XCTAssertEqual(level, .container)
            XCTAssertEqual(marker, "same")
        }
    }

    func testFlatWalkMatchesTheTreeWalkForTheSamePlan() async throws {
        let plan = WalkPlan(groups: [try GroupPattern("twins-*"), try GroupPattern("ns1/*/*")],
                            window: .deadLetterTime(from: DeadLetterTree.utc(2023, 1, 1), to: DeadLetterTree.utc(2024, 9, 30, 23)))
        let tree = try await ContainerWalker(lister: InMemoryBlobLister(names: MixedContainer.names)).walk(plan).collect()
        let flat = try await ContainerWalker(lister: InMemoryBlobLister(names: MixedContainer.names)).walkFlat(plan).collect()
        XCTAssertEqual(Set(tree.blobNames), Set(flat.blobNames))
        XCTAssertEqual(Set(tree.blobNames), [
            "ns1/orders/audit/2023/9/23/2/\(MixedContainer.nsGUID).json", "twins-ep/2024/1/5/13/a1.json",
            "twins-ep/2024/1/5/13/a2.json", "twins-ep/2024/1/5/14/a3.json", "twins-ep/2024/9/30/23/b0.json",
        ])
        // Flat mode cannot tell a stray from a bad path, but it reports every blob that is not a dead letter.
        XCTAssertEqual(flat.reason(for: ".DS_Store"), .layoutMismatch(.notJSON(fileName: ".DS_Store")))
        XCTAssertEqual(flat.reason(for: "twins-ep/2024/13/1/1/x.json"), .layoutMismatch(.invalidMonth("13")))
    }
}
