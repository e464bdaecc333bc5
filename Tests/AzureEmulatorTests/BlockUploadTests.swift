import AzureCore
import XCTest
@testable import AzureEmulator

/// Put Block + Put Block List, the way the SDKs upload large blobs.
final class BlockUploadTests: EmulatorTestCase {
    private var harness: EmulatorHarness!

    override func setUp() async throws {
        harness = try await startHarness()
        try await harness.createContainer("dlq")
    }

    private func blockID(_ n: Int) -> String { Data(String(format: "block-%06d", n).utf8).base64EncodedString() }

    private func putBlock(_ name: String, _ id: String, _ bytes: [UInt8]) async throws -> EmulatorHarness.Response {
        try await harness.send("PUT", harness.blobPath("dlq", name), query: "comp=block&blockid=\(PercentEncoding.encode(id))", body: bytes)
    }

    private func putBlockList(_ name: String, _ entries: [(String, String)], headers: [(String, String)] = []) async throws -> EmulatorHarness.Response {
        let xml = "<?xml version=\"1.0\" encoding=\"utf-8\"?><BlockList>"
            + entries.map { "<\($0.0)>\($0.1)</\($0.0)>" }.joined() + "</BlockList>"
        return try await harness.send("PUT", harness.blobPath("dlq", name), query: "comp=blocklist", headers: headers, body: Array(xml.utf8))
    }

    func testBlocksAreJoinedInListOrderAndOnlyOnCommit() async throws {
        let parts = [Array("first,".utf8), Array("second,".utf8), Array("third".utf8)]
        for (n, part) in parts.enumerated() {
            let put = try await putBlock("big.json", blockID(n), part)
            XCTAssertEqual(put.status, 201, put.text)
            XCTAssertEqual(put.header("Content-MD5"), ContentHash.md5Base64(part))
        }
        let beforeCommit = try await harness.send("HEAD", harness.blobPath("dlq", "big.json"))
        XCTAssertEqual(beforeCommit.status, 404, "uncommitted blocks are not a blob")

        // Re-staging an id replaces the block; the list decides the order.
        _ = try await putBlock("big.json", blockID(1), Array("SECOND,".utf8))
        let commit = try await putBlockList("big.json", [("Latest", blockID(1)), ("Uncommitted", blockID(0)), ("Latest", blockID(2))],
                                            headers: [("x-ms-blob-content-type", "application/json"), ("x-ms-meta-origin", "sdk")])
        XCTAssertEqual(commit.status, 201, commit.text)
        XCTAssertNotNil(commit.header("ETag"))
        let get = try await harness.send("GET", harness.blobPath("dlq", "big.json"))
        XCTAssertEqual(get.text, "SECOND,first,third")
        XCTAssertEqual(get.header("Content-Type"), "application/json")
        XCTAssertEqual(get.header("x-ms-meta-origin"), "sdk")

        // Committing dropped the staged blocks: listing them again fails.
        let again = try await putBlockList("big.json", [("Latest", blockID(0))])
        XCTAssertEqual(again.status, 400)
        XCTAssertEqual(again.errorCode, "InvalidBlockList")
    }

    func testBadRequestsAreRefusedAsAzureDoes() async throws {
        let badID = try await putBlock("a", "not base64!", [1])
        XCTAssertEqual(badID.errorCode, "InvalidQueryParameterValue")
        let tooLong = try await putBlock("a", Data(repeating: 65, count: 65).base64EncodedString(), [1])
        XCTAssertEqual(tooLong.errorCode, "InvalidQueryParameterValue")
        let unknown = try await putBlockList("a", [("Uncommitted", blockID(9))])
        XCTAssertEqual(unknown.errorCode, "InvalidBlockList")
        let committed = try await putBlockList("a", [("Committed", blockID(9))])
        XCTAssertEqual(committed.status, 501, committed.text)
        let notXML = try await harness.send("PUT", harness.blobPath("dlq", "a"), query: "comp=blocklist", body: Array("<List/>".utf8))
        XCTAssertEqual(notXML.errorCode, "InvalidXmlDocument")
        let noContainer = try await harness.send("PUT", harness.blobPath("nope", "a"), query: "comp=block&blockid=\(blockID(1))", body: [1])
        XCTAssertEqual(noContainer.errorCode, "ContainerNotFound")
    }

    func testPutBlobAndDeleteDropStagedBlocks() async throws {
        _ = try await putBlock("b", blockID(0), [1, 2, 3])
        try await harness.putBlob("dlq", "b", [9])
        let afterPut = try await putBlockList("b", [("Latest", blockID(0))])
        XCTAssertEqual(afterPut.errorCode, "InvalidBlockList")
        let get = try await harness.send("GET", harness.blobPath("dlq", "b"))
        XCTAssertEqual(get.body, [9])
    }

    func testSASNeedsWriteOrCreate() async throws {
        let readOnly = harness.serviceSAS(permissions: "r", container: "dlq")
        let refused = try await harness.send("PUT", harness.blobPath("dlq", "c"), query: "comp=block&blockid=\(PercentEncoding.encode(blockID(0)))&" + readOnly,
                                             body: [1], auth: .anonymous)
        XCTAssertEqual(refused.status, 403, refused.text)
        let writer = harness.serviceSAS(permissions: "w", container: "dlq")
        let staged = try await harness.send("PUT", harness.blobPath("dlq", "c"), query: "comp=block&blockid=\(PercentEncoding.encode(blockID(0)))&" + writer,
                                            body: [1], auth: .anonymous)
        XCTAssertEqual(staged.status, 201, staged.text)
    }

    func testStagedBytesAreBounded() async throws {
        let blocks = StagedBlocks(byteLimit: 10)
        let key = StagedBlocks.BlobKey(account: "a", container: "c", name: "n")
        try await blocks.stage(Array(repeating: 1, count: 6), id: "x", for: key)
        try await blocks.stage(Array(repeating: 2, count: 8), id: "x", for: key)  // replaces: 8 held
        do {
            try await blocks.stage([3, 3, 3], id: "y", for: key)
            XCTFail("staged past the limit")
        } catch let error as BlobServiceError {
            XCTAssertEqual(error.code, "RequestBodyTooLarge")
        }
        await blocks.discard(key)
        let held = await blocks.heldBytes
        XCTAssertEqual(held, 0)
    }
}
