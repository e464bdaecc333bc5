import XCTest
@testable import DeadLetterKit

final class ContainerWalkerPruningTests: XCTestCase {
    /// 30 days × 24 hours × 10 blobs in one ADT endpoint.
    private let month = DeadLetterTree.hours("ep1", from: DeadLetterTree.utc(2024, 1, 1), count: 30 * 24, blobsPerHour: 10)

    func testOneHourWindowListsOnlyThatHourAndTheLevelsAbove() async throws {
        let lister = InMemoryBlobLister(names: month)
        let from = DeadLetterTree.utc(2024, 1, 15, 10)
        let plan = WalkPlan(window: .deadLetterTime(from: from, to: from.addingTimeInterval(3599)))
        let walk = try ContainerWalker(lister: lister).walk(plan)
        let items = try await walk.collect()

        XCTAssertEqual(items.blobNames, month.filter { $0.hasPrefix("ep1/2024/1/15/10/") })
        XCTAssertEqual(items.count, 10)
        let requests = await lister.log.requests
        XCTAssertEqual(requests.map(\.prefix), ["", "ep1/", "ep1/2024/", "ep1/2024/1/", "ep1/2024/1/15/", "ep1/2024/1/15/10/"])
        let statistics = await walk.statistics()
        XCTAssertEqual(statistics.totalListRequests, 6)
        XCTAssertEqual(statistics.listRequests, [.container: 1, .group: 1, .year: 1, .month: 1, .day: 1, .hour: 1])
        XCTAssertEqual(statistics.entriesListed, 1 + 1 + 1 + 30 + 24 + 10)
        XCTAssertEqual(statistics.foldersPrunedByTime, [.day: 29, .hour: 23])

        // The same question answered by a flat listing: every blob of the month crosses the wire.
        let flatLister = InMemoryBlobLister(names: month)
        let flatWalk = try ContainerWalker(lister: flatLister).walkFlat(plan)
        let flatItems = try await flatWalk.collect()
        XCTAssertEqual(flatItems.blobNames, items.blobNames)
        let flatStatistics = await flatWalk.statistics()
        XCTAssertEqual(flatStatistics.listRequests, [.flat: 2])   // 7200 blobs at 5000 per page
        XCTAssertEqual(flatStatistics.entriesListed, 7200)
        XCTAssertEqual(flatStatistics.blobsFilteredOut, 7190)

        // With small pages (a throttled or Azurite-like service) the flat listing costs one request per page.
        let smallPages = InMemoryBlobLister(names: month, maxPageSize: 100)
        _ = try await ContainerWalker(lister: smallPages).walkFlat(plan).collect()
        let smallPageRequests = await smallPages.log.count
        XCTAssertEqual(smallPageRequests, 72)
        let prunedSmallPages = InMemoryBlobLister(names: month, maxPageSize: 100)
        _ = try await ContainerWalker(lister: prunedSmallPages).walk(plan).collect()
        let prunedSmallPageRequests = await prunedSmallPages.log.count
        XCTAssertEqual(prunedSmallPageRequests, 6)
    }

    func testOneHourEventTimeWindowIsWidenedByTheDeliveryDelay() async throws {
        let lister = InMemoryBlobLister(names: month)
        let since = DeadLetterTree.utc(2024, 1, 15, 10)
        let plan = WalkPlan(window: .eventTime(since: since, until: since.addingTimeInterval(3599)))
        let walk = try ContainerWalker(lister: lister).walk(plan)
        let items = try await walk.collect()
        // Hours 15th 10:00 … 16th 11:00 (until + 25 h = 16th 11:59:59): 26 hour folders over 2 days.
        XCTAssertEqual(items.count, 26 * 10)
        let statistics = await walk.statistics()
        XCTAssertEqual(statistics.listRequests, [.container: 1, .group: 1, .year: 1, .month: 1, .day: 2, .hour: 26])
        XCTAssertEqual(statistics.totalListRequests, 32)
    }

    func testLateDeadLetterIsFoundWithAnEventTimeWindow() async throws {
        let eventTime = DeadLetterTree.utc(2024, 3, 10, 8, 30)
        let names = [
            DeadLetterTree.hourFolder("ep1", eventTime.addingTimeInterval(-2 * 3600)) + "early.json",
            DeadLetterTree.hourFolder("ep1", eventTime) + "ontime.json",
            DeadLetterTree.hourFolder("ep1", eventTime.addingTimeInterval(20 * 3600)) + "late.json",
            DeadLetterTree.hourFolder("ep1", eventTime.addingTimeInterval(27 * 3600)) + "toolate.json",
        ]
        let window = (eventTime.addingTimeInterval(-1800), eventTime.addingTimeInterval(1800))
        let byEventTime = try await ContainerWalker(lister: InMemoryBlobLister(names: names))
            .walk(WalkPlan(window: .eventTime(since: window.0, until: window.1))).collect()
        XCTAssertEqual(byEventTime.blobNames, ["ep1/2024/3/10/8/ontime.json", "ep1/2024/3/11/4/late.json"])
        XCTAssertEqual(byEventTime.locations.last?.folderHour, eventTime.addingTimeInterval(20 * 3600 - 1800))

        // The same window on dead-letter time is not widened.
        let byDeadLetterTime = try await ContainerWalker(lister: InMemoryBlobLister(names: names))
            .walk(WalkPlan(window: .deadLetterTime(from: window.0, to: window.1))).collect()
        XCTAssertEqual(byDeadLetterTime.blobNames, ["ep1/2024/3/10/8/ontime.json"])

        // A shorter configured delay drops the late one.
        let shortDelay = try await ContainerWalker(lister: InMemoryBlobLister(names: names))
            .walk(WalkPlan(window: .eventTime(since: window.0, until: window.1), maxDeliveryDelay: 3600)).collect()
        XCTAssertEqual(shortDelay.blobNames, ["ep1/2024/3/10/8/ontime.json"])
    }

    func testGroupFilteringIsCaseInsensitiveAndSkipsOtherGroups() async throws {
        let start = DeadLetterTree.utc(2024, 1, 1)
        let names = ["ep1", "ep2", "ep3", "MY-SUB", "other"].flatMap { DeadLetterTree.hours($0, from: start, count: 3) }
        let patterns = [try GroupPattern("EP2"), try GroupPattern("my-*")]

        let detecting = InMemoryBlobLister(names: names)
        let walk = try ContainerWalker(lister: detecting).walk(WalkPlan(groups: patterns))
        let items = try await walk.collect()
        XCTAssertEqual(Set(items.locations.map(\.group)), ["ep2", "MY-SUB"])
        XCTAssertEqual(items.count, 2 * 3 * 2)
        // Detecting groups costs one listing of each group folder; nothing below a pruned group is listed.
        let listedBelowPruned = await detecting.log.count { request in
            ["ep1/", "ep3/", "other/"].contains { request.prefix.hasPrefix($0) && request.prefix != $0 }
        }
        XCTAssertEqual(listedBelowPruned, 0)
        let statistics = await walk.statistics()
        XCTAssertEqual(statistics.groupsPruned, 3)
        XCTAssertEqual(statistics.groupsWalked, 2)

        // Knowing the depth skips the other groups without listing them at all.
        let knowingDepth = InMemoryBlobLister(names: names)
        let depthWalk = try ContainerWalker(lister: knowingDepth).walk(WalkPlan(groups: patterns, groupDepth: 1))
        let depthItems = try await depthWalk.collect()
        XCTAssertEqual(depthItems, items)
        let prefixesListed = Set(await knowingDepth.log.requests.map(\.prefix))
        XCTAssertFalse(prefixesListed.contains("ep1/"))
        XCTAssertFalse(prefixesListed.contains("other/"))
        let depthStatistics = await depthWalk.statistics()
        XCTAssertEqual(depthStatistics.totalListRequests, statistics.totalListRequests - 3)
    }

    func testGroupPatternPrunesLeadingFoldersWhenTheDepthIsKnown() async throws {
        let start = DeadLetterTree.utc(2024, 1, 1)
        let names = ["ns1/orders/audit", "ns1/orders/billing", "ns2/orders/audit"].flatMap {
            DeadLetterTree.hours($0, from: start, count: 2)
        }
        let lister = InMemoryBlobLister(names: names)
        let items = try await ContainerWalker(lister: lister)
            .walk(WalkPlan(groups: [try GroupPattern("NS1/*/audit")], groupDepth: 3)).collect()
        XCTAssertEqual(Set(items.locations.map(\.group)), ["ns1/orders/audit"])
        XCTAssertTrue(items.locations.allSatisfy { $0.kind == .eventGridNamespace })
        let prefixes = await lister.log.requests.map(\.prefix)
        XCTAssertFalse(prefixes.contains { $0.hasPrefix("ns2/") })
        XCTAssertFalse(prefixes.contains("ns1/orders/billing/"))
    }
}
