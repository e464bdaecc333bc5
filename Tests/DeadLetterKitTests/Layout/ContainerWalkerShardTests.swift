import XCTest
@testable import DeadLetterKit

final class ContainerWalkerShardTests: XCTestCase {
    func testShardsCoverEveryHourFolderExactlyOnce() async throws {
        let start = DeadLetterTree.utc(2024, 12, 30, 0)
        let names = ["ep1", "ep2", "MY-SUB"].flatMap { DeadLetterTree.hours($0, from: start, count: 72, blobsPerHour: 2) }
            + ["stray.txt", "ep1/2024/12/tmp/x.json"]
        let allHours = Set(names.compactMap { try? BlobLayoutParser.parse($0).get().normalizedHourKey })
        XCTAssertEqual(allHours.count, 3 * 72)

        for count in 1...6 {
            var hoursSeen: [String: Int] = [:]
            var blobsSeen: [String] = []
            var skipped = 0
            for index in 1...count {
                let plan = WalkPlan(shard: try ShardSpec(index: index, count: count))
                let walk = try ContainerWalker(lister: InMemoryBlobLister(names: names)).walk(plan)
                let items = try await walk.collect()
                for key in Set(items.locations.map(\.normalizedHourKey)) { hoursSeen[key, default: 0] += 1 }
                blobsSeen += items.map(\.blobItem.name)
                XCTAssertEqual(items.unrecognizedNames.sorted(), index == 1 ? ["ep1/2024/12/tmp/x.json", "stray.txt"] : [],
                               "shard \(index)/\(count)")
                skipped += await walk.statistics().hourFoldersSkippedByShard
            }
            XCTAssertEqual(Set(hoursSeen.keys), allHours, "n = \(count)")
            XCTAssertTrue(hoursSeen.values.allSatisfy { $0 == 1 }, "n = \(count): an hour was walked twice")
            XCTAssertEqual(blobsSeen.sorted(), names.sorted(), "n = \(count)")
            XCTAssertEqual(skipped, (count - 1) * allHours.count)
        }
    }

    func testFlatModeShardsTheSameWay() async throws {
        let start = DeadLetterTree.utc(2024, 1, 1)
        let names = DeadLetterTree.hours("ep1", from: start, count: 48, blobsPerHour: 1) + ["junk.bin"]
        for index in 1...3 {
            let plan = WalkPlan(shard: try ShardSpec(index: index, count: 3))
            let tree = try await ContainerWalker(lister: InMemoryBlobLister(names: names)).walk(plan).collect()
            let flat = try await ContainerWalker(lister: InMemoryBlobLister(names: names)).walkFlat(plan).collect()
            // Same blobs; the reasons for junk differ (flat mode only sees the path, not where the walk met it).
            XCTAssertEqual(Set(tree.map(\.blobItem.name)), Set(flat.map(\.blobItem.name)), "shard \(index)/3")
            XCTAssertEqual(Set(tree.locations), Set(flat.locations), "shard \(index)/3")
        }
    }
}
