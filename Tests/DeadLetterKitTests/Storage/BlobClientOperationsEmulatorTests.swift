import AzureCore
import AzureEmulator
import XCTest
@testable import DeadLetterKit

/// Get (streamed and whole), properties, delete with If-Match, metadata, tags and copy through the emulator.
final class BlobClientOperationsEmulatorTests: XCTestCase {
    func testStreamedReadDeliversEveryByteInOrder() async throws {
        try await BlobEmulatorHarness.run { server, httpClient in
            try await server.createContainer("dlq")
            let large = (0..<1_000_000).map { UInt8(truncatingIfNeeded: $0 &* 31 &+ $0 >> 8) }
            try await server.putBlob(container: "dlq", name: "big.bin", bytes: large)
            try await server.putBlob(container: "dlq", name: "empty.json", bytes: [])
            let client = try BlobEmulatorHarness.sharedKeyClient(server, httpClient)
            var received: [UInt8] = []
            var chunks = 0
            for try await chunk in try await client.readBlob(named: "big.bin") {
                received += chunk
                chunks += 1
            }
            XCTAssertEqual(received, large)
            XCTAssertGreaterThan(chunks, 1, "the body arrives in pieces, not as one buffer")
            var emptyChunks = 0
            for try await _ in try await client.readBlob(named: "empty.json") { emptyChunks += 1 }
            XCTAssertEqual(emptyChunks, 0)
            let whole = try await client.downloadBlob(named: "big.bin")
            XCTAssertEqual(whole, large)
        }
    }

    func testMissingBlobIsReportedBeforeTheStreamStarts() async throws {
        try await BlobEmulatorHarness.run { server, httpClient in
            try await server.createContainer("dlq")
            let client = try BlobEmulatorHarness.sharedKeyClient(server, httpClient)
            do {
                _ = try await client.readBlob(named: "ep1/gone.json")
                XCTFail("no error")
            } catch let error as BlobServiceError {
                XCTAssertEqual(error.errorCode, "BlobNotFound")
                XCTAssertTrue(error.description.contains("blob 'ep1/gone.json' does not exist in container 'dlq'"), error.description)
            }
            do {
                _ = try await client.properties(of: "ep1/gone.json")
                XCTFail("no error")
            } catch let error as BlobServiceError {
                // HEAD has no body: the code comes from x-ms-error-code.
                XCTAssertEqual(error.status, 404)
                XCTAssertEqual(error.errorCode, "BlobNotFound")
            }
        }
    }

    func testPropertiesMetadataAndConditionalDelete() async throws {
        try await BlobEmulatorHarness.run { server, httpClient in
            try await server.createContainer("dlq")
            let name = "ep1/2024/1/5/13/a b.json"
            try await server.putBlob(container: "dlq", name: name, bytes: Array("{\"a\":1}".utf8), metadata: ["origin": "adt"])
            let client = try BlobEmulatorHarness.sharedKeyClient(server, httpClient)
            let before = try await client.properties(of: name)
            XCTAssertEqual(before.name, name)
            XCTAssertEqual(before.properties.contentLength, 7)
            XCTAssertEqual(before.properties.contentType, "application/json")
            XCTAssertEqual(before.properties.blobType, "BlockBlob")
            XCTAssertEqual(before.metadata, ["origin": "adt"])
            let etag = try XCTUnwrap(before.properties.etag)
            XCTAssertFalse(etag.hasPrefix("\""), "ETags are kept unquoted, as listings have them")

            try await client.setMetadata(["origin": "adt", "replayed": "2024-06-01"], onBlob: name, ifMatch: etag)
            let after = try await client.properties(of: name)
            XCTAssertEqual(after.metadata, ["origin": "adt", "replayed": "2024-06-01"])
            XCTAssertNotEqual(after.properties.etag, etag)

            do {
                try await client.deleteBlob(named: name, ifMatch: etag)
                XCTFail("deleted with a stale ETag")
            } catch let error as BlobServiceError {
                XCTAssertEqual(error.status, 412)
                XCTAssertTrue(error.description.contains("changed since it was listed"), error.description)
            }
            try await client.deleteBlob(named: name, ifMatch: after.properties.etag)
            let remaining = try await server.blobNames(container: "dlq")
            XCTAssertEqual(remaining, [])
        }
    }

    func testCopyWithSharedKeyAndWithSAS() async throws {
        try await BlobEmulatorHarness.run { server, httpClient in
            try await server.createContainer("dlq")
            try await server.putBlob(container: "dlq", name: "ep1/src & me.json", bytes: Array("payload".utf8))
            let sharedKey = try BlobEmulatorHarness.sharedKeyClient(server, httpClient)
            let result = try await sharedKey.copyBlob(from: "ep1/src & me.json", to: "quarantine/src & me.json")
            XCTAssertEqual(result.status, "success")
            XCTAssertNotNil(result.copyID)
            let copied = try await sharedKey.downloadBlob(named: "quarantine/src & me.json")
            XCTAssertEqual(copied, Array("payload".utf8))

            let sas = BlobEmulatorHarness.containerSAS(permissions: "rwl")
            let location = try BlobContainerLocation(url: server.blobEndpoint() + "/dlq?" + sas)
            let sasClient = BlobClient(location: location, authorizer: SASAuthorizer(token: location.sas!, source: .sasInContainerURL(SASSummary(permissions: "rwl"))),
                                       httpClient: httpClient, configuration: BlobClientConfiguration(retry: BlobEmulatorHarness.fastRetry))
            _ = try await sasClient.copyBlob(from: "ep1/src & me.json", to: "archive/copy.json", synchronous: false)
            let names = try await server.blobNames(container: "dlq")
            XCTAssertEqual(names, ["archive/copy.json", "ep1/src & me.json", "quarantine/src & me.json"])
        }
    }

    func testTagsAreReplaced() async throws {
        try await BlobEmulatorHarness.run { server, httpClient in
            try await server.createContainer("dlq")
            try await server.putBlob(container: "dlq", name: "t.json", bytes: [1])
            let client = try BlobEmulatorHarness.sharedKeyClient(server, httpClient)
            try await client.setTags(["a": "1", "b": "2"], onBlob: "t.json")
            try await client.setTags(["c": "3"], onBlob: "t.json")
            let page = try await client.listPage(prefix: "t", delimiter: nil, marker: nil, maxResults: nil, include: [.tags])
            XCTAssertEqual(page.page.blobs.first?.tags, ["c": "3"])
        }
    }
}
