import AzureEmulator
import XCTest
@testable import DeadLetterKit

/// Listing through the emulator: paging at 1, 7 and 5000, names that need escaping, delimiters, metadata and tags.
final class BlobClientListingEmulatorTests: XCTestCase {
    static let awkwardNames = [
        "ep1/2024/1/5/13/a&b.json", "ep1/2024/1/5/13/<lt>gt.json", "ep1/2024/1/5/13/\"quoted\".json",
        "ep1/2024/1/5/13/it's.json", "ep1/2024/1/5/13/100%.json", "ep1/2024/1/5/13/%2F-not-a-slash.json",
        "ep1/2024/1/5/13/a+b=c.json", "ep1/2024/1/5/13/with space and  two.json", "ep1/2024/1/5/13/ünïcødé-测试-🙂.json",
        "ep1/2024/1/5/13/x\u{FFFF}y.json", "ep1/2024/1/5/13/?query#hash;semi.json", "ep 2/2024/1/5/13/é.json",
    ]

    func testPagingAtOneSevenAndDefault() async throws {
        try await BlobEmulatorHarness.run { server, httpClient in
            try await server.createContainer("dlq")
            let names = (0..<23).map { "ep1/2024/1/\($0 % 3 + 1)/\($0 % 24)/event-\($0).json" }
            for name in names { try await server.putBlob(container: "dlq", name: name, bytes: BlobEmulatorHarness.content(for: name)) }
            let client = try BlobEmulatorHarness.sharedKeyClient(server, httpClient)
            for (pageSize, expectedPages) in [(1, 23), (7, 4), (5000, 1)] {
                await server.resetCounters()
                let (listed, pages) = try await BlobEmulatorHarness.listAll(client, pageSize: pageSize)
                XCTAssertEqual(listed, names.sorted(), "pageSize \(pageSize)")
                XCTAssertEqual(pages, expectedPages, "pageSize \(pageSize)")
                let counters = await server.counters
                XCTAssertEqual(counters[AzureEmulator.BlobOperation.listBlobs], expectedPages)
            }
        }
    }

    func testFiveThousandPerPageOverMoreThanFiveThousandBlobs() async throws {
        try await BlobEmulatorHarness.run { server, httpClient in
            try await server.createContainer("big")
            let names = (0..<5_003).map { String(format: "ep1/2024/1/5/13/%05d.json", $0) }
            for name in names { try await server.putBlob(container: "big", name: name, bytes: [UInt8(ascii: "{"), UInt8(ascii: "}")]) }
            let client = try BlobEmulatorHarness.sharedKeyClient(server, httpClient, container: "big")
            var pageSizes: [Int] = []
            var listed: [String] = []
            for try await page in client.list(pageSize: 5000) {
                pageSizes.append(page.blobs.count)
                listed += page.blobs.map(\.name)
            }
            XCTAssertEqual(pageSizes, [5000, 3])
            XCTAssertEqual(listed, names)
            // Without maxresults the service default (5000) applies.
            let (all, pages) = try await BlobEmulatorHarness.listAll(client, pageSize: nil)
            XCTAssertEqual(all.count, 5_003)
            XCTAssertEqual(pages, 2)
        }
    }

    func testNamesThatNeedEscapingRoundTrip() async throws {
        try await BlobEmulatorHarness.run { server, httpClient in
            try await server.createContainer("dlq")
            for name in Self.awkwardNames {
                try await server.putBlob(container: "dlq", name: name, bytes: BlobEmulatorHarness.content(for: name))
            }
            let client = try BlobEmulatorHarness.sharedKeyClient(server, httpClient)
            for pageSize in [1, 5, 5000] {
                let (listed, _) = try await BlobEmulatorHarness.listAll(client, pageSize: pageSize)
                XCTAssertEqual(Set(listed), Set(Self.awkwardNames), "pageSize \(pageSize)")
                XCTAssertEqual(listed.count, Self.awkwardNames.count)
            }
            for name in Self.awkwardNames {
                let bytes = try await client.downloadBlob(named: name)
                XCTAssertEqual(bytes, BlobEmulatorHarness.content(for: name), name)
                let properties = try await client.properties(of: name)
                XCTAssertEqual(properties.properties.contentLength, Int64(bytes.count), name)
            }
            // A prefix with spaces and non-ASCII, and a delimiter walk over the awkward tree.
            let (spaced, _) = try await BlobEmulatorHarness.listAll(client, prefix: "ep 2/", pageSize: nil)
            XCTAssertEqual(spaced, ["ep 2/2024/1/5/13/é.json"])
            let top = try await client.listPage(prefix: "", delimiter: "/", marker: nil, maxResults: nil, include: [])
            XCTAssertEqual(top.page.blobPrefixes, ["ep 2/", "ep1/"])
            XCTAssertEqual(top.page.blobs, [])
        }
    }

    func testDelimiterPagesWithMarkersAndIncludes() async throws {
        try await BlobEmulatorHarness.run { server, httpClient in
            try await server.createContainer("dlq")
            for endpoint in ["ep-a", "ep-b", "ep-c"] {
                for hour in 0..<3 {
                    let name = "\(endpoint)/2024/1/5/\(hour)/e.json"
                    try await server.putBlob(container: "dlq", name: name, bytes: [1, 2, 3], metadata: ["origin": endpoint])
                }
            }
            let client = try BlobEmulatorHarness.sharedKeyClient(server, httpClient, listInclude: [.metadata])
            var prefixes: [String] = []
            var marker: String?
            repeat {
                let page = try await client.listPage(prefix: "", delimiter: "/", marker: marker, maxResults: 1)
                prefixes += page.blobPrefixes
                marker = page.nextMarker
            } while marker != nil
            XCTAssertEqual(prefixes, ["ep-a/", "ep-b/", "ep-c/"])

            let page = try await client.listPage(prefix: "ep-b/2024/1/5/", delimiter: nil, marker: nil, maxResults: nil)
            XCTAssertEqual(page.blobs.map(\.name), ["ep-b/2024/1/5/0/e.json", "ep-b/2024/1/5/1/e.json", "ep-b/2024/1/5/2/e.json"])
            XCTAssertEqual(page.blobs.map(\.metadata), Array(repeating: ["origin": "ep-b"], count: 3))
            XCTAssertEqual(page.blobs[0].properties.contentLength, 3)
            XCTAssertEqual(page.blobs[0].properties.blobType, "BlockBlob")
            XCTAssertNotNil(page.blobs[0].properties.etag)
            XCTAssertNotNil(page.blobs[0].properties.lastModified)

            try await client.setTags(["state": "replayed", "by": "deadletter 0.1/a+b=c:d_e-f"], onBlob: "ep-a/2024/1/5/0/e.json")
            let tagged = try await client.listPage(prefix: "ep-a/2024/1/5/0/", delimiter: nil, marker: nil, maxResults: nil, include: [.tags])
            XCTAssertEqual(tagged.page.blobs.first?.tags, ["state": "replayed", "by": "deadletter 0.1/a+b=c:d_e-f"])
        }
    }

    func testMissingContainerNamesIt() async throws {
        try await BlobEmulatorHarness.run { server, httpClient in
            let client = try BlobEmulatorHarness.sharedKeyClient(server, httpClient, container: "nosuch")
            do {
                _ = try await client.listPage(prefix: "", delimiter: nil, marker: nil, maxResults: nil)
                XCTFail("listing a missing container succeeded")
            } catch let error as BlobServiceError {
                XCTAssertEqual(error.status, 404)
                XCTAssertEqual(error.errorCode, "ContainerNotFound")
                XCTAssertTrue(error.description.contains("container 'nosuch' does not exist at \(server.blobEndpoint())"), error.description)
                XCTAssertTrue(error.description.hasPrefix("List Blobs GET \(server.blobEndpoint())/nosuch?restype=container&comp=list"), error.description)
            }
        }
    }
}
