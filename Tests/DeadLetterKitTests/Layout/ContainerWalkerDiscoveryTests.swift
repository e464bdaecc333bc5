import XCTest
@testable import DeadLetterKit

final class ContainerWalkerDiscoveryTests: XCTestCase {
    func testMixedTreeYieldsEverythingInOrderWithReasons() async throws {
        let lister = InMemoryBlobLister(names: MixedContainer.names.shuffled())
        let walk = try ContainerWalker(lister: lister).walk(WalkPlan())
        let items = try await walk.collect()

        XCTAssertEqual(items.map(\.blobItem.name), MixedContainer.expectedOrder.map(\.0))
        for (name, expected) in MixedContainer.expectedOrder {
            XCTAssertEqual(items.reason(for: name), expected, name)
        }
        XCTAssertEqual(items.blobNames, MixedContainer.expectedBlobs)

        let kinds = Dictionary(items.locations.map { ($0.group, $0.kind) }, uniquingKeysWith: { first, _ in first })
        XCTAssertEqual(kinds, [
            "MY-BLOB-SUBSCRIPTION": .eventGrid,
            "eventgridtoasb/ASB-SUB-2-STORAGE": .eventGrid,
            "ns1/orders/audit": .eventGridNamespace,
            "twins-ep": .adt,
        ])
        let late = try XCTUnwrap(items.locations.first { $0.fileName == "b1.json" })
        XCTAssertEqual(late.folderHour, DeadLetterTree.utc(2024, 10, 1, 0))

        let statistics = await walk.statistics()
        XCTAssertEqual(statistics.blobsYielded, 8)
        XCTAssertEqual(statistics.unrecognizedYielded, 13)
        XCTAssertEqual(statistics.groupsWalked, 4)
        XCTAssertEqual(statistics.hourFoldersListed, 7)
        let requestsMade = await lister.log.count
        XCTAssertEqual(statistics.totalListRequests, requestsMade)
        XCTAssertEqual(statistics.listRequests[.container], 1)
        XCTAssertEqual(statistics.listRequests[.hour], 7)
        // 2024/, a/b/c/d/e/, 13/, tmp/, 2/30/ and the nested sub/ are listed flat.
        XCTAssertEqual(statistics.listRequests[.unrecognizedFolder], 6)
    }

    func testEveryBlobIsYieldedExactlyOnce() async throws {
        let names = MixedContainer.names + DeadLetterTree.hours("ep9", from: DeadLetterTree.utc(2024, 2, 28, 20), count: 30)
        let items = try await ContainerWalker(lister: InMemoryBlobLister(names: names)).walk(WalkPlan()).collect()
        XCTAssertEqual(items.map(\.blobItem.name).sorted(), names.sorted())
        XCTAssertEqual(Set(items.map(\.blobItem.name)).count, items.count)
    }

    func testGroupKindIsDecidedOncePerGroupAndCanBeForced() async throws {
        let guidName = "e3b13e86-a4b8-429d-a6c2-74ba646f1c5e.json"
        // An upper-case ADT endpoint with GUID ids looks like Event Grid (the documented ambiguity) ...
        let names = ["TWINS/2024/1/5/13/\(guidName)", "TWINS/2024/1/5/14/not-a-guid.json"]
        let detected = try await ContainerWalker(lister: InMemoryBlobLister(names: names)).walk(WalkPlan()).collect()
        // ... and every blob of the group gets the kind the first one decided.
        XCTAssertEqual(detected.locations.map(\.kind), [.eventGrid, .eventGrid])

        let forced = try await ContainerWalker(lister: InMemoryBlobLister(names: names))
            .walk(WalkPlan(forcedLayout: .adt)).collect()
        XCTAssertEqual(forced.locations.map(\.kind), [.adt, .adt])

        let namespaceForced = try await ContainerWalker(lister: InMemoryBlobLister(names: names))
            .walk(WalkPlan(forcedLayout: .eventGridNamespace)).collect()
        XCTAssertEqual(namespaceForced.blobNames, [])
        XCTAssertEqual(namespaceForced.reason(for: names[0]),
                       .layoutMismatch(.tooFewGroupSegments(layout: .eventGridNamespace, found: 1)))
    }

    func testExplicitGroupDepthReadsDeeperFolders() async throws {
        // With depth 2, `container/ep1` is the group even though `container` has no year folders.
        let names = ["container/ep1/2024/1/5/13/x.json", "container/ep2/2024/1/5/13/y.json", "container/stray.txt"]
        let items = try await ContainerWalker(lister: InMemoryBlobLister(names: names))
            .walk(WalkPlan(groupDepth: 2)).collect()
        XCTAssertEqual(items.blobNames, ["container/ep1/2024/1/5/13/x.json", "container/ep2/2024/1/5/13/y.json"])
        XCTAssertEqual(items.locations.map(\.group), ["container/ep1", "container/ep2"])
        XCTAssertEqual(items.reason(for: "container/stray.txt"), .blobAboveHourFolders(folder: "container/", level: .group))
    }

    func testReasonsReadWell() {
        let reason = WalkUnrecognizedReason.underNonDateFolder(folder: "ep1/2024/13/", expected: .month)
        XCTAssertEqual(reason.description, "the blob is under 'ep1/2024/13/', which is not a valid month folder at that depth")
        XCTAssertTrue(WalkUnrecognizedReason.blobAboveHourFolders(folder: "", level: .container).description.contains("'/'"))
    }
}
