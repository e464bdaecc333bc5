import AzureEmulator
import XCTest
@testable import DeadLetterKit

/// The scanner over the emulator's List Blobs: pages handed on one by one give the same ordered output, and an hour
/// folder whose listing fails for good is named in the summary while the rest of the container is read.
final class DeadLetterScannerListingEmulatorTests: XCTestCase {
    private static let hours = [3, 4, 5]
    private static let blobsPerHour = 7
    private static let failingFolder = "ep-1/2026/1/10/4/"

    private static var names: [String] {
        hours.flatMap { hour in (0..<blobsPerHour).map { "ep-1/2026/1/10/\(hour)/blob-\(1000 + $0).json" } }
    }

    private static func seed(_ server: EmulatorServer) async throws {
        try await server.createContainer("dlq")
        for name in names {
            try await server.putBlob(container: "dlq", name: name, bytes: Array(ScannerTestEvents.event(id: name).utf8))
        }
    }

    private static func scan(lister: any BlobLister, reader: any BlobReader) async throws -> (ids: [String], summary: RunSummary) {
        var options = ScanOptions()
        options.concurrency = 4
        var ids: [String] = []
        let summary = try await DeadLetterScanner(source: .container(lister: lister, reader: reader, description: "emulator"),
                                                  options: options).run { deadLetter in
            ids.append(deadLetter.attributes.id ?? "")
            return .continue
        }
        return (ids, summary)
    }

    func testPagesOfThreeGiveTheSameOrderedExportAsWholeFolders() async throws {
        try await BlobEmulatorHarness.run { server, httpClient in
            try await Self.seed(server)
            let client = try BlobEmulatorHarness.sharedKeyClient(server, httpClient)
            let whole = try await Self.scan(lister: client, reader: client)
            XCTAssertEqual(whole.ids, Self.names)

            await server.setFaults(FaultPlan(maxPageSize: 3), for: .blob)
            await server.resetCounters()
            let paged = try await Self.scan(lister: client, reader: client)
            XCTAssertEqual(paged.ids, whole.ids)
            XCTAssertEqual(paged.summary.matched, Self.names.count)
            XCTAssertTrue(paged.summary.allBlobsRead)
            // Container, group, year, month and day (one page each), then three pages for each 7-blob hour folder.
            let listRequests = await server.counters[BlobOperation.listBlobs]
            XCTAssertEqual(listRequests, 5 + Self.hours.count * 3)
        }
    }

    func testAnHourFolderThatFailsForGoodIsNamedAndTheRestIsRead() async throws {
        try await BlobEmulatorHarness.run { server, httpClient in
            try await Self.seed(server)
            // A second emulator that answers every request with 503: the folder routed to it fails after the client's
            // retries, as a folder does when the service keeps refusing it.
            var busy = EmulatorConfiguration()
            busy.faults = [.blob: FaultPlan(serverBusyRate: 1, retryAfterSeconds: 0)]
            let busyServer = try await EmulatorServer.start(busy)
            do {
                let healthy = try BlobEmulatorHarness.sharedKeyClient(server, httpClient)
                let refusing = try BlobEmulatorHarness.sharedKeyClient(busyServer, httpClient)
                let lister = FolderRoutingLister(healthy: healthy, refusing: refusing, refusedPrefix: Self.failingFolder)
                let result = try await Self.scan(lister: lister, reader: healthy)
                XCTAssertEqual(result.ids, Self.names.filter { !$0.hasPrefix(Self.failingFolder) })
                let summary = result.summary
                XCTAssertEqual(summary.matched, 2 * Self.blobsPerHour)
                XCTAssertEqual(summary.blobsRead, 2 * Self.blobsPerHour)
                XCTAssertFalse(summary.allBlobsRead, "output is missing a folder: the run must exit 2")
                XCTAssertEqual(summary.failedFolders.map(\.name), [Self.failingFolder])
                XCTAssertEqual(summary.failedBlobs, [], "a folder is not a blob: listed = read + not read + skipped still holds")
                XCTAssertEqual(summary.blobsListed, summary.blobsRead + summary.failedBlobs.count + summary.skippedBlobs.count)
                let text = RunSummaryRenderer.text(summary)
                XCTAssertTrue(text.contains("1 folder could not be listed:\n  \(Self.failingFolder): "), text)
                let reason = try XCTUnwrap(summary.failedFolders.first?.reason)
                XCTAssertTrue(reason.hasPrefix("the hour folder could not be listed, so its blobs are missing: "), reason)
                XCTAssertTrue(reason.contains("503"), reason)
                XCTAssertTrue(reason.contains("12 attempts"), reason)
            } catch {
                try? await busyServer.shutdown()
                throw error
            }
            try await busyServer.shutdown()
        }
    }
}

/// Lists one folder through a client whose server refuses every request, everything else through a healthy one.
struct FolderRoutingLister: BlobLister {
    let healthy: BlobClient
    let refusing: BlobClient
    let refusedPrefix: String

    func listPage(prefix: String, delimiter: String?, marker: String?, maxResults: Int?) async throws -> ListBlobsPage {
        let client = prefix == refusedPrefix ? refusing : healthy
        return try await client.listPage(prefix: prefix, delimiter: delimiter, marker: marker, maxResults: maxResults)
    }
}
