@testable import DeadLetterKit
import Foundation
import XCTest

/// `StatsKeys(_:dimensions:)` reads the times always and the other keys only for the dimensions grouped by.
final class StatsKeysDeadLetterTests: XCTestCase {
    private let relationship = #"{"specversion":"1.0","id":"1","type":"Microsoft.DigitalTwins.Relationship.Create","source":"h","#
        + #""subject":"a/relationships/r1","time":"2024-01-05T13:02:11Z","data":{"$relationshipId":"r1","$sourceId":"a","$targetId":"b"}}"#

    func testEveryDimensionGivesItsKey() throws {
        var event = try EventTestSupport.deadLetter(json: relationship)
        event.origin.endpoint = "ep1"
        event.origin.folderHour = RFC3339.parse("2024-01-05T14:00:00Z")
        let keys = StatsKeys(event, dimensions: StatsDimension.allCases)
        XCTAssertEqual(keys.type, "Microsoft.DigitalTwins.Relationship.Create")
        XCTAssertEqual(keys.twin, "a", "a relationship is grouped under its source twin")
        XCTAssertEqual(keys.endpoint, "ep1")
        XCTAssertNil(keys.reason, "ADT dead letters record no reason")
        XCTAssertNil(keys.model, "relationship events name no model")
        XCTAssertEqual(keys.eventTime, RFC3339.parse("2024-01-05T13:02:11Z"))
        XCTAssertEqual(keys.deadLetteredTime, RFC3339.parse("2024-01-05T14:00:00Z"))
    }

    func testKeysNotGroupedByAreLeftOut() throws {
        var event = try EventTestSupport.deadLetter(json: relationship)
        event.origin.endpoint = "ep1"
        let keys = StatsKeys(event, dimensions: [.twin])
        XCTAssertEqual(keys.twin, "a")
        XCTAssertNil(keys.type)
        XCTAssertNil(keys.endpoint)
        XCTAssertEqual(keys.eventTime, RFC3339.parse("2024-01-05T13:02:11Z"), "times are read for every report")
        let none = StatsKeys(event, dimensions: [])
        XCTAssertEqual(none, StatsKeys(eventTime: RFC3339.parse("2024-01-05T13:02:11Z")))
    }

    func testModelComesFromTheFullADTView() throws {
        let created = try EventTestSupport.deadLetter("adt/notifications-2022/twin-create.cloudevents.json")
        let keys = StatsKeys(created, dimensions: [.model])
        XCTAssertEqual(keys.model, "dtmi:examplecom:interfaceName;1")
        XCTAssertEqual(keys.twin, "example-twin1", "the model's ADT view names the twin too")
    }
}
