import Foundation
import XCTest

/// Every filter flag and the `--where` language, through the emulator, on the `triage` container whose eight dead
/// letters are known field by field (order: td-1, ru-1 from EG-SUB; tc-1, tu-1, rc-1, rd-1, te-1 from ep-alpha;
/// late-1 from ep-late).
final class FilterEndToEndTests: XCTestCase {
    static let emulator = EndToEndEmulator()

    override class func tearDown() {
        emulator.stopAndWait()
        super.tearDown()
    }

    /// `ls triage <filters> --format jsonl`: the ids, in output order; the run must succeed.
    private func ids(_ filters: [String], file: StaticString = #filePath, line: UInt = #line) async throws -> [String] {
        let context = try await Self.emulator.start()
        let result = try await context.run(["ls", context.url(EndToEndContainers.triage), "--format", "jsonl", "--quiet"] + filters)
        XCTAssertEqual(result.exitCode, 0, result.transcript, file: file, line: line)
        return CLIOutput.ids(result, file: file, line: line)
    }

    func testNoFilterListsEveryDeadLetterInBlobThenIndexOrder() async throws {
        let all = try await ids([])
        XCTAssertEqual(all, ["td-1", "ru-1", "tc-1", "tu-1", "rc-1", "rd-1", "te-1", "late-1"])
    }

    func testTypeIsAGlobAndRepeatedTypesAreAlternatives() async throws {
        let relationships = try await ids(["--type", "Microsoft.DigitalTwins.Relationship.*"])
        XCTAssertEqual(relationships, ["ru-1", "rc-1", "rd-1"])
        let createOrDelete = try await ids(["--type", "*.Twin.Create", "--type", "*.Twin.Delete"])
        XCTAssertEqual(createOrDelete, ["td-1", "tc-1"])
        let telemetry = try await ids(["--type", "microsoft.iot.*"])
        XCTAssertEqual(telemetry, ["te-1"])
        let exact = try await ids(["--type", "Microsoft.DigitalTwins.Twin.Update"])
        XCTAssertEqual(exact, ["tu-1", "late-1"])
    }

    func testTwinMatchesTwinEventsTelemetryAndEitherEndOfARelationship() async throws {
        // room-1: its own Create and the relationship it is the source of.
        let room1 = try await ids(["--twin", "room-1"])
        XCTAssertEqual(room1, ["tc-1", "rc-1"])
        // sensor-9: target of rel-1 and the twin of the telemetry.
        let sensor = try await ids(["--twin", "sensor-9"])
        XCTAssertEqual(sensor, ["rc-1", "te-1"])
        // room-2: its Update and the relationship from floor-1 that targets it.
        let room2 = try await ids(["--twin", "room-2"])
        XCTAssertEqual(room2, ["tu-1", "rd-1"])
        // room-3 through the Event Grid schema: the Delete (subject) and the relationship Update (source end).
        let room3 = try await ids(["--twin", "room-3"])
        XCTAssertEqual(room3, ["td-1", "ru-1"])
        let floors = try await ids(["--twin", "floor-*"])
        XCTAssertEqual(floors, ["rd-1"])
        let glob = try await ids(["--twin", "room-?", "--type", "*.Relationship.*"])
        XCTAssertEqual(glob, ["ru-1", "rc-1", "rd-1"])
    }

    func testEndpointIsACaseInsensitiveGlobOverEndpointsAndSubscriptions() async throws {
        let subscription = try await ids(["--endpoint", "eg-sub"])
        XCTAssertEqual(subscription, ["td-1", "ru-1"])
        let upper = try await ids(["--endpoint", "EP-*"])
        XCTAssertEqual(upper, ["tc-1", "tu-1", "rc-1", "rd-1", "te-1", "late-1"])
        let both = try await ids(["--endpoint", "EP-ALPHA", "--endpoint", "Eg-Sub"])
        XCTAssertEqual(both, ["td-1", "ru-1", "tc-1", "tu-1", "rc-1", "rd-1", "te-1"])
    }

    func testEndpointOnTheSampleMatchesEventGridAndNamespaceSubscriptionFolders() async throws {
        let context = try await Self.emulator.start()
        let sample = context.url(EndToEndContainers.sample)
        let lower = try await context.run(["ls", sample, "--endpoint", "twin-router-sub", "--format", "jsonl", "-q"])
        let upper = try await context.run(["ls", sample, "--endpoint", "TWIN-ROUTER-SUB", "--format", "jsonl", "-q"])
        XCTAssertEqual(lower.exitCode, 0, lower.transcript)  // the bad blobs are under another endpoint, pruned away
        XCTAssertEqual(lower.stdout, upper.stdout)
        let rows = CLIOutput.jsonLines(lower)
        XCTAssertGreaterThan(rows.count, 10)
        XCTAssertTrue(rows.allSatisfy { $0["endpoint"] as? String == "TWIN-ROUTER-SUB" })
        // A namespace topic's dead letters are under <namespace>/<topic>/<subscription>/: the subscription is the endpoint.
        let namespace = try await context.run(["ls", sample, "--endpoint", "audit-sub", "--format", "jsonl", "-q"])
        let namespaceRows = CLIOutput.jsonLines(namespace)
        XCTAssertGreaterThan(namespaceRows.count, 0, namespace.transcript)
        XCTAssertTrue(namespaceRows.allSatisfy { ($0["blob"] as? String)?.hasPrefix("contoso-ns/twin-topic/audit-sub/") == true })
    }

    func testReasonIsAGlobOnTheDeadLetterReason() async throws {
        let maxDelivery = try await ids(["--reason", "MaxDelivery*"])
        XCTAssertEqual(maxDelivery, ["td-1"])
        let exceeded = try await ids(["--reason", "*Exceeded"])
        XCTAssertEqual(exceeded, ["td-1", "ru-1"])
    }

    func testIdIsRepeatable() async throws {
        let two = try await ids(["--id", "tu-1", "--id", "rd-1"])
        XCTAssertEqual(two, ["tu-1", "rd-1"])
        let none = try await ids(["--id", "no-such-id"])
        XCTAssertEqual(none, [])
    }

    func testWhereExpressionsOverEachKindOfField() async throws {
        let cases: [(String, [String])] = [
            ("attempts >= 10", ["td-1"]),
            (#"patch.path == "/temperature""#, ["tu-1"]),
            ("data.temperature > 30", ["te-1"]),
            (#"target_twin == "room-2""#, ["rd-1"]),
            (#"source_twin ~ "room-*""#, ["ru-1", "rc-1"]),
            (#"model == "dtmi:test:Room;1""#, ["td-1", "tc-1", "tu-1", "late-1"]),
            (#"relationship in ["rel-1", "rel-2"]"#, ["rc-1", "rd-1"]),
            ("reason exists", ["td-1", "ru-1"]),
            ("not reason exists", ["tc-1", "tu-1", "rc-1", "rd-1", "te-1", "late-1"]),
            (#"(type ~ "*.Twin.*" or twin == "sensor-9") and not endpoint == "EP-LATE""#, ["td-1", "tc-1", "tu-1", "rc-1", "te-1"]),
            (#"blob ~ "ep-late/*""#, ["late-1"]),
            (#"id =~ "^t[cu]-""#, ["tc-1", "tu-1"]),
            ("time >= 2026-01-10T04:00:00Z and time < 2026-01-10T05:00:00Z", ["rc-1", "rd-1"]),
            (#"outcome == "Busy" and reason =~ "^TimeToLive""#, ["ru-1"]),
        ]
        for (expression, expected) in cases {
            let found = try await ids(["--where", expression])
            XCTAssertEqual(found, expected, "--where '\(expression)'")
        }
    }

    func testFiltersCombineWithAnd() async throws {
        let found = try await ids(["--type", "*.Relationship.*", "--twin", "room-2", "--endpoint", "ep-alpha"])
        XCTAssertEqual(found, ["rd-1"])
        let whereAndFlag = try await ids(["--twin", "room-3", "--where", "attempts < 10"])
        XCTAssertEqual(whereAndFlag, ["ru-1"])
    }

    func testWhereParseErrorPointsAtTheColumnAndExits1() async throws {
        let context = try await Self.emulator.start()
        let expression = #"type ~ "x" and and"#
        let result = try await context.run(["ls", context.url(EndToEndContainers.triage), "--where", expression])
        XCTAssertEqual(result.exitCode, 1, result.transcript)
        XCTAssertEqual(result.stdout, "", result.transcript)
        XCTAssertTrue(result.stderr.contains("column 16"), result.transcript)
        // The expression is echoed and a caret stands under the offending token.
        let lines = result.stderr.components(separatedBy: "\n")
        let echoed = try XCTUnwrap(lines.firstIndex { $0.hasSuffix(expression) }, result.transcript)
        XCTAssertLessThan(echoed + 1, lines.count)
        let caretLine = lines[echoed + 1]
        let expressionStart = lines[echoed].count - expression.count
        XCTAssertEqual(caretLine.firstIndex(of: "^").map { caretLine.distance(from: caretLine.startIndex, to: $0) },
                       expressionStart + 15, result.transcript)

        let unknown = try await context.run(["ls", context.url(EndToEndContainers.triage), "--where", #"attempts > 1 and colour == "red""#])
        XCTAssertEqual(unknown.exitCode, 1, unknown.transcript)
        XCTAssertTrue(unknown.stderr.contains("unknown field 'colour' at column 18"), unknown.transcript)
        XCTAssertTrue(unknown.stderr.contains("valid fields"), unknown.transcript)

        let typed = try await context.run(["ls", context.url(EndToEndContainers.triage), "--where", #"attempts > "x""#])
        XCTAssertEqual(typed.exitCode, 1, typed.transcript)
        XCTAssertTrue(typed.stderr.contains("column 12"), typed.transcript)
    }

    func testInvalidGlobIsAUsageError() async throws {
        let context = try await Self.emulator.start()
        let result = try await context.run(["ls", context.url(EndToEndContainers.triage), "--type", "Microsoft.[Twin"])
        XCTAssertEqual(result.exitCode, 1, result.transcript)
        XCTAssertTrue(result.stderr.contains("--type"), result.transcript)
    }
}
