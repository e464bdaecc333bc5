import AzureCore
import AzureEmulator
import XCTest
@testable import DeadLetterKit

/// `--after delete|tag` against the emulator's Blob service: a blob goes only once all its events were acknowledged.
final class ReplayAfterActionTests: XCTestCase {
    private var harness: ReplayEmulatorHarness!
    private var client: BlobClient!

    override func setUp() async throws {
        harness = try await ReplayEmulatorHarness.start()
        try await harness.server.createContainer("deadletters")
        let location = try BlobContainerLocation(endpoint: harness.server.blobEndpoint(), containerName: "deadletters")
        let authorizer = try SharedKeyAuthorizer(accountName: StorageConnectionString.developmentAccountName,
                                                 accountKey: StorageConnectionString.developmentAccountKey, source: .developmentStorage)
        client = BlobClient(location: location, authorizer: authorizer, httpClient: harness.http)
    }

    override func tearDown() async throws { try await harness.shutdown() }

    /// Blobs `ep/<n>.json` with one event each, and `ep/pair.json` holding an array of two; returns their dead
    /// letters read back the way the pipeline would (origin with blob name, index and ETag).
    private func seed(badEvent: String? = nil) async throws -> [DeadLetter] {
        var letters: [DeadLetter] = []
        for n in 0..<5 {
            var json = ReplayTestEvents.twinUpdateJSON(id: "b\(n)", twin: "t\(n)", deadLettered: false)
            if badEvent == "b\(n)" { json = json.replacingOccurrences(of: "2024-01-05T13:00:00.1234567Z", with: "not a time") }
            letters += try await put("ep/\(n).json", [json])
        }
        letters += try await put("ep/pair.json", [ReplayTestEvents.twinUpdateJSON(id: "p0", twin: "p", deadLettered: false),
                                                  ReplayTestEvents.twinUpdateJSON(id: "p1", twin: "p", deadLettered: false)])
        return letters
    }

    private func put(_ name: String, _ events: [String]) async throws -> [DeadLetter] {
        let text = events.count == 1 ? events[0] : "[" + events.joined(separator: ",") + "]"
        try await harness.server.putBlob(container: "deadletters", name: name, bytes: Array(text.utf8))
        let properties = try await client.properties(of: name).properties
        let origin = DeadLetterOrigin(source: client.location.description, blobName: name, blobProperties: properties)
        return DeadLetterDecoder.decode(Array(text.utf8), origin: origin).deadLetters
    }

    private func run(_ letters: [DeadLetter], after: ReplayAfterAction, filtered: Bool = false) async throws -> ReplaySummary {
        let configuration = ReplayConfiguration(afterAction: after, sourceIsFiltered: filtered)
        return try await harness.runner(try harness.eventGridTarget(settings: ReplayTargetSettings(maxBatchEvents: 2)),
                                        configuration: configuration, blobActions: client)
            .run(events: ReplayTestSource(letters: letters))
    }

    func testDeleteNeverRemovesABlobWithAFailedEvent() async throws {
        let letters = try await seed(badEvent: "b3")
        let summary = try await run(letters, after: .delete)
        XCTAssertEqual(summary.sent, 6)
        XCTAssertEqual(summary.failed, 1)
        XCTAssertEqual(summary.blobsDeleted, 5)
        XCTAssertEqual(summary.blobsKept, 1)
        XCTAssertEqual(summary.blobIssues.map(\.blob), [client.location.description + "/ep/3.json"])
        let remaining = try await harness.server.blobNames(container: "deadletters")
        XCTAssertEqual(remaining, ["ep/3.json"])
    }

    func testDeleteRefusesABlobChangedSinceItWasRead() async throws {
        let letters = try await seed()
        // Someone rewrites ep/1.json after it was read: its ETag no longer matches.
        try await harness.server.putBlob(container: "deadletters", name: "ep/1.json", bytes: Array(ReplayTestEvents.twinUpdateJSON(id: "new", twin: "t").utf8))
        let summary = try await run(letters, after: .delete)
        XCTAssertEqual(summary.blobsDeleted, 5)
        XCTAssertEqual(summary.blobIssues.count, 1)
        XCTAssertTrue(summary.blobIssues[0].problem.contains("412"), summary.blobIssues[0].problem)
        let remaining = try await harness.server.blobNames(container: "deadletters")
        XCTAssertEqual(remaining, ["ep/1.json"])
    }

    func testFilteredRunKeepsBlobsItDidNotReplayWhole() async throws {
        let letters = try await seed().filter { $0.attributes.id != "p1" }
        let summary = try await run(letters, after: .delete, filtered: true)
        XCTAssertEqual(summary.sent, 6)
        XCTAssertEqual(summary.blobsDeleted, 5)
        XCTAssertTrue(summary.blobIssues.first?.problem.contains("a filter left the others out") == true)
        let remaining = try await harness.server.blobNames(container: "deadletters")
        XCTAssertEqual(remaining, ["ep/pair.json"])
    }

    func testTagMarksReplayedBlobs() async throws {
        let letters = try await seed()
        let summary = try await run(letters, after: .tag)
        XCTAssertEqual(summary.blobsTagged, 6)
        let remainingCount = try await harness.server.blobNames(container: "deadletters").count
        XCTAssertEqual(remainingCount, 6)
    }

    func testKeepTouchesNothing() async throws {
        let summary = try await run(try await seed(), after: .keep)
        XCTAssertEqual(summary.blobsDeleted + summary.blobsTagged + summary.blobsKept, 0)
        let remainingCount = try await harness.server.blobNames(container: "deadletters").count
        XCTAssertEqual(remainingCount, 6)
    }
}
