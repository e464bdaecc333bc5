import XCTest
@testable import DeadLetterKit

final class GroupPatternAndShardTests: XCTestCase {
    func testPatternsMatchTheLastFoldersIgnoringCase() throws {
        let subscription = try GroupPattern("asb-sub-2-storage")
        XCTAssertTrue(subscription.matches(groupSegments: ["eventgridtoasb", "ASB-SUB-2-STORAGE"]))
        XCTAssertTrue(subscription.matches(groupSegments: ["ASB-SUB-2-STORAGE"]))
        XCTAssertFalse(subscription.matches(groupSegments: ["ASB-SUB-2-STORAGE", "other"]))

        let glob = try GroupPattern("ep-*")
        XCTAssertTrue(glob.matches(groupSegments: ["EP-1"]))
        XCTAssertTrue(glob.matches(groupSegments: ["ep-"]))
        XCTAssertFalse(glob.matches(groupSegments: ["ep1"]))
        XCTAssertTrue(try GroupPattern("e?1").matches(groupSegments: ["ep1"]))
        XCTAssertTrue(try GroupPattern("*").matches(groupSegments: ["anything"]))
        XCTAssertTrue(try GroupPattern("*a*b*c").matches(groupSegments: ["xxaxxbxxc"]))
        XCTAssertFalse(try GroupPattern("*a*b*c").matches(groupSegments: ["xxaxxcxxb"]))

        let topic = try GroupPattern("orders/*")
        XCTAssertTrue(topic.matches(groupSegments: ["ns1", "orders", "audit"]))
        XCTAssertFalse(topic.matches(groupSegments: ["ns1", "billing", "audit"]))
        XCTAssertFalse(topic.matches(groupSegments: ["audit"]))
        // `*` stays within one folder.
        XCTAssertFalse(try GroupPattern("ns1*").matches(groupSegments: ["ns1", "x"]))
    }

    func testPatternPruningBelowAFolder() throws {
        let pattern = try GroupPattern("ns1/*/audit")
        XCTAssertTrue(pattern.couldMatchBelow(prefixSegments: ["NS1"], groupDepth: 3))
        XCTAssertFalse(pattern.couldMatchBelow(prefixSegments: ["ns2"], groupDepth: 3))
        XCTAssertTrue(pattern.couldMatchBelow(prefixSegments: ["ns1", "orders"], groupDepth: 3))
        // With a leading container folder the pattern only constrains the last three.
        XCTAssertTrue(pattern.couldMatchBelow(prefixSegments: ["container"], groupDepth: 4))
        XCTAssertFalse(pattern.couldMatchBelow(prefixSegments: ["container", "ns2"], groupDepth: 4))
        XCTAssertFalse(pattern.couldMatchBelow(prefixSegments: [], groupDepth: 2))
    }

    func testBadPatterns() {
        XCTAssertThrowsError(try GroupPattern("")) { XCTAssertEqual($0 as? WalkPlanError, .emptyGroupPattern) }
        XCTAssertThrowsError(try GroupPattern("ns//sub")) {
            XCTAssertEqual($0 as? WalkPlanError, .groupPatternHasEmptySegment("ns//sub"))
            XCTAssertTrue("\($0)".contains("ns//sub"))
        }
    }

    func testShardSpecParsing() throws {
        let shard = try ShardSpec(parsing: "2/8")
        XCTAssertEqual(shard.index, 2)
        XCTAssertEqual(shard.count, 8)
        XCTAssertEqual(shard.description, "2/8")
        XCTAssertFalse(shard.ownsUnrecognized)
        XCTAssertTrue(try ShardSpec(parsing: " 1/1 ").ownsUnrecognized)

        for bad in ["", "2", "2/", "/8", "a/b", "2/8/1", "-1/4", "1.5/4", "1 / 4", "+1/4", "9999999999/1"] {
            XCTAssertThrowsError(try ShardSpec(parsing: bad), bad) { XCTAssertEqual($0 as? ShardSpecError, .malformed(bad)) }
        }
        XCTAssertThrowsError(try ShardSpec(parsing: "0/4")) { XCTAssertEqual($0 as? ShardSpecError, .indexOutOfRange(index: 0, count: 4)) }
        XCTAssertThrowsError(try ShardSpec(parsing: "5/4")) { XCTAssertEqual($0 as? ShardSpecError, .indexOutOfRange(index: 5, count: 4)) }
        XCTAssertThrowsError(try ShardSpec(parsing: "1/0")) { XCTAssertEqual($0 as? ShardSpecError, .countNotPositive(0)) }
        XCTAssertTrue(ShardSpecError.indexOutOfRange(index: 5, count: 4).description.contains("1 to 4"))
    }

    func testShardAssignmentIsStableAndPartitions() throws {
        // FNV-1a 64 reference values (offset basis for "", and the published value for "a").
        XCTAssertEqual(ShardSpec.fnv1a64(""), 0xcbf2_9ce4_8422_2325)
        XCTAssertEqual(ShardSpec.fnv1a64("a"), 0xaf63_dc4c_8601_ec8c)
        let shards = try (1...5).map { try ShardSpec(index: $0, count: 5) }
        for hour in 0..<500 {
            let key = "ep\(hour % 7)/2024/01/\(RFC3339.pad(hour % 28 + 1, 2))/\(RFC3339.pad(hour % 24, 2))"
            XCTAssertEqual(shards.filter { $0.owns(normalizedHourKey: key) }.count, 1, key)
        }
        // Padding and case do not move an hour to another shard.
        let shard = try ShardSpec(index: 3, count: 7)
        XCTAssertEqual(shard.owns(groupSegments: ["MY-SUB"], year: 2019, month: 8, day: 8, hour: 5),
                       shard.owns(normalizedHourKey: "my-sub/2019/08/08/05"))
    }

    func testPlanValidationAndWindows() throws {
        let since = DeadLetterTree.utc(2024, 1, 5, 10)
        let until = DeadLetterTree.utc(2024, 1, 5, 11)
        let eventPlan = WalkPlan(window: .eventTime(since: since, until: until))
        XCTAssertEqual(eventPlan.folderHourWindow.lowerBound, since)
        XCTAssertEqual(eventPlan.folderHourWindow.upperBound, until.addingTimeInterval(25 * 3600))
        let deadLetterPlan = WalkPlan(window: .deadLetterTime(from: since, to: until))
        XCTAssertEqual(deadLetterPlan.folderHourWindow.upperBound, until)
        XCTAssertTrue(WalkPlan().folderHourWindow.isUnbounded)

        XCTAssertThrowsError(try WalkPlan(window: .eventTime(since: until, until: since)).validate()) {
            XCTAssertEqual($0 as? WalkPlanError, .windowEndsBeforeItStarts(start: until, end: since))
        }
        XCTAssertThrowsError(try WalkPlan(maxDeliveryDelay: -1).validate())
        XCTAssertThrowsError(try WalkPlan(groupDepth: 0).validate())
        let lister = InMemoryBlobLister(names: [])
        XCTAssertThrowsError(try ContainerWalker(lister: lister, maxConcurrentListings: 0))
        XCTAssertThrowsError(try ContainerWalker(lister: lister, pageSize: 5001))
        XCTAssertThrowsError(try ContainerWalker(lister: lister, maxConcurrentListings: 8, maxBufferedFolders: 4))
    }
}
