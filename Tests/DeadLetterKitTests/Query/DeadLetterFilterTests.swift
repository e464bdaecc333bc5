import XCTest
@testable import DeadLetterKit

final class DeadLetterFilterTests: XCTestCase {
    private let now = Date(timeIntervalSince1970: 1_704_466_800)  // 2024-01-05T15:00:00Z
    private let update = QueryTestEvent.twinUpdate("pump-7")  // time 13:00, dead-lettered 14:00, endpoint adt-main
    private let relationship = QueryTestEvent.relationship(from: "pump-7", to: "tank-2")

    private func filter(_ flags: DeadLetterFilter.Flags) throws -> DeadLetterFilter {
        try DeadLetterFilter(flags: flags, now: now)
    }

    func testEmptyFilterMatchesEverything() throws {
        XCTAssertTrue(try filter(.init()).matches(update))
        XCTAssertTrue(DeadLetterFilter.all.matches(QueryTestEvent()))
        XCTAssertEqual(DeadLetterFilter.all.summary, "all dead letters")
        XCTAssertEqual(DeadLetterFilter.all.pushDown, .unconstrained)
    }

    func testTypesAreOredGlobs() throws {
        let types = try filter(.init(types: ["*.Relationship.*", "*.Twin.Update"]))
        XCTAssertTrue(types.matches(update))
        XCTAssertTrue(types.matches(relationship))
        XCTAssertFalse(types.matches(QueryTestEvent.telemetry("x", deadlettered: now)))
        XCTAssertFalse(try filter(.init(types: ["*.twin.update"])).matches(update))  // case-sensitive
    }

    func testTwinsMatchEitherEndOfARelationship() throws {
        XCTAssertTrue(try filter(.init(twins: ["tank-*"])).matches(relationship))
        XCTAssertTrue(try filter(.init(twins: ["pump-7"])).matches(relationship))
        XCTAssertFalse(try filter(.init(twins: ["tank-*"])).matches(update))
        XCTAssertTrue(try filter(.init(twins: ["valve-1", "tank-2"])).matches(relationship))
        XCTAssertFalse(try filter(.init(twins: ["pump"])).matches(QueryTestEvent()))
        // A conformer returning a single string works too.
        var single = QueryTestEvent()
        single[.twin] = .string("pump-7")
        XCTAssertTrue(try filter(.init(twins: ["pump-?"])).matches(single))
    }

    func testTimeEdgesSinceInclusiveUntilExclusive() throws {
        // update happened at exactly 13:00.
        XCTAssertTrue(try filter(.init(since: "2024-01-05T13:00:00Z")).matches(update))
        XCTAssertFalse(try filter(.init(since: "2024-01-05T13:00:00.000001Z")).matches(update))
        XCTAssertFalse(try filter(.init(until: "2024-01-05T13:00:00Z")).matches(update))
        XCTAssertTrue(try filter(.init(until: "2024-01-05T13:00:01Z")).matches(update))
        XCTAssertTrue(try filter(.init(since: "2h")).matches(update))  // now - 2h is 13:00
        XCTAssertFalse(try filter(.init(since: "1h59m")).matches(update))
        XCTAssertTrue(try filter(.init(since: "1d", until: "1h")).matches(update))
        XCTAssertFalse(try filter(.init(since: "1d", until: "2h")).matches(update))
        XCTAssertFalse(try filter(.init(since: "1d")).matches(QueryTestEvent()))  // no time at all
    }

    func testByDeadletterTime() throws {
        // Dead-lettered at 14:00.
        XCTAssertFalse(try filter(.init(since: "2024-01-05T13:30:00Z")).matches(update))
        XCTAssertTrue(try filter(.init(since: "2024-01-05T13:30:00Z", byDeadletterTime: true)).matches(update))
        XCTAssertFalse(try filter(.init(until: "2024-01-05T14:00:00Z", byDeadletterTime: true)).matches(update))
    }

    func testTelemetryWithoutTimeIsPlacedByItsDeadLetterTime() throws {
        let telemetry = QueryTestEvent.telemetry("pump-7", deadlettered: Date(timeIntervalSince1970: 1_704_445_200))  // 09:00
        XCTAssertTrue(try filter(.init(since: "2024-01-05T09:00:00Z", until: "2024-01-05T10:00:00Z")).matches(telemetry))
        XCTAssertFalse(try filter(.init(since: "2024-01-05T10:00:00Z")).matches(telemetry))
    }

    func testEndpointsIgnoreCaseAndReasonsToo() throws {
        XCTAssertTrue(try filter(.init(endpoints: ["ADT-*"])).matches(update))
        XCTAssertTrue(try filter(.init(endpoints: ["x", "adt-MAIN"])).matches(update))
        XCTAssertFalse(try filter(.init(endpoints: ["eg-*"])).matches(update))
        XCTAssertTrue(try filter(.init(reasons: ["timetolive*"])).matches(update))
        XCTAssertFalse(try filter(.init(reasons: ["MaxDelivery*"])).matches(update))
        // Built directly, endpoint patterns are still made case-insensitive so the filter agrees with its push-down.
        let direct = DeadLetterFilter(endpoints: [try GlobPattern("ADT-MAIN")])
        XCTAssertTrue(direct.matches(update))
        XCTAssertTrue(direct.pushDown.includesEndpoint("adt-main"))
    }

    func testIdsAreExact() throws {
        XCTAssertTrue(try filter(.init(ids: ["e-1", "e-9"])).matches(update))
        XCTAssertFalse(try filter(.init(ids: ["e-*"])).matches(update))
        XCTAssertFalse(try filter(.init(ids: ["E-1"])).matches(update))
    }

    func testCriteriaAreAnded() throws {
        let all = try filter(.init(types: ["*.Twin.*"], twins: ["pump-*"], since: "6h", until: "now",
                                   endpoints: ["adt-*"], reasons: ["TimeToLive*"], ids: ["e-1"],
                                   whereExpression: "attempts >= 4 and patch.path ~ \"/temp*\""))
        XCTAssertTrue(all.matches(update))
        var changed = update
        changed[.attempts] = .number(3)
        XCTAssertFalse(all.matches(changed))
        changed = update
        changed[.endpoint] = .string("eg-x")
        XCTAssertFalse(all.matches(changed))
        changed = update
        changed[.twin] = .list([.string("tank-1")])
        XCTAssertFalse(all.matches(changed))
        changed = update
        changed[.reason] = nil
        XCTAssertFalse(all.matches(changed))
    }

    func testSummaryAndExplanation() throws {
        let described = try filter(.init(types: ["*.Twin.*", "*.Relationship.*"], twins: ["pump-*"],
                                         since: "2024-01-05T00:00:00Z", until: "2024-01-06",
                                         endpoints: ["adt-*"], reasons: ["TimeToLive*"], ids: ["b", "a"],
                                         whereExpression: "not attempts < 2 or endpoint == 'x' and time > now - 1h"))
        XCTAssertEqual(described.summary, "type ~ *.Twin.* or *.Relationship.*; twin ~ pump-* (either end of a relationship); "
            + "time [2024-01-05T00:00:00Z, 2024-01-06T00:00:00Z); endpoint ~ adt-* (any case); reason ~ TimeToLive* (any case); "
            + "id in a, b; where not (attempts < 2) or (endpoint == \"x\" and time > 2024-01-05T14:00:00Z)")
        XCTAssertEqual(described.explanation(), """
            filter: \(described.summary)
            pushed down to the listing:
              event time: [2024-01-05T00:00:00Z, 2024-01-06T00:00:00Z)
              dead-letter time: any time
              endpoints: adt-*
              dead-letter folders scanned: [2024-01-04T23:55:00Z, 2024-01-07T01:00:00Z) (event-time window widened by 1d1h for delivery retries and 5m for clock skew)
            evaluated after decoding: every criterion above, including terms under 'or' and 'not'
            """)
        let byDeadLetter = try filter(.init(since: "1h", byDeadletterTime: true, whereExpression: "endpoint == 'a' and endpoint == 'b'"))
        XCTAssertEqual(byDeadLetter.summary, "dead-letter time >= 2024-01-05T14:00:00Z; where endpoint == \"a\" and endpoint == \"b\"")
        XCTAssertTrue(byDeadLetter.explanation().contains("  endpoints: none\n"))
        XCTAssertTrue(byDeadLetter.explanation().contains("nothing can match"))
    }

    /// One filter (with a compiled regex inside) shared by concurrent tasks, as the pipeline shares it.
    func testOneFilterSharedAcrossTasks() async throws {
        let shared = try filter(.init(types: ["*.Twin.*"], whereExpression: "twin =~ \"^pump-[0-9]*7$\" and attempts >= 4"))
        let events = (0..<2000).map { QueryTestEvent.twinUpdate("pump-\($0)", id: "e-\($0)") }
        let expected = events.filter { shared.matches($0) }.count
        XCTAssertEqual(expected, 200)
        let counts = await withTaskGroup(of: Int.self) { group in
            for _ in 0..<8 { group.addTask { events.filter { shared.matches($0) }.count } }
            return await group.reduce(into: []) { $0.append($1) }
        }
        XCTAssertEqual(counts, Array(repeating: expected, count: 8))
    }
}
